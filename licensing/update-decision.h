#pragma once

#include "cloudfront-url.h"
#include "release-manifest.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley::licensing {

// A release as `release publish` stored it: the manifest's exact bytes and
// its minisign signature, verified on the way in with the release public key
// the service was given (the service never holds the release secret key).
struct PublishedRelease {
    std::string manifest_bytes;
    std::string signature;
    ReleaseManifest manifest;  // parsed from manifest_bytes
};

struct UpdateQuery {
    std::string version;  // the caller's
    std::string platform;
    std::string channel;
    // The caller's license (none for an evaluation copy): the last day its
    // updates are covered, YYYY-MM-DD, or nullopt for no limit.
    bool licensed = false;
    std::optional<std::string> updates_until;
};

// Which channels a caller on `channel` may be offered: beta testers also get
// stable releases, stable users only stable ones.
bool channel_offers(const std::string& caller_channel, const std::string& release_channel);

// The newest release the caller is entitled to: in its channel, with an
// artifact for its platform, not expired at `now`, newer than its version,
// and released no later than the end of its updates_until day (an
// evaluation copy is entitled to every release). nullopt: no update.
std::optional<PublishedRelease> choose_update(const std::vector<PublishedRelease>& releases, const UpdateQuery& query,
                                              std::int64_t now);

// The answer's JSON text for the updater: {"update":false}, or the manifest
// (base64), its signature and the artifact's signed download URL.
struct DownloadSigning {
    std::string base_url;  // https://dxxxx.cloudfront.net
    CloudFrontSigning key;
    std::int64_t lifetime_s = 600;
};
std::string update_answer_json(const std::optional<PublishedRelease>& release, const std::string& platform,
                               const DownloadSigning& signing, std::int64_t now);

}  // namespace parley::licensing
