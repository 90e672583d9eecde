#include "update-endpoints.h"

#include "license-request.h"
#include "licensing/license-key.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace parley::licensing {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxLabel = 64;
constexpr std::size_t kMaxKeyText = 128;

struct UpdateRequest {
    UpdateQuery query;
    std::string license_key;  // as sent; empty for an evaluation copy
};

bool is_label(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

UpdateRequest parse_update_request(std::string_view body) {
    const json object = json::parse(body, nullptr, false);
    if (object.is_discarded()) throw BadRequest("the body is not JSON");
    if (!object.is_object()) throw BadRequest("the body is not a JSON object");
    if (string_field(object, "product", kMaxLabel, true) != "parley") throw BadRequest("'product' must be \"parley\"");
    UpdateRequest request;
    request.query.version = string_field(object, "version", kMaxLabel, true);
    if (!is_valid_version(request.query.version)) throw BadRequest("'version' is not a version (MAJOR.MINOR.PATCH)");
    request.query.platform = string_field(object, "platform", kMaxLabel, true);
    if (!is_label(request.query.platform)) throw BadRequest("'platform' must be a platform name like linux-x86_64");
    request.query.channel = string_field(object, "channel", kMaxLabel, true);
    if (!is_label(request.query.channel)) throw BadRequest("'channel' must be a channel name like stable");
    const std::string fingerprint = string_field(object, "fingerprint", 64, true);
    if (fingerprint.size() != 64 || !std::all_of(fingerprint.begin(), fingerprint.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        })) {
        throw BadRequest("'fingerprint' must be 64 lower-case hex digits");
    }
    request.license_key = string_field(object, "license_key", kMaxKeyText, true);
    return request;
}

ApiResponse answer_update_check(UpdateDesk& desk, const ApiRequest& request) {
    if (!desk.signing) return error_response(503, "updates are not configured");
    UpdateRequest parsed;
    try {
        parsed = parse_update_request(request.body);
    } catch (const BadRequest& error) {
        return error_response(400, error.what());
    }
    ApiResponse response;
    if (!parsed.license_key.empty()) {
        const std::optional<std::string> key = canonical_license_key(parsed.license_key);
        if (!key) return error_response(403, "unknown license key");
        if (const auto retry_after = desk.per_license.admit(*key)) {
            ApiResponse limited = error_response(429, "too many requests for this license");
            limited.retry_after = retry_after;
            return limited;
        }
        const std::optional<LicenseRecord> license = desk.store.find_license(*key);
        if (!license) return error_response(403, "unknown license key");
        response.license_id = license->id;
        if (license->revoked) {
            ApiResponse refused = error_response(403, "this license has been revoked");
            refused.license_id = license->id;
            return refused;
        }
        parsed.query.licensed = true;
        parsed.query.updates_until = license->updates_until;
    }
    // Every stored release was verified when it was published; parsing again
    // only turns the bytes back into the fields the decision needs.
    std::vector<PublishedRelease> releases;
    for (ReleaseRecord& record : desk.store.list_releases()) {
        ReleaseManifest manifest = parse_release_manifest(record.manifest);
        releases.push_back({std::move(record.manifest), std::move(record.signature), std::move(manifest)});
    }
    const std::int64_t now = desk.now();
    const std::optional<PublishedRelease> chosen = choose_update(releases, parsed.query, now);
    response.body = update_answer_json(chosen, parsed.query.platform, *desk.signing, now);
    response.answer = chosen ? "update " + chosen->manifest.version : "no update";
    return response;
}

}  // namespace

Endpoint update_check_endpoint(UpdateDesk& desk) {
    return {"POST", "/api/update/check",
            [&desk](const ApiRequest& request) { return answer_update_check(desk, request); }};
}

}  // namespace parley::licensing
