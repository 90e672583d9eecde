#pragma once

#include "vault/secret.h"

namespace parley {

// Asks for the encrypted key vault's passphrase in a password dialog over
// whichever window is active when it asks. The profile keeps this callback
// for as long as the app runs, so it must not hold on to the window that
// happened to need it first (a dialog closed since). UI thread only. Throws
// std::runtime_error when the user cancels.
Secret ask_vault_passphrase();

// Asks for the passphrase of a key vault about to be created, twice. Throws
// std::runtime_error when the user cancels, the two differ or it is empty.
Secret ask_new_vault_passphrase();

}  // namespace parley
