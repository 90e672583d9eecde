#pragma once

namespace parley {

// Called first thing by parley and parley-cli: a crash must not write the
// keys, the vault passphrase or the chat text held in memory to a core file,
// and other processes of the same user must not attach a debugger to read
// them. Builds for debugging (PARLEY_SANITIZE, or PARLEY_HARDEN_PROCESS=OFF)
// link process-hardening-off.cpp instead, so sanitizers and debuggers work.
void harden_process();

}  // namespace parley
