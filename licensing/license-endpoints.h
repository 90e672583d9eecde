#pragma once

#include "api-router.h"
#include "seat-decisions.h"

#include "crypto/ed25519-signer.h"

#include <functional>

namespace parley::licensing {

// What the license endpoints share: the store, the answer-signing key, the
// seat policy, the per-license rate limit and the clock (seconds since the
// epoch, UTC).
struct LicenseDesk {
    LicenseStore& store;
    const Ed25519Signer& signer;
    SeatPolicy policy;
    RateLimiter& per_license;
    std::function<std::int64_t()> now;
};

// POST /api/license/validate and /api/license/deactivate: every answer,
// refusals included, is HTTP 200 with a signed envelope.
Endpoint validate_endpoint(LicenseDesk& desk);
Endpoint deactivate_endpoint(LicenseDesk& desk);

}  // namespace parley::licensing
