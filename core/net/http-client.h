#pragma once

#include "net/cancel-token.h"
#include "net/network-options.h"

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley {

struct HttpRequest {
    std::string method = "POST";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

struct HttpResponseHead {
    int status = 0;
    std::string reason;
    std::map<std::string, std::string> headers;  // names in lower case

    std::string header(const std::string& lower_name) const;
};

// Sends one request and streams the response body to `on_body` as bytes
// arrive from the socket (never waiting to fill a buffer). Throws
// NetworkError; an HTTP error status is not an exception, the caller reads it
// from the head. Blocks the calling thread: run it on a worker.
class HttpClient {
public:
    explicit HttpClient(NetworkOptions options);

    HttpResponseHead send(const HttpRequest& request, CancelToken& cancel,
                          const std::function<void(const HttpResponseHead&)>& on_head,
                          const std::function<void(std::string_view)>& on_body) const;

    // Convenience for small bodies from a trusted server: the whole body is
    // held, without a limit.
    std::pair<HttpResponseHead, std::string> fetch(const HttpRequest& request, CancelToken& cancel) const;

private:
    NetworkOptions options_;
};

}  // namespace parley
