#include "licensing/license-trust.h"

#include "crypto/base64.h"
#include "parley-license-build-config.h"
#include "settings/settings.h"

#include <Poco/Exception.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/URI.h>

#include <algorithm>

namespace parley {

namespace {

bool is_loopback_host(const std::string& host) {
    if (host == "localhost") return true;
    Poco::Net::IPAddress address;
    // Poco's URI keeps the brackets off an IPv6 host.
    if (!Poco::Net::IPAddress::tryParse(host, address)) return false;
    return address.isLoopback();
}

}  // namespace

std::vector<Ed25519PublicKey> parse_license_public_keys(std::string_view list) {
    std::vector<Ed25519PublicKey> keys;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        std::string_view item = list.substr(start, comma - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        const auto raw = base64_decode(item);
        if (!raw || raw->size() != Ed25519PublicKey{}.size()) {
            throw LicenseConfigError("a license public key is not base64 of 32 bytes: '" + std::string(item) + "'");
        }
        Ed25519PublicKey key{};
        std::copy(raw->begin(), raw->end(), key.begin());
        keys.push_back(key);
        start = comma + 1;
    }
    return keys;
}

const std::vector<Ed25519PublicKey>& trusted_license_keys() {
    static const std::vector<Ed25519PublicKey> keys = parse_license_public_keys(PARLEY_LICENSE_PUBLIC_KEYS);
    return keys;
}

std::string_view build_license_server() {
    return PARLEY_LICENSE_SERVER;
}

void check_license_server_url(const std::string& url) {
    Poco::URI uri;
    try {
        uri = Poco::URI(url);
    } catch (const Poco::Exception&) {
        throw LicenseConfigError("license.server is not a URL: " + url);
    }
    if (uri.getHost().empty()) throw LicenseConfigError("license.server has no host: " + url);
    if (uri.getScheme() == "https") return;
    if (uri.getScheme() == "http" && is_loopback_host(uri.getHost())) return;
    throw LicenseConfigError("license.server must be an https:// URL (plain http only to a loopback address): " + url);
}

std::string license_server_url(const Settings& settings) {
    std::string url = settings.get("license.server");
    if (url.empty()) url = std::string(build_license_server());
    check_license_server_url(url);
    while (url.ends_with('/')) url.pop_back();
    return url;
}

}  // namespace parley
