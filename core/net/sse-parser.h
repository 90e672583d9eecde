#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace parley {

// Views valid during the call that hands the event over: an event wholly
// inside the bytes being fed is not copied out of them.
struct SseEvent {
    std::string_view type;  // "message" unless an event: field said otherwise
    std::string_view data;
    std::string_view last_event_id;
};

// A server that never ends a line or an event must not grow memory without
// bound; past these sizes the stream is refused. Real events are kilobytes.
struct SseLimits {
    std::size_t max_line = 16 * 1024 * 1024;
    std::size_t max_event = 16 * 1024 * 1024;  // the data of one event
};

// A decoder's shortcut for the events that make up nearly all of a long
// stream: an event that is one "data: " line, recognised by the decoder
// from its payload alone, skips the search for line ends and the event's
// assembly. The parser still decides whether the line and the event end right
// after the payload and fit the limits; anything else takes the ordinary path.
class SseFastPath {
public:
    // The length of the payload that `rest` starts with, when it is one the
    // decoder takes; nothing may reach the reply yet. `rest` runs on past the
    // event.
    virtual std::optional<std::size_t> match(std::string_view rest) = 0;
    // The event whose payload match() just measured, handled as a "message"
    // event with that data.
    virtual void take() = 0;

protected:
    ~SseFastPath() = default;
};

// The WHATWG "parse an event stream" algorithm over raw bytes, fed in
// arbitrary pieces: a line end, a CRLF pair or a UTF-8 sequence may be split
// across calls. Lines that are not fields this parser knows (event, data, id,
// retry) are handed to `on_other_line` when set, because Gemini writes error
// objects mid-stream as bare JSON without a data: prefix. A line or event
// over its limit throws NetworkError (protocol).
class SseParser {
public:
    using EventHandler = std::function<void(const SseEvent&)>;
    using LineHandler = std::function<void(std::string_view)>;

    explicit SseParser(EventHandler on_event, LineHandler on_other_line = {}, SseLimits limits = {});

    // At most one; it must outlive the parser's use of it.
    void set_fast_path(SseFastPath* fast) { fast_ = fast; }

    void feed(std::string_view bytes);
    // End of stream: a pending event without its blank line is discarded, as
    // the standard requires; the caller decides whether that was a truncation.
    void finish();

    std::optional<long long> retry_ms() const { return retry_ms_; }
    // True while bytes of an unfinished line or event are buffered.
    bool has_pending() const { return !line_.empty() || !data_.empty() || !type_.empty(); }

private:
    void append_to_line(std::string_view bytes);
    void check_line_length(std::size_t size) const;
    // `in_feed`: the line lies in the bytes being fed, which outlive the
    // line's event only if that event ends in them too.
    void process_line(std::string_view line, bool in_feed);
    // The data of the event so far into data_, out of the bytes being fed.
    void hold_data();
    void dispatch();
    // The bytes of an event `rest` starts with that the fast path took, or 0.
    std::size_t take_fast_event(std::string_view rest);

    EventHandler on_event_;
    LineHandler on_other_line_;
    SseFastPath* fast_ = nullptr;
    SseLimits limits_;
    std::string line_;
    std::string data_;
    std::optional<std::string_view> fed_data_;  // the event's one data line, in the bytes being fed
    std::string type_;
    std::string last_event_id_;
    std::optional<long long> retry_ms_;
    bool saw_data_ = false;
    bool after_cr_ = false;
    bool bom_checked_ = false;
    std::string bom_prefix_;
    // The data and type of the event being handed over; they trade buffers
    // with data_ and type_, so a long stream reuses the same allocations.
    std::string event_data_;
    std::string event_type_;
};

}  // namespace parley
