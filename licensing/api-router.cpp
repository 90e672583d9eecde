#include "api-router.h"

#include "license-store.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <istream>

namespace parley::licensing {

namespace {

struct Router {
    std::vector<Endpoint> endpoints;
    RouterOptions options;
    RateLimiter& per_address;
    AccessLog& log;
};

std::string trimmed(std::string text) {
    const auto not_space = [](unsigned char c) { return !std::isspace(c); };
    text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
    text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
    return text;
}

std::string client_address(const Poco::Net::HTTPServerRequest& request, const RouterOptions& options) {
    if (!options.client_address_header.empty() && request.has(options.client_address_header)) {
        const std::string& value = request.get(options.client_address_header);
        const auto comma = value.rfind(',');
        std::string last = trimmed(comma == std::string::npos ? value : value.substr(comma + 1));
        if (!last.empty()) return last;
    }
    return request.clientAddress().host().toString();
}

// A body over the cap is still read (up to kDiscardLimit) and dropped, so the
// client, which may be writing it before it reads, gets the 413 rather than
// a reset connection.
constexpr std::size_t kDiscardLimit = 1024 * 1024;

// The body, or nullopt when it is longer than `cap`.
std::optional<std::string> read_body(Poco::Net::HTTPServerRequest& request, std::size_t cap) {
    std::string body;
    std::size_t total = 0;
    std::istream& in = request.stream();
    char buffer[4096];
    while (total <= kDiscardLimit && (in.read(buffer, sizeof buffer) || in.gcount() > 0)) {
        const auto n = static_cast<std::size_t>(in.gcount());
        total += n;
        if (total <= cap) body.append(buffer, n);
    }
    if (total > cap) return std::nullopt;
    return body;
}

class ApiRequestHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit ApiRequestHandler(Router& router) : router_(router) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        const auto started = std::chrono::steady_clock::now();
        AccessRecord record;
        record.address = client_address(request, router_.options);
        record.method = request.getMethod();
        const std::string& uri = request.getURI();
        record.path = uri.substr(0, uri.find('?'));

        bool keep_alive = request.getKeepAlive();
        const ApiResponse result = route(request, record, keep_alive);

        response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(result.status));
        response.setContentType("application/json");
        response.setContentLength64(static_cast<Poco::Int64>(result.body.size()));
        response.setKeepAlive(keep_alive);
        if (result.retry_after) response.set("Retry-After", std::to_string(*result.retry_after));
        if (result.status == 405) response.set("Allow", allowed_methods(record.path));
        response.send().write(result.body.data(), static_cast<std::streamsize>(result.body.size()));

        record.status = result.status;
        record.license_id = result.license_id;
        record.answer = result.answer;
        record.duration_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        router_.log.write(record);
    }

private:
    ApiResponse route(Poco::Net::HTTPServerRequest& request, AccessRecord& record, bool& keep_alive) {
        // Read first, whatever the answer: a body left on the wire would be
        // taken for the next request on this connection.
        std::optional<std::string> body;
        if (!request.hasContentLength() || request.getContentLength64() <= static_cast<Poco::Int64>(kDiscardLimit)) {
            body = read_body(request, router_.options.max_body);
        }
        if (!body) {
            keep_alive = false;
            return error_response(413,
                                  "the body is larger than " + std::to_string(router_.options.max_body) + " bytes");
        }
        if (const auto retry_after = router_.per_address.admit(record.address)) {
            ApiResponse limited = error_response(429, "too many requests from this address");
            limited.retry_after = retry_after;
            return limited;
        }
        const Endpoint* endpoint = nullptr;
        bool path_known = false;
        for (const Endpoint& candidate : router_.endpoints) {
            if (candidate.path != record.path) continue;
            path_known = true;
            if (candidate.method == record.method) endpoint = &candidate;
        }
        if (!path_known) return error_response(404, "no such endpoint");
        if (!endpoint) return error_response(405, "method not allowed");
        try {
            return endpoint->handle(ApiRequest{std::move(*body), record.address});
        } catch (const StoreError& error) {
            record.error = error.what();
            return error_response(503, "the license store is unavailable; try again later");
        } catch (const std::exception& error) {
            record.error = error.what();
            return error_response(500, "internal error");
        }
    }

    std::string allowed_methods(const std::string& path) const {
        std::string methods;
        for (const Endpoint& endpoint : router_.endpoints) {
            if (endpoint.path != path) continue;
            if (!methods.empty()) methods += ", ";
            methods += endpoint.method;
        }
        return methods;
    }

    Router& router_;
};

class ApiRouterFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit ApiRouterFactory(Router router) : router_(std::move(router)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new ApiRequestHandler(router_);
    }

private:
    Router router_;
};

}  // namespace

ApiResponse error_response(int status, const std::string& message) {
    ApiResponse response;
    response.status = status;
    response.body = nlohmann::json{{"error", message}}.dump();
    return response;
}

Poco::Net::HTTPRequestHandlerFactory::Ptr make_api_router(std::vector<Endpoint> endpoints, RouterOptions options,
                                                          RateLimiter& per_address, AccessLog& log) {
    return new ApiRouterFactory(Router{std::move(endpoints), std::move(options), per_address, log});
}

}  // namespace parley::licensing
