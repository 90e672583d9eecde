#include "http-wire.h"

#include <Poco/URI.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <cctype>
#include <sstream>
#include <stdexcept>

namespace parley::fake {
namespace {

class SocketReader {
public:
    explicit SocketReader(Poco::Net::StreamSocket& socket) : socket_(socket) {}

    // A line without its CRLF; nullopt at end of stream.
    std::optional<std::string> line() {
        while (true) {
            if (const auto end = buffer_.find("\r\n"); end != std::string::npos) {
                std::string out = buffer_.substr(0, end);
                buffer_.erase(0, end + 2);
                return out;
            }
            if (!fill()) return std::nullopt;
        }
    }
    std::string bytes(std::size_t count) {
        while (buffer_.size() < count) {
            if (!fill()) throw std::runtime_error("request body cut short");
        }
        std::string out = buffer_.substr(0, count);
        buffer_.erase(0, count);
        return out;
    }

private:
    bool fill() {
        char chunk[16384];
        const int n = socket_.receiveBytes(chunk, sizeof chunk);
        if (n <= 0) return false;
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    Poco::Net::StreamSocket& socket_;
    std::string buffer_;
};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

const char* reason_phrase(int status) {
    switch (status) {
        case 200: return "OK";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        default: return "Status";
    }
}

}  // namespace

std::string HttpRequestIn::header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
}

std::string HttpRequestIn::query_param(const std::string& name) const {
    std::stringstream in(query);
    std::string pair;
    while (std::getline(in, pair, '&')) {
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) != name) continue;
        std::string value;
        Poco::URI::decode(eq == std::string::npos ? "" : pair.substr(eq + 1), value);
        return value;
    }
    return "";
}

std::optional<HttpRequestIn> read_request(Poco::Net::StreamSocket& socket) {
    SocketReader reader(socket);
    const auto request_line = reader.line();
    if (!request_line || request_line->empty()) return std::nullopt;
    HttpRequestIn request;
    std::stringstream line(*request_line);
    line >> request.method >> request.target;
    const auto question = request.target.find('?');
    request.path = request.target.substr(0, question);
    if (question != std::string::npos) request.query = request.target.substr(question + 1);
    while (const auto header = reader.line()) {
        if (header->empty()) break;
        const auto colon = header->find(':');
        if (colon == std::string::npos) continue;
        request.headers[lower(header->substr(0, colon))] = trim(header->substr(colon + 1));
    }
    if (const std::string length = request.header("content-length"); !length.empty()) {
        request.body = reader.bytes(std::stoul(length));
    } else if (lower(request.header("transfer-encoding")) == "chunked") {
        while (const auto size_line = reader.line()) {
            const std::size_t size = std::stoul(*size_line, nullptr, 16);
            if (size == 0) {
                reader.line();
                break;
            }
            request.body += reader.bytes(size);
            reader.bytes(2);
        }
    }
    return request;
}

void write_response(Poco::Net::StreamSocket& socket, const HttpResponseOut& response) {
    std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " + reason_phrase(response.status) + "\r\n";
    for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
    out += "Content-Length: " + std::to_string(response.body.size()) + "\r\nConnection: close\r\n\r\n" + response.body;
    socket.sendBytes(out.data(), static_cast<int>(out.size()));
    socket.shutdownSend();
}

void exit_when_stdin_closes() {
    std::thread([] {
        std::string ignored;
        while (std::getline(std::cin, ignored)) {
        }
        std::_Exit(0);
    }).detach();
}

}  // namespace parley::fake
