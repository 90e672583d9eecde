#include "chat/persisting-sink.h"

#include <string_view>
#include <utility>

namespace parley {

PersistingSink::PersistingSink(HistoryStore& history, std::int64_t message_id, ReplySink& display,
                               std::optional<std::chrono::milliseconds> flush_interval)
    : history_(history), message_id_(message_id), display_(display) {
    if (flush_interval) saver_ = std::thread([this, interval = *flush_interval] { save_periodically(interval); });
}

PersistingSink::~PersistingSink() {
    stop();
}

void PersistingSink::stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (saver_.joinable()) saver_.join();
}

void PersistingSink::on_text(std::string_view text) {
    display_.on_text(text);
    const std::lock_guard lock(mutex_);
    text_.append(text);
    // The first delta is saved at once: the reply has text from its first
    // byte. Should that fail, the next save tries again and the final save
    // reports the error; the reply goes on to the display meanwhile.
    if (!first_save_tried_) {
        first_save_tried_ = true;
        save_locked();
    }
}

void PersistingSink::on_reasoning(std::string_view text) {
    display_.on_reasoning(text);
    const std::lock_guard lock(mutex_);
    reasoning_.append(text);
}

void PersistingSink::save() {
    const std::lock_guard lock(mutex_);
    save_locked();
}

void PersistingSink::save_locked() {
    if (saved_text_ == text_.size() && saved_reasoning_ == reasoning_.size()) return;
    try {
        history_.append_reply_text(message_id_, text_.view().substr(saved_text_),
                                   reasoning_.view().substr(saved_reasoning_));
        saved_text_ = text_.size();
        saved_reasoning_ = reasoning_.size();
    } catch (const std::exception&) {
    }
}

void PersistingSink::save_periodically(std::chrono::milliseconds interval) {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, interval, [this] { return stopping_; });
        if (stopping_) break;
        save_locked();
    }
}

std::string PersistingSink::text() const {
    const std::lock_guard lock(mutex_);
    return text_.str();
}

std::string PersistingSink::reasoning() const {
    const std::lock_guard lock(mutex_);
    return reasoning_.str();
}

GrowingText PersistingSink::take_text() {
    const std::lock_guard lock(mutex_);
    return std::exchange(text_, {});
}

GrowingText PersistingSink::take_reasoning() {
    const std::lock_guard lock(mutex_);
    return std::exchange(reasoning_, {});
}

}  // namespace parley
