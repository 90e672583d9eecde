#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

namespace parley {

// The body of an HTTP/1.1 response out of the bytes that follow its head,
// as they arrive in pieces of any size: chunked, of a stated length, or
// running until the server closes. Body bytes are handed on as views into
// the piece fed, without a copy. HttpClient reads the connection itself,
// in large blocks, rather than through Poco's streams, which read it 4 KB
// at a time: a long streamed reply cost a system call per 4 KB.
class HttpBodyDecoder {
public:
    using BodyHandler = std::function<void(std::string_view)>;

    static HttpBodyDecoder empty();
    static HttpBodyDecoder chunked();
    static HttpBodyDecoder of_length(std::uint64_t length);
    static HttpBodyDecoder until_close();

    // Hands the body bytes in `bytes` to `on_body`. A malformed chunk size
    // throws NetworkError (protocol); bytes after the body's end are ignored.
    void feed(std::string_view bytes, const BodyHandler& on_body);
    // The body has ended; what follows is not read. A connection closed
    // before then ends the body there, as a truncated stream: the caller
    // judges from the content whether that lost anything.
    bool complete() const { return state_ == State::done; }

private:
    enum class State { size, extension, size_line_end, data, data_end, trailer, trailer_line, done, until_close };

    explicit HttpBodyDecoder(State state, std::uint64_t remaining = 0) : state_(state), remaining_(remaining) {}

    State state_;
    std::uint64_t remaining_;
    int size_digits_ = 0;
};

}  // namespace parley
