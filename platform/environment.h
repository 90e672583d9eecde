#pragma once

#include <optional>
#include <string>

namespace parley {

// Reads an environment variable and removes it from this process's
// environment, overwriting its bytes where the OS lets us, so a secret passed
// that way (PARLEY_VAULT_PASSPHRASE) is neither inherited by a child nor left
// readable in /proc/PID/environ. Nothing when it is not set.
std::optional<std::string> take_environment_variable(const std::string& name);

}  // namespace parley
