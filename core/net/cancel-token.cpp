#include "net/cancel-token.h"

namespace parley {

void CancelToken::cancel() {
    cancelled_.store(true, std::memory_order_release);
    std::lock_guard lock(interrupt_mutex_);
    if (interrupt_) interrupt_();
    wake_.notify_all();
}

bool CancelToken::wait_for(std::chrono::milliseconds duration) {
    std::unique_lock lock(interrupt_mutex_);
    return wake_.wait_for(lock, duration, [this] { return cancelled(); });
}

void CancelToken::set_interrupt(std::function<void()> interrupt) {
    std::lock_guard lock(interrupt_mutex_);
    interrupt_ = std::move(interrupt);
    if (cancelled() && interrupt_) interrupt_();
}

void CancelToken::clear_interrupt() {
    std::lock_guard lock(interrupt_mutex_);
    interrupt_ = nullptr;
}

}  // namespace parley
