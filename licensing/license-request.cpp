#include "license-request.h"

#include "licensing/license-key.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace parley::licensing {

namespace {

using nlohmann::json;

// The nonce is echoed into a signed answer; the caps keep an answer small.
constexpr std::size_t kMaxNonce = 128;
constexpr std::size_t kMaxLabel = 64;
constexpr std::size_t kMaxKeyText = 128;

}  // namespace

std::string string_field(const json& object, const char* name, std::size_t max_size, bool required) {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
        if (required) throw BadRequest(std::string("'") + name + "' is missing");
        return {};
    }
    if (!it->is_string()) throw BadRequest(std::string("'") + name + "' must be a string");
    std::string value = it->get<std::string>();
    if (value.size() > max_size) {
        throw BadRequest(std::string("'") + name + "' is longer than " + std::to_string(max_size) + " bytes");
    }
    return value;
}

namespace {

bool is_lower_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

}  // namespace

LicenseRequest parse_license_request(std::string_view body) {
    const json object = json::parse(body, nullptr, false);
    if (object.is_discarded()) throw BadRequest("the body is not JSON");
    if (!object.is_object()) throw BadRequest("the body is not a JSON object");

    LicenseRequest request;
    request.license_key = canonical_license_key(string_field(object, "license_key", kMaxKeyText, true));
    request.fingerprint = string_field(object, "fingerprint", 64, true);
    if (request.fingerprint.size() != 64 ||
        !std::all_of(request.fingerprint.begin(), request.fingerprint.end(), is_lower_hex)) {
        throw BadRequest("'fingerprint' must be 64 lower-case hex digits");
    }
    request.nonce = string_field(object, "nonce", kMaxNonce, true);
    if (request.nonce.empty()) throw BadRequest("'nonce' is empty");
    request.app_version = string_field(object, "app_version", kMaxLabel, false);
    request.platform = string_field(object, "platform", kMaxLabel, false);
    return request;
}

}  // namespace parley::licensing
