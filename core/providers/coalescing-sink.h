#pragma once

#include "providers/reply-sink.h"

#include <string>
#include <string_view>

namespace parley {

// Joins the deltas decoded from one read off the network into one call to
// the sink behind it. A fast stream brings thousands of deltas in a read, and
// each one passed on costs the sinks behind (a lock, a save's bookkeeping, a
// window's event) more than its few bytes. Text and reasoning keep their
// order: a change from one to the other first passes on what was joined.
class CoalescingSink final : public ReplySink {
public:
    explicit CoalescingSink(ReplySink& inner) : inner_(inner) {}

    void on_text(std::string_view text) override { add(Kind::text, text); }
    void on_reasoning(std::string_view text) override { add(Kind::reasoning, text); }
    // Passes on what was joined, then flushes the sink behind.
    void flush() override;
    // Passes on what was joined without flushing: when a read ends in an
    // error, what came before the error still reaches the sink.
    void deliver();

private:
    enum class Kind { text, reasoning };
    void add(Kind kind, std::string_view piece);

    ReplySink& inner_;
    Kind kind_ = Kind::text;
    std::string pending_;
};

}  // namespace parley
