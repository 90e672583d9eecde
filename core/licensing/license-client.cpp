#include "licensing/license-client.h"

#include "net/http-client.h"
#include "net/network-error.h"
#include "parley-license-build-config.h"

#include <openssl/rand.h>
#include <nlohmann/json.hpp>

namespace parley {

namespace {

// An answer is a few hundred bytes; anything far larger is not one.
constexpr std::size_t kMaxAnswerBytes = 64 * 1024;

}  // namespace

std::string new_license_nonce() {
    unsigned char random[16];
    if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("no random bytes for a license nonce");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char byte : random) {
        out.push_back(hex[byte >> 4]);
        out.push_back(hex[byte & 0xF]);
    }
    return out;
}

std::string build_platform() {
    return PARLEY_BUILD_PLATFORM;
}

std::string post_license_request(const std::string& server, LicenseCall call, const LicenseRequest& request,
                                 const NetworkOptions& network, CancelToken& cancel) {
    const std::string path = call == LicenseCall::validate ? "/api/license/validate" : "/api/license/deactivate";
    const nlohmann::json rest = {{"fingerprint", request.fingerprint},
                                 {"nonce", request.nonce},
                                 {"app_version", request.app_version},
                                 {"platform", request.platform}};
    HttpRequest http;
    http.url = server + path;
    http.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    // Built by hand so the key's only copy is one this function wipes; a
    // canonical key (digits, capitals, dashes) needs no JSON escaping.
    http.body.reserve(32 + request.license_key->size() + rest.dump().size());
    http.body = "{\"license_key\":\"";
    http.body.append(request.license_key->view());
    http.body += "\"," + rest.dump().substr(1);
    std::string answer;
    bool too_large = false;
    HttpResponseHead head;
    try {
        head = HttpClient(network).send(http, cancel, {}, [&](std::string_view bytes) {
            if (answer.size() + bytes.size() > kMaxAnswerBytes) {
                too_large = true;
                cancel.cancel();
                return;
            }
            answer.append(bytes);
        });
    } catch (const NetworkError& error) {
        wipe_string(http.body);
        if (too_large) {
            throw LicenseServiceError(LicenseServiceError::Kind::unreachable,
                                      "the license service at " + server + " sent an oversized answer");
        }
        throw LicenseServiceError(LicenseServiceError::Kind::unreachable,
                                  "cannot reach the license service at " + server + ": " + error.what());
    }
    wipe_string(http.body);
    if (head.status >= 500 || head.status < 200 || (head.status >= 300 && head.status < 400)) {
        throw LicenseServiceError(LicenseServiceError::Kind::unreachable,
                                  "the license service at " + server + " answered HTTP " + std::to_string(head.status));
    }
    if (head.status != 200) {
        const auto error = nlohmann::json::parse(answer, nullptr, false);
        std::string detail;
        if (error.is_object() && error.contains("error") && error["error"].is_string()) {
            detail = ": " + error["error"].get<std::string>().substr(0, 200);
        }
        throw LicenseServiceError(LicenseServiceError::Kind::rejected, "the license service at " + server +
                                                                           " refused the request (HTTP " +
                                                                           std::to_string(head.status) + detail + ")");
    }
    return answer;
}

}  // namespace parley
