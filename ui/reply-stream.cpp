#include "reply-stream.h"

namespace parley {

ReplyStream::ReplyStream(std::function<void()> wake) : wake_(std::move(wake)) {}

void ReplyStream::on_text(std::string_view text) { append(false, text); }

void ReplyStream::on_reasoning(std::string_view text) { append(true, text); }

void ReplyStream::append(bool reasoning, std::string_view text) {
    bool post = false;
    {
        std::lock_guard lock(mutex_);
        if (pending_.empty() || pending_.back().reasoning != reasoning) pending_.push_back({reasoning, {}});
        pending_.back().text.append(text);
        post = !wake_posted_;
        wake_posted_ = true;
    }
    if (post) wake_();
}

std::vector<ReplyPiece> ReplyStream::drain() {
    std::lock_guard lock(mutex_);
    wake_posted_ = false;
    std::vector<ReplyPiece> out;
    out.swap(pending_);
    return out;
}

}  // namespace parley
