#pragma once

#include "providers/reply-sink.h"

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace parley {

// A run of reply text of one kind, in the order it arrived.
struct ReplyPiece {
    bool reasoning = false;
    std::string text;
};

// Carries reply deltas from the network worker to the UI thread. The worker
// appends under a mutex and asks for one wake-up; however many deltas arrive
// before the UI runs, it drains them in a single repaint.
class ReplyStream final : public ReplySink {
public:
    // `wake` must post to the UI thread (wxEvtHandler::CallAfter).
    explicit ReplyStream(std::function<void()> wake);

    void on_text(std::string_view text) override;
    void on_reasoning(std::string_view text) override;

    // UI thread: what arrived since the last call, answer and reasoning
    // kept apart, up to `max_bytes` (cut between code points); `more` tells
    // whether some is left, which the caller then drains on a later turn of
    // the event loop (no wake-up comes for it). A reply arriving faster than
    // the text view lays it out is so shown in slices, with input events
    // answered between them.
    std::vector<ReplyPiece> drain(std::size_t max_bytes, bool& more);

private:
    void append(bool reasoning, std::string_view text);

    std::function<void()> wake_;
    std::mutex mutex_;
    std::vector<ReplyPiece> pending_;
    bool wake_posted_ = false;
};

}  // namespace parley
