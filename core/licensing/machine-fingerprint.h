#pragma once

#include "vault/secret.h"

#include <stdexcept>
#include <string>
#include <string_view>

namespace parley {

// The operating system has no machine id to offer (a minimal container, an
// unreadable file). There is deliberately no fallback: a random id would make
// every run a new machine and eat the license's seats.
class MachineIdError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What the app calls itself when deriving its per-application machine id.
inline constexpr std::string_view kFingerprintAppId = "io.parley.Parley";

// lower-hex HMAC-SHA256(key = machine id, message = "io.parley.Parley"): the
// only form of the machine id that leaves the process (the raw id identifies
// the host to every other program too; this one is Parley's alone).
std::string machine_fingerprint(const Secret& machine_id);

}  // namespace parley
