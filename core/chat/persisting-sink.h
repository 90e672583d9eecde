#pragma once

#include "chat/growing-text.h"
#include "history/history-store.h"
#include "providers/reply-sink.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace parley {

// Forwards every delta of a streaming reply to the display at once and saves
// it to the reply's row in history: the first delta at once, the rest at
// most one flush interval after they arrived, even when the stream then goes
// quiet (a timer thread saves what the last deltas left unsaved). Each save
// appends only what arrived since the last one, so a long reply costs O(n)
// to persist. Without an interval there is no timer and the owner calls
// save(): benchmarks drive a long reply's saves that way without waiting.
class PersistingSink final : public ReplySink {
public:
    PersistingSink(HistoryStore& history, std::int64_t message_id, ReplySink& display,
                   std::optional<std::chrono::milliseconds> flush_interval);
    ~PersistingSink() override;
    PersistingSink(const PersistingSink&) = delete;
    PersistingSink& operator=(const PersistingSink&) = delete;

    void on_text(std::string_view text) override;
    void on_reasoning(std::string_view text) override;
    void flush() override { display_.flush(); }

    // Saves what is unsaved now. A busy or failing database delays it to the
    // next save; the reply's final save reports the error.
    void save();
    // Ends the timer before the reply's final save, which nothing may follow.
    void stop();

    std::string text() const;
    std::string reasoning() const;
    // After stop(): the text and reasoning handed over, so that the reply's
    // final save holds a long reply once rather than twice.
    GrowingText take_text();
    GrowingText take_reasoning();

private:
    void save_locked();
    void save_periodically(std::chrono::milliseconds interval);

    HistoryStore& history_;
    std::int64_t message_id_;
    ReplySink& display_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    GrowingText text_;
    GrowingText reasoning_;
    std::size_t saved_text_ = 0;
    std::size_t saved_reasoning_ = 0;
    bool first_save_tried_ = false;
    bool stopping_ = false;
    std::thread saver_;
};

}  // namespace parley
