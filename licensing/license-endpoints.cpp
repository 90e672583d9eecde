#include "license-endpoints.h"

#include "license-request.h"

namespace parley::licensing {

namespace {

using DecideFunction = Decision (*)(LicenseStore&, const LicenseRequest&, const SeatPolicy&, std::int64_t);

ApiResponse answer_request(LicenseDesk& desk, const ApiRequest& request, DecideFunction decide) {
    LicenseRequest parsed;
    try {
        parsed = parse_license_request(request.body);
    } catch (const BadRequest& error) {
        return error_response(400, error.what());
    }
    // Keys that cannot exist share the per-address limit only.
    if (parsed.license_key) {
        if (const auto retry_after = desk.per_license.admit(*parsed.license_key)) {
            ApiResponse limited = error_response(429, "too many requests for this license");
            limited.retry_after = retry_after;
            return limited;
        }
    }
    const Decision decision = decide(desk.store, parsed, desk.policy, desk.now());
    ApiResponse response;
    response.body = sign_license_envelope([&](std::string_view message) { return desk.signer.sign(message); },
                                          license_answer_to_json(decision.answer));
    response.license_id = decision.license_id;
    response.answer = decision.answer.status;
    return response;
}

}  // namespace

Endpoint validate_endpoint(LicenseDesk& desk) {
    return {"POST", "/api/license/validate",
            [&desk](const ApiRequest& request) { return answer_request(desk, request, &validate_license); }};
}

Endpoint deactivate_endpoint(LicenseDesk& desk) {
    return {"POST", "/api/license/deactivate",
            [&desk](const ApiRequest& request) { return answer_request(desk, request, &deactivate_license); }};
}

}  // namespace parley::licensing
