#pragma once

#include "vault/credential-store.h"

#include <memory>
#include <string>

namespace parley {

// The operating system's credential store for one profile. `profile` is an
// opaque, stable identifier of the profile (the canonical PARLEY_HOME path);
// it scopes every item so profiles stay apart. Implemented once per OS:
// credentials-libsecret.cpp, credentials-wincred.cpp, credentials-keychain.mm.
std::unique_ptr<CredentialStore> make_os_credential_store(const std::string& profile);

}  // namespace parley
