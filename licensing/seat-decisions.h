#pragma once

#include "license-store.h"
#include "licensing/license-envelope.h"

#include <cstdint>
#include <optional>
#include <string>

namespace parley::licensing {

struct SeatPolicy {
    std::int64_t grace_seconds = 14 * 86400;          // offline grace an active answer grants
    std::int64_t release_after_seconds = 30 * 86400;  // a machine silent this long frees its seat
};

// A validated request: the key in canonical form (nullopt when the text can
// never be a key), the fingerprint as 64 lower-case hex digits.
struct LicenseRequest {
    std::optional<std::string> license_key;
    std::string fingerprint;
    std::string nonce;
    std::string app_version;
    std::string platform;
};

struct Decision {
    LicenseAnswer answer;
    std::optional<std::int64_t> license_id;  // for the access log: never the key
};

// Whether a machine still holds a seat at `now`.
bool holds_seat(const MachineRecord& machine, std::int64_t now, const SeatPolicy& policy);

// Binds the machine to the license if a seat is free (or it holds one
// already) and answers for it; one store transaction.
Decision validate_license(LicenseStore& store, const LicenseRequest& request, const SeatPolicy& policy,
                          std::int64_t now);

// Frees the machine's seat.
Decision deactivate_license(LicenseStore& store, const LicenseRequest& request, const SeatPolicy& policy,
                            std::int64_t now);

}  // namespace parley::licensing
