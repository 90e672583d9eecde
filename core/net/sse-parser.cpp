#include "net/sse-parser.h"

#include "net/network-error.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace parley {

namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// A reconnection time longer than a day is not a real server's; the field is
// ignored, as the standard ignores one that is not a number.
constexpr long long kMaxRetryMs = 24LL * 60 * 60 * 1000;

std::string mib(std::size_t bytes) {
    return std::to_string(bytes / (1024 * 1024)) + " MiB";
}
}  // namespace

SseParser::SseParser(EventHandler on_event, LineHandler on_other_line, SseLimits limits)
    : on_event_(std::move(on_event)), on_other_line_(std::move(on_other_line)), limits_(limits) {}

void SseParser::append_to_line(std::string_view bytes) {
    check_line_length(line_.size() + bytes.size());
    line_.append(bytes);
}

void SseParser::check_line_length(std::size_t size) const {
    if (size > limits_.max_line) {
        throw NetworkError(NetworkError::Kind::protocol,
                           "the event stream sent a line longer than " + mib(limits_.max_line));
    }
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

    // memchr finds line ends far faster than a test of every byte. The next
    // LF is kept until passed, and so is the next CR before it (or the LF's
    // own position when the line has none): neither search goes over the
    // same bytes twice, whatever the line ends, and bytes the fast path took
    // are searched by neither.
    constexpr auto unknown = std::string_view::npos;
    const auto find = [bytes](char c, std::size_t from, std::size_t to) {
        const void* at = std::memchr(bytes.data() + from, c, to - from);
        return at ? static_cast<std::size_t>(static_cast<const char*>(at) - bytes.data()) : to;
    };
    std::size_t next_lf = unknown;
    std::size_t next_cr = unknown;
    std::size_t start = 0;
    while (start < bytes.size()) {
        if (fast_ && line_.empty() && !saw_data_ && type_.empty() && !after_cr_) {
            if (const std::size_t taken = take_fast_event(bytes.substr(start))) {
                start += taken;
                continue;
            }
        }
        if (next_lf == unknown || next_lf < start) next_lf = find('\n', start, bytes.size());
        if (next_cr == unknown || next_cr < start) next_cr = find('\r', start, next_lf);
        std::size_t i = std::min(next_cr, next_lf);
        if (i == bytes.size()) break;
        const char c = bytes[i];
        if (c == '\n' && after_cr_ && i == start && line_.empty()) {
            // The LF of a CRLF whose CR ended the previous piece.
            after_cr_ = false;
        } else {
            const std::string_view piece = bytes.substr(start, i - start);
            if (line_.empty()) {
                // A line wholly inside this piece is handled in place.
                check_line_length(piece.size());
                process_line(piece, true);
            } else {
                append_to_line(piece);
                process_line(line_, false);
                line_.clear();
            }
            after_cr_ = (c == '\r');
            if (after_cr_ && i + 1 < bytes.size() && bytes[i + 1] == '\n') {
                ++i;
                after_cr_ = false;
            }
        }
        start = i + 1;
    }
    if (start < bytes.size()) {
        after_cr_ = false;
        append_to_line(bytes.substr(start));
    }
    // The event goes on in the next piece; these bytes do not.
    hold_data();
}

std::size_t SseParser::take_fast_event(std::string_view rest) {
    constexpr std::string_view prefix = "data: ";
    if (!rest.starts_with(prefix)) return 0;
    const std::string_view data = rest.substr(prefix.size());
    const auto length = fast_->match(data);
    // The event must be this one line and a blank one, within the limits the
    // ordinary path enforces (and then reports).
    if (!length || data.size() - *length < 2 || data[*length] != '\n' || data[*length + 1] != '\n') return 0;
    if (prefix.size() + *length > limits_.max_line || *length + 1 > limits_.max_event) return 0;
    fast_->take();
    return prefix.size() + *length + 2;
}

void SseParser::hold_data() {
    if (!fed_data_) return;
    data_.assign(*fed_data_);
    data_.push_back('\n');
    fed_data_.reset();
}

void SseParser::finish() {
    line_.clear();
    data_.clear();
    fed_data_.reset();
    type_.clear();
    saw_data_ = false;
    after_cr_ = false;
}

void SseParser::process_line(std::string_view line, bool in_feed) {
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
        hold_data();
        if (data_.size() + value.size() + 1 > limits_.max_event) {
            throw NetworkError(NetworkError::Kind::protocol,
                               "the event stream sent an event larger than " + mib(limits_.max_event));
        }
        if (!saw_data_ && in_feed) {
            // Most events are one data line: it stays where it is.
            fed_data_ = value;
        } else {
            data_.append(value);
            data_.push_back('\n');
        }
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
    std::string_view data;
    if (fed_data_) {
        data = *fed_data_;
    } else {
        data_.pop_back();
        event_data_.swap(data_);
        data = event_data_;
    }
    event_type_.swap(type_);
    const SseEvent event{event_type_.empty() ? std::string_view("message") : std::string_view(event_type_), data,
                         last_event_id_};
    data_.clear();
    type_.clear();
    fed_data_.reset();
    saw_data_ = false;
    on_event_(event);
}

}  // namespace parley
