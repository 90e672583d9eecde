#pragma once

#include "crypto/ed25519.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

class Settings;

class LicenseConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Comma-separated base64 of raw 32-byte Ed25519 public keys. Throws
// LicenseConfigError on anything else, so a broken build trusts nothing
// rather than something unintended.
std::vector<Ed25519PublicKey> parse_license_public_keys(std::string_view list);

// The keys compiled in with -DPARLEY_LICENSE_PUBLIC_KEYS. Never taken from
// settings, files or the environment: whoever could change those could then
// sign their own answers.
const std::vector<Ed25519PublicKey>& trusted_license_keys();

// The URL compiled in with -DPARLEY_LICENSE_SERVER.
std::string_view build_license_server();

// Throws LicenseConfigError unless `url` is https, or http to a loopback
// address (a local test service).
void check_license_server_url(const std::string& url);

// The license service to ask: the `license.server` setting, else the build's
// default; checked as above. Shared by licensing and the updater.
std::string license_server_url(const Settings& settings);

}  // namespace parley
