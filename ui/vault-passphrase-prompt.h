#pragma once

#include "vault/secret.h"

class wxWindow;

namespace parley {

// Asks for the encrypted key vault's passphrase in a password dialog.
// Throws std::runtime_error when the user cancels.
Secret ask_vault_passphrase(wxWindow* parent);

}  // namespace parley
