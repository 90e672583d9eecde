#include "net/proxy-config.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace parley {

namespace {

std::string env(const char* upper, const char* lower) {
    if (const char* v = std::getenv(upper); v && *v) return v;
    if (const char* v = std::getenv(lower); v && *v) return v;
    return {};
}

ProxyEndpoint parse_proxy_url(const std::string& text) {
    std::string with_scheme = text.find("://") == std::string::npos ? "http://" + text : text;
    Poco::URI uri;
    try {
        uri = Poco::URI(with_scheme);
    } catch (const Poco::Exception&) {
        throw std::invalid_argument("the proxy setting is not a valid URL");
    }
    if (uri.getScheme() != "http") {
        throw std::invalid_argument("only http:// proxies are supported (got " + uri.getScheme() + "://)");
    }
    if (uri.getHost().empty()) throw std::invalid_argument("the proxy URL has no host");
    ProxyEndpoint endpoint;
    endpoint.host = uri.getHost();
    endpoint.port = uri.getPort();
    const std::string info = uri.getUserInfo();
    if (!info.empty()) {
        const auto colon = info.find(':');
        Poco::URI::decode(info.substr(0, colon), endpoint.username);
        if (colon != std::string::npos) Poco::URI::decode(info.substr(colon + 1), endpoint.password);
    }
    return endpoint;
}

// Where the password sits in "scheme://user:password@host...": the offset
// and length of "password", or nothing.
std::optional<std::pair<std::size_t, std::size_t>> password_span(const std::string& url) {
    const auto scheme_end = url.find("://");
    const std::size_t authority = scheme_end == std::string::npos ? 0 : scheme_end + 3;
    const std::size_t authority_end = std::min(url.find_first_of("/?#", authority), url.size());
    const auto at = url.rfind('@', authority_end - 1);
    if (at == std::string::npos || at < authority || authority_end == authority) return std::nullopt;
    const auto colon = url.find(':', authority);
    if (colon == std::string::npos || colon > at) return std::nullopt;
    return std::make_pair(colon + 1, at - colon - 1);
}

}  // namespace

ProxyUrlParts split_proxy_password(const std::string& url) {
    ProxyUrlParts parts{url, {}};
    if (const auto span = password_span(url)) {
        Poco::URI::decode(url.substr(span->first, span->second), parts.password);
        parts.url = url.substr(0, span->first - 1) + url.substr(span->first + span->second);
    }
    return parts;
}

std::string masked_proxy_url(const std::string& url) {
    const auto span = password_span(url);
    if (!span) return url;
    return url.substr(0, span->first) + "****" + url.substr(span->first + span->second);
}

bool no_proxy_matches(const std::string& no_proxy, const std::string& host, unsigned short port) {
    const std::string lower_host = Poco::toLower(host);
    std::stringstream list(no_proxy);
    std::string entry;
    while (std::getline(list, entry, ',')) {
        entry = Poco::toLower(Poco::trim(entry));
        if (entry.empty()) continue;
        if (entry == "*") return true;
        if (const auto colon = entry.rfind(':'); colon != std::string::npos && entry.find(']') == std::string::npos &&
                                                 entry.find(':') == colon) {
            unsigned entry_port = 0;
            if (!Poco::NumberParser::tryParseUnsigned(entry.substr(colon + 1), entry_port) || entry_port != port) {
                continue;
            }
            entry.resize(colon);
        }
        if (entry.empty()) continue;  // ":443" names a port but no host
        if (entry.front() == '.') entry.erase(0, 1);
        if (lower_host == entry) return true;
        if (lower_host.size() > entry.size() && lower_host.ends_with(entry) &&
            lower_host[lower_host.size() - entry.size() - 1] == '.') {
            return true;
        }
    }
    return false;
}

std::optional<ProxyEndpoint> resolve_proxy(const std::string& target_url, const std::string& configured) {
    if (!configured.empty()) return parse_proxy_url(configured);
    const Poco::URI target(target_url);
    const std::string proxy =
        target.getScheme() == "https" ? env("HTTPS_PROXY", "https_proxy") : env("HTTP_PROXY", "http_proxy");
    if (proxy.empty()) return std::nullopt;
    if (no_proxy_matches(env("NO_PROXY", "no_proxy"), target.getHost(), target.getPort())) return std::nullopt;
    return parse_proxy_url(proxy);
}

}  // namespace parley
