#pragma once

#include "api-router.h"
#include "license-store.h"
#include "update-decision.h"

#include <functional>
#include <optional>

namespace parley::licensing {

// What the update endpoint needs: the store (licenses and releases), the
// CloudFront signing key (nullopt when serve has no --cloudfront-* flags),
// the per-license rate limit and the clock.
struct UpdateDesk {
    LicenseStore& store;
    std::optional<DownloadSigning> signing;
    RateLimiter& per_license;
    std::function<std::int64_t()> now;
};

// POST /api/update/check {product, version, platform, channel, fingerprint,
// license_key}: 200 with update_answer_json's answer; 400 for a malformed
// body, 403 for an unknown or revoked license (an empty key is an evaluation
// copy, which gets updates), 503 when updates are not configured.
Endpoint update_check_endpoint(UpdateDesk& desk);

}  // namespace parley::licensing
