#pragma once

#include "access-log.h"
#include "rate-limiter.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parley::licensing {

struct ApiRequest {
    std::string body;
    std::string client_address;
};

struct ApiResponse {
    int status = 200;
    std::string body;  // JSON
    std::optional<int> retry_after;
    // For the access log.
    std::optional<std::int64_t> license_id;
    std::string answer;
};

ApiResponse error_response(int status, const std::string& message);

// One endpoint per file (license-endpoints.cpp, …); the router does what is
// common to all: method and path, body cap, per-address rate limit, errors
// as JSON, the access log.
struct Endpoint {
    std::string method;
    std::string path;
    std::function<ApiResponse(const ApiRequest&)> handle;
};

struct RouterOptions {
    std::size_t max_body = 16 * 1024;
    // Behind a load balancer every peer is the balancer; this header (e.g.
    // X-Forwarded-For, its last entry) then names the client instead.
    std::string client_address_header;
};

Poco::Net::HTTPRequestHandlerFactory::Ptr make_api_router(std::vector<Endpoint> endpoints, RouterOptions options,
                                                          RateLimiter& per_address, AccessLog& log);

}  // namespace parley::licensing
