#pragma once

#include "cloudfront-url.h"
#include "minisign.h"
#include "release-manifest.h"

#include <cstdint>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

// What the updater trusts: release keys, download hosts, CloudFront keys.
struct UpdateTrust {
    std::vector<MinisignPublicKey> release_keys;
    std::vector<std::string> hosts;
    std::vector<CloudFrontPublicKey> cloudfront_keys;
};

// The trust compiled into this build (-DPARLEY_RELEASE_PUBLIC_KEYS,
// -DPARLEY_UPDATE_HOSTS, -DPARLEY_CLOUDFRONT_PUBLIC_KEYS).
UpdateTrust build_time_update_trust();

// A check the updater refused (exit code 7): the message says which.
class UpdateRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct OfferContext {
    std::string installed_version;
    std::string platform;
    std::string channel;
    std::uint64_t highest_serial = 0;
    std::set<std::string> blocklist;
    std::int64_t now = 0;  // fixed once per run
};

struct VerifiedOffer {
    ReleaseManifest manifest;
    ReleaseArtifact artifact;
    std::string url;
    std::string trusted_comment;
};

// The service's answer to POST /api/update/check, checked in the contract's
// order, failing closed: signature by a trusted release key, not expired,
// serial not below the highest seen, version newer than the installed one,
// product/channel/platform, URL https on a trusted host, CloudFront
// signature, expiry and path. nullopt when the service offers no update (or
// only a version this machine has blocklisted).
std::optional<VerifiedOffer> verify_update_answer(std::string_view answer, const UpdateTrust& trust,
                                                  const OfferContext& context);

}  // namespace parley
