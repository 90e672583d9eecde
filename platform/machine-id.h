#pragma once

#include "vault/secret.h"

namespace parley {

// The operating system's id of this machine, read fresh each time. Throws
// MachineIdError (licensing/machine-fingerprint.h) when there is none; never
// invents one. Implemented once per OS: machine-id-linux.cpp,
// machine-id-windows.cpp, machine-id-macos.cpp.
Secret read_machine_id();

}  // namespace parley
