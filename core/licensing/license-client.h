#pragma once

#include "net/cancel-token.h"
#include "net/network-options.h"
#include "vault/secret.h"

#include <stdexcept>
#include <string>

namespace parley {

// The service could not be asked or did not answer with an envelope.
class LicenseServiceError : public std::runtime_error {
public:
    enum class Kind {
        unreachable,  // network, TLS, timeout, a 5xx: the offline grace applies
        rejected,     // a 4xx: the request itself was refused (malformed, rate-limited)
    };
    LicenseServiceError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

enum class LicenseCall { validate, deactivate };

// The whole request: nothing else about the machine or the user is sent.
struct LicenseRequest {
    const Secret* license_key = nullptr;  // canonical form
    std::string fingerprint;
    std::string nonce;
    std::string app_version;
    std::string platform;
};

// A fresh random nonce (128 bits, hex) for one request.
std::string new_license_nonce();

// "linux-x86_64", "windows-x86_64"...: the platform the app was built for.
std::string build_platform();

// POSTs `request` to {server}/api/license/validate or /deactivate and returns
// the envelope text of the answer, unverified. Throws LicenseServiceError.
std::string post_license_request(const std::string& server, LicenseCall call, const LicenseRequest& request,
                                 const NetworkOptions& network, CancelToken& cancel);

}  // namespace parley
