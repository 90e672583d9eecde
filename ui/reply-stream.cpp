#include "reply-stream.h"

namespace parley {

ReplyStream::ReplyStream(std::function<void()> wake) : wake_(std::move(wake)) {}

void ReplyStream::on_text(std::string_view text) {
    append(false, text);
}

void ReplyStream::on_reasoning(std::string_view text) {
    append(true, text);
}

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

std::vector<ReplyPiece> ReplyStream::drain(std::size_t max_bytes, bool& more) {
    std::lock_guard lock(mutex_);
    std::vector<ReplyPiece> out;
    std::size_t room = max_bytes;
    auto piece = pending_.begin();
    for (; piece != pending_.end() && room > 0; ++piece) {
        if (piece->text.size() <= room) {
            room -= piece->text.size();
            out.push_back(std::move(*piece));
            continue;
        }
        std::size_t cut = room;
        while (cut > 0 && (static_cast<unsigned char>(piece->text[cut]) & 0xC0) == 0x80) --cut;
        if (cut > 0) {
            out.push_back({piece->reasoning, piece->text.substr(0, cut)});
            piece->text.erase(0, cut);
        }
        break;
    }
    pending_.erase(pending_.begin(), piece);
    more = !pending_.empty();
    wake_posted_ = more;
    return out;
}

}  // namespace parley
