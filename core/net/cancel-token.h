#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace parley {

// Cancels one piece of work from any thread. The worker registers what must
// happen to unblock it (shutting its socket down); cancel() runs that at once,
// so a blocked read returns promptly instead of waiting for a timeout.
class CancelToken {
public:
    void cancel();
    bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

    // Runs `interrupt` immediately if already cancelled.
    void set_interrupt(std::function<void()> interrupt);
    void clear_interrupt();

    // Waits up to `duration`; returns true as soon as the token is cancelled.
    bool wait_for(std::chrono::milliseconds duration);

private:
    std::atomic<bool> cancelled_{false};
    std::mutex interrupt_mutex_;
    std::function<void()> interrupt_;
    std::condition_variable wake_;
};

}  // namespace parley
