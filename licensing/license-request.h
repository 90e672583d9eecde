#pragma once

#include "seat-decisions.h"

#include <stdexcept>
#include <string_view>

namespace parley::licensing {

// The request is not one the API accepts (HTTP 400); the message names the
// field and never echoes its value.
class BadRequest : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// {"license_key","fingerprint","nonce","app_version","platform"}; unknown
// fields are ignored. A key that cannot be one is not a bad request: it gets
// a signed "invalid" answer, as an unknown key does.
LicenseRequest parse_license_request(std::string_view body);

}  // namespace parley::licensing
