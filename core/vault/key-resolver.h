#pragma once

#include "providers/provider-profile.h"
#include "vault/credential-store.h"
#include "vault/secret.h"

#include <functional>
#include <optional>
#include <string>

namespace parley {

enum class KeySource { os_store, file_vault, environment, none_needed, missing };

const char* to_string(KeySource source);

struct ResolvedKey {
    KeySource source = KeySource::missing;
    Secret key;
    std::string detail;  // e.g. the environment variable's name
};

// Finds the key for a provider: the OS credential store first, then the
// encrypted file vault, then the kind's or preset's environment variable
// (OPENAI_API_KEY...), but only when the profile points at that vendor's own
// https endpoint: a variable meant for one vendor never travels to a custom
// base URL. A local OpenAI-compatible server may need no key.
class KeyResolver {
public:
    using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

    KeyResolver(CredentialStore* os_store, CredentialStore* file_vault, EnvLookup env);

    ResolvedKey resolve(const ProviderProfile& profile) const;
    // The environment variable that may serve this provider (its base URL is
    // the vendor's own endpoint), or "".
    static std::string env_variable_for(const ProviderProfile& profile);

private:
    CredentialStore* os_store_;
    CredentialStore* file_vault_;
    EnvLookup env_;
};

}  // namespace parley
