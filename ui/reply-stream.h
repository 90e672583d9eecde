#pragma once

#include "providers/reply-sink.h"

#include <functional>
#include <mutex>
#include <string>

namespace parley {

// Carries reply deltas from the network worker to the UI thread. The worker
// appends under a mutex and asks for one wake-up; however many deltas arrive
// before the UI runs, it drains them in a single repaint.
class ReplyStream final : public ReplySink {
public:
    // `wake` must post to the UI thread (wxEvtHandler::CallAfter).
    explicit ReplyStream(std::function<void()> wake);

    void on_text(std::string_view text) override;
    void on_reasoning(std::string_view text) override;

    // UI thread: the text received since the last call.
    std::string drain();

private:
    std::function<void()> wake_;
    std::mutex mutex_;
    std::string pending_;
    bool wake_posted_ = false;
};

}  // namespace parley
