#pragma once

#include "seat-decisions.h"

#include <nlohmann/json_fwd.hpp>

#include <stdexcept>
#include <string_view>

namespace parley::licensing {

// The request is not one the API accepts (HTTP 400); the message names the
// field and never echoes its value.
class BadRequest : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A string field of a request object, for every endpoint: BadRequest when it
// is not a string, is longer than max_size, or is missing and required.
std::string string_field(const nlohmann::json& object, const char* name, std::size_t max_size, bool required);

// {"license_key","fingerprint","nonce","app_version","platform"}; unknown
// fields are ignored. A key that cannot be one is not a bad request: it gets
// a signed "invalid" answer, as an unknown key does.
LicenseRequest parse_license_request(std::string_view body);

}  // namespace parley::licensing
