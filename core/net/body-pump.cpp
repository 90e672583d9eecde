#include "net/body-pump.h"

#include <utility>

namespace parley {

BodyPump::BodyPump(std::function<int(char*, std::size_t)> read, std::function<void()> interrupt, std::size_t block_size)
    : read_(std::move(read)), interrupt_(std::move(interrupt)), block_size_(block_size) {
    for (auto& block : blocks_) block.data = std::make_unique_for_overwrite<char[]>(block_size_);
    reader_ = std::thread([this] { read_blocks(); });
}

BodyPump::~BodyPump() {
    bool reading = false;
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
        reading = !ended_;
    }
    changed_.notify_all();
    // The reader may be waiting in a read for bytes that will not come (a
    // server that keeps the connection open after the body).
    if (reading) interrupt_();
    reader_.join();
}

void BodyPump::read_blocks() {
    try {
        for (int index = 0;; index ^= 1) {
            Block& block = blocks_[index];
            {
                std::unique_lock lock(mutex_);
                changed_.wait(lock, [&] { return !block.full || stopping_; });
                if (stopping_) break;
            }
            // The block is the reader's alone until marked full.
            const int n = read_(block.data.get(), block_size_);
            const std::lock_guard lock(mutex_);
            if (n <= 0) break;
            block.size = static_cast<std::size_t>(n);
            block.full = true;
            changed_.notify_all();
        }
    } catch (...) {
        const std::lock_guard lock(mutex_);
        error_ = std::current_exception();
    }
    {
        const std::lock_guard lock(mutex_);
        ended_ = true;
    }
    changed_.notify_all();
}

std::string_view BodyPump::next() {
    std::unique_lock lock(mutex_);
    if (held_ >= 0) {
        blocks_[held_].full = false;
        held_ = -1;
        changed_.notify_all();
    }
    Block& block = blocks_[next_];
    changed_.wait(lock, [&] { return block.full || ended_; });
    if (!block.full) {
        if (error_) std::rethrow_exception(error_);
        return {};
    }
    held_ = next_;
    next_ ^= 1;
    return {block.data.get(), block.size};
}

}  // namespace parley
