#pragma once

#include <optional>
#include <string>

namespace parley {

struct ProxyEndpoint {
    std::string host;
    unsigned short port = 0;
    std::string username;
    std::string password;
};

// The proxy to use for `target_url`: the explicit setting when non-empty,
// otherwise HTTPS_PROXY / HTTP_PROXY (either case) unless NO_PROXY matches
// the target host. Throws std::invalid_argument for a malformed proxy URL.
std::optional<ProxyEndpoint> resolve_proxy(const std::string& target_url, const std::string& configured);

// A proxy URL split around its password, so the password can live in the
// credential store while the settings keep the rest.
struct ProxyUrlParts {
    std::string url;       // the URL without the password (user@ kept)
    std::string password;  // percent-decoded; empty when the URL had none
};
ProxyUrlParts split_proxy_password(const std::string& url);
// The URL as it may be shown: a password in it replaced by "****".
std::string masked_proxy_url(const std::string& url);

// NO_PROXY semantics as curl applies them: comma-separated host names or
// domain suffixes (leading dot optional), "*" for everything, optional :port.
bool no_proxy_matches(const std::string& no_proxy, const std::string& host, unsigned short port);

}  // namespace parley
