#include "update-decision.h"

#include "crypto/base64.h"
#include "util/utc-time.h"

#include <nlohmann/json.hpp>

namespace parley::licensing {

bool channel_offers(const std::string& caller_channel, const std::string& release_channel) {
    return release_channel == caller_channel || (caller_channel == "beta" && release_channel == "stable");
}

std::optional<PublishedRelease> choose_update(const std::vector<PublishedRelease>& releases, const UpdateQuery& query,
                                              std::int64_t now) {
    std::optional<std::int64_t> covered_until;
    if (query.licensed && query.updates_until) {
        const auto day = parse_utc_date(*query.updates_until);
        covered_until = day ? *day + 86400 : 0;
    }
    const PublishedRelease* best = nullptr;
    for (const auto& release : releases) {
        const ReleaseManifest& m = release.manifest;
        if (!channel_offers(query.channel, m.channel) || !m.artifacts.contains(query.platform) || m.expires <= now)
            continue;
        if (compare_versions(m.version, query.version) <= 0) continue;
        if (covered_until && m.released >= *covered_until) continue;
        if (!best || compare_versions(m.version, best->manifest.version) > 0 ||
            (m.version == best->manifest.version && m.serial > best->manifest.serial))
            best = &release;
    }
    if (!best) return std::nullopt;
    return *best;
}

std::string update_answer_json(const std::optional<PublishedRelease>& release, const std::string& platform,
                               const DownloadSigning& signing, std::int64_t now) {
    if (!release) return nlohmann::json{{"update", false}}.dump();
    CloudFrontGrant grant;
    grant.url = signing.base_url + "/" + release->manifest.artifacts.at(platform).path;
    grant.expires = now + signing.lifetime_s;
    return nlohmann::json{{"update", true},
                          {"manifest", base64_encode(release->manifest_bytes)},
                          {"signature", release->signature},
                          {"url", cloudfront_sign_url(grant, signing.key)}}
        .dump();
}

}  // namespace parley::licensing
