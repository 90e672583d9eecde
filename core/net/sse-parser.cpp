#include "net/sse-parser.h"

#include "net/network-error.h"

#include <charconv>

namespace parley {

namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// A reconnection time longer than a day is not a real server's; the field is
// ignored, as the standard ignores one that is not a number.
constexpr long long kMaxRetryMs = 24LL * 60 * 60 * 1000;

std::string mib(std::size_t bytes) {
    return std::to_string(bytes / (1024 * 1024)) + " MiB";
}
}

SseParser::SseParser(EventHandler on_event, LineHandler on_other_line, SseLimits limits)
    : on_event_(std::move(on_event)), on_other_line_(std::move(on_other_line)), limits_(limits) {}

void SseParser::append_to_line(std::string_view bytes) {
    if (line_.size() + bytes.size() > limits_.max_line) {
        throw NetworkError(NetworkError::Kind::protocol,
                           "the event stream sent a line longer than " + mib(limits_.max_line));
    }
    line_.append(bytes);
}

void SseParser::feed(std::string_view bytes) {
    // Exactly one leading BOM is stripped; it may itself arrive split.
    while (!bom_checked_ && !bytes.empty()) {
        bom_prefix_.push_back(bytes.front());
        bytes.remove_prefix(1);
        if (bom_prefix_ == kBom) {
            bom_prefix_.clear();
            bom_checked_ = true;
        } else if (!kBom.starts_with(bom_prefix_)) {
            bom_checked_ = true;
            std::string replay;
            replay.swap(bom_prefix_);
            feed(replay);
        }
    }

    std::size_t start = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c != '\r' && c != '\n') continue;
        if (c == '\n' && after_cr_ && i == start && line_.empty()) {
            // The LF of a CRLF whose CR ended the previous piece.
            after_cr_ = false;
            start = i + 1;
            continue;
        }
        append_to_line(bytes.substr(start, i - start));
        process_line(line_);
        line_.clear();
        after_cr_ = (c == '\r');
        if (after_cr_ && i + 1 < bytes.size() && bytes[i + 1] == '\n') {
            ++i;
            after_cr_ = false;
        }
        start = i + 1;
    }
    if (start < bytes.size()) {
        after_cr_ = false;
        append_to_line(bytes.substr(start));
    }
}

void SseParser::finish() {
    line_.clear();
    data_.clear();
    type_.clear();
    saw_data_ = false;
    after_cr_ = false;
}

void SseParser::process_line(std::string_view line) {
    if (line.empty()) {
        dispatch();
        return;
    }
    if (line.front() == ':') return;

    std::string_view field = line;
    std::string_view value;
    if (const auto colon = line.find(':'); colon != std::string_view::npos) {
        field = line.substr(0, colon);
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    }

    if (field == "data") {
        if (data_.size() + value.size() + 1 > limits_.max_event) {
            throw NetworkError(NetworkError::Kind::protocol,
                               "the event stream sent an event larger than " + mib(limits_.max_event));
        }
        data_.append(value);
        data_.push_back('\n');
        saw_data_ = true;
    } else if (field == "event") {
        type_.assign(value);
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos) last_event_id_.assign(value);
    } else if (field == "retry") {
        // Digits only, as the standard asks; from_chars accepts no sign or
        // space and reports overflow instead of throwing.
        long long ms = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), ms);
        if (!value.empty() && error == std::errc() && end == value.data() + value.size() && value.front() != '-' &&
            ms <= kMaxRetryMs) {
            retry_ms_ = ms;
        }
    } else if (on_other_line_) {
        on_other_line_(line);
    }
}

void SseParser::dispatch() {
    if (!saw_data_) {
        type_.clear();
        return;
    }
    SseEvent event;
    data_.pop_back();
    event.data = std::move(data_);
    event.type = type_.empty() ? "message" : std::move(type_);
    event.last_event_id = last_event_id_;
    data_.clear();
    type_.clear();
    saw_data_ = false;
    on_event_(event);
}

}  // namespace parley
