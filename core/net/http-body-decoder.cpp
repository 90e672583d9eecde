#include "net/http-body-decoder.h"

#include "net/network-error.h"

#include <algorithm>

namespace parley {

namespace {

// 15 hex digits stay below 2^60: no chunk size overflows.
constexpr int kMaxSizeDigits = 15;

[[noreturn]] void malformed(const char* what) {
    throw NetworkError(NetworkError::Kind::protocol, std::string("malformed chunked response body: ") + what);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

HttpBodyDecoder HttpBodyDecoder::empty() {
    return HttpBodyDecoder(State::done);
}
HttpBodyDecoder HttpBodyDecoder::chunked() {
    return HttpBodyDecoder(State::size);
}
HttpBodyDecoder HttpBodyDecoder::until_close() {
    return HttpBodyDecoder(State::until_close);
}

HttpBodyDecoder HttpBodyDecoder::of_length(std::uint64_t length) {
    return length == 0 ? empty() : HttpBodyDecoder(State::data, length);
}

void HttpBodyDecoder::feed(std::string_view bytes, const BodyHandler& on_body) {
    if (state_ == State::until_close) {
        if (!bytes.empty() && on_body) on_body(bytes);
        return;
    }
    std::size_t i = 0;
    while (i < bytes.size() && state_ != State::done) {
        if (state_ == State::data) {
            const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, bytes.size() - i));
            if (on_body) on_body(bytes.substr(i, n));
            i += n;
            remaining_ -= n;
            // A body of a stated length ends with its last byte; a chunk
            // with the CRLF after it.
            if (remaining_ == 0) state_ = size_digits_ ? State::data_end : State::done;
            continue;
        }
        const char c = bytes[i++];
        switch (state_) {
            case State::size:
                if (const int digit = hex_value(c); digit >= 0) {
                    if (++size_digits_ > kMaxSizeDigits) malformed("a chunk size is too large");
                    remaining_ = remaining_ * 16 + static_cast<unsigned>(digit);
                } else if (size_digits_ == 0) {
                    malformed("a chunk does not start with its size");
                } else if (c == ';' || c == ' ' || c == '\t') {
                    state_ = State::extension;
                } else if (c == '\r') {
                    state_ = State::size_line_end;
                } else if (c == '\n') {
                    state_ = remaining_ ? State::data : State::trailer;
                } else {
                    malformed("a chunk size is not a hexadecimal number");
                }
                break;
            case State::extension:
                if (c == '\n') state_ = remaining_ ? State::data : State::trailer;
                break;
            case State::size_line_end:
                if (c != '\n') malformed("a chunk size line does not end in CRLF");
                state_ = remaining_ ? State::data : State::trailer;
                break;
            case State::data_end:
                if (c == '\n') {
                    state_ = State::size;
                    size_digits_ = 0;
                } else if (c != '\r') {
                    malformed("a chunk is longer than its size");
                }
                break;
            case State::trailer:
                // The last chunk is followed by trailer fields, then a blank line.
                if (c == '\n') {
                    state_ = State::done;
                } else if (c != '\r') {
                    state_ = State::trailer_line;
                }
                break;
            case State::trailer_line:
                if (c == '\n') state_ = State::trailer;
                break;
            case State::data:
            case State::done:
            case State::until_close: break;
        }
    }
}

}  // namespace parley
