#include "update-offer.h"

#include "crypto/base64.h"
#include "parley-update-trust-config.h"
#include "util/utc-time.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace parley {

UpdateTrust build_time_update_trust() {
    UpdateTrust trust;
    for (const char* key : build_time::release_public_keys)
        trust.release_keys.push_back(parse_minisign_public_key(key));
    for (const char* host : build_time::update_hosts) trust.hosts.emplace_back(host);
    for (const auto& entry : build_time::cloudfront_public_keys)
        trust.cloudfront_keys.push_back({entry.key_pair_id, entry.pem});
    return trust;
}

std::optional<VerifiedOffer> verify_update_answer(std::string_view answer, const UpdateTrust& trust,
                                                  const OfferContext& context) {
    const auto json = nlohmann::json::parse(answer, nullptr, false);
    if (!json.is_object() || !json.contains("update") || !json["update"].is_boolean())
        throw UpdateRefused("the update service's answer is malformed");
    if (!json["update"].get<bool>()) return std::nullopt;
    for (const char* field : {"manifest", "signature", "url"})
        if (!json.contains(field) || !json[field].is_string())
            throw UpdateRefused(std::string("the update service's answer lacks '") + field + "'");
    const auto manifest_bytes = base64_decode(json["manifest"].get<std::string>());
    if (!manifest_bytes) throw UpdateRefused("the update service's manifest is not base64");

    VerifiedOffer offer;
    try {
        offer.trusted_comment =
            minisign_verify(trust.release_keys, *manifest_bytes, json["signature"].get<std::string>());
    } catch (const MinisignError& error) {
        throw UpdateRefused(std::string("the release manifest's signature was refused: ") + error.what());
    }
    try {
        offer.manifest = parse_release_manifest(*manifest_bytes);
    } catch (const ManifestError& error) {
        throw UpdateRefused(std::string("the signed release manifest is invalid: ") + error.what());
    }
    const ReleaseManifest& manifest = offer.manifest;
    if (context.now >= manifest.expires)
        throw UpdateRefused("the release manifest expired on " + format_utc_iso8601(manifest.expires) +
                            " (a replayed or stale offer)");
    if (manifest.serial < context.highest_serial)
        throw UpdateRefused("the release manifest's serial " + std::to_string(manifest.serial) +
                            " is below the highest already seen (" + std::to_string(context.highest_serial) +
                            "): a rollback attempt");
    if (compare_versions(manifest.version, context.installed_version) <= 0)
        throw UpdateRefused("the offered version " + manifest.version + " is not newer than the installed " +
                            context.installed_version + ": a downgrade attempt");
    if (manifest.channel != context.channel)
        throw UpdateRefused("the release manifest is for channel '" + manifest.channel + "', not '" + context.channel +
                            "'");
    const auto artifact = manifest.artifacts.find(context.platform);
    if (artifact == manifest.artifacts.end())
        throw UpdateRefused("the release manifest has no artifact for " + context.platform);
    offer.artifact = artifact->second;

    offer.url = json["url"].get<std::string>();
    Poco::URI uri;
    try {
        uri = Poco::URI(offer.url);
    } catch (const Poco::Exception&) {
        throw UpdateRefused("the download URL is malformed");
    }
    if (uri.getScheme() != "https") throw UpdateRefused("the download URL is not https: " + uri.getScheme());
    if (std::find(trust.hosts.begin(), trust.hosts.end(), uri.getHost()) == trust.hosts.end())
        throw UpdateRefused("the download host " + uri.getHost() + " is not a trusted update host");
    try {
        const auto verified = cloudfront_verify_url(offer.url, trust.cloudfront_keys, context.now);
        if (Poco::URI(verified.resource).getPath() != "/" + offer.artifact.path)
            throw UpdateRefused("the download URL's path is not the manifest's artifact path");
    } catch (const CloudFrontError& error) {
        throw UpdateRefused(error.what());
    }
    if (context.blocklist.contains(manifest.version)) return std::nullopt;
    return offer;
}

}  // namespace parley
