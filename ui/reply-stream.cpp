#include "reply-stream.h"

namespace parley {

ReplyStream::ReplyStream(std::function<void()> wake) : wake_(std::move(wake)) {}

void ReplyStream::on_text(std::string_view text) {
    bool post = false;
    {
        std::lock_guard lock(mutex_);
        pending_.append(text);
        post = !wake_posted_;
        wake_posted_ = true;
    }
    if (post) wake_();
}

void ReplyStream::on_reasoning(std::string_view) {}

std::string ReplyStream::drain() {
    std::lock_guard lock(mutex_);
    wake_posted_ = false;
    std::string out;
    out.swap(pending_);
    return out;
}

}  // namespace parley
