#pragma once

#include <Poco/Net/StreamSocket.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parley::fake {

// One HTTP/1.1 request as read off a socket: just enough of the protocol
// for the fakes, which must control every byte they answer with.
struct HttpRequestIn {
    std::string method;
    std::string target;  // as on the request line
    std::string path;    // origin-form path, still percent-encoded
    std::string query;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;

    std::string header(const std::string& lower_name) const;
    std::string query_param(const std::string& name) const;
};

// Reads the head and the body (Content-Length or chunked); nullopt when the
// client closed first.
std::optional<HttpRequestIn> read_request(Poco::Net::StreamSocket& socket);

struct HttpResponseOut {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

void write_response(Poco::Net::StreamSocket& socket, const HttpResponseOut& response);

// The test that started a fake closes its stdin when done, even if it
// crashed: that is the fake's signal to go, so none outlives its test.
void exit_when_stdin_closes();

}  // namespace parley::fake
