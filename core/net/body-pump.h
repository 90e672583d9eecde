#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

namespace parley {

// Reads a response body on a thread of its own into two blocks, so that the
// next block arrives from the socket (and through TLS) while the caller
// decodes the last one: on a fast stream the reading and the decoding take
// a core each rather than turns on one.
class BodyPump {
public:
    // `read` fills up to the given size and answers how much it read, 0 or
    // less at the end; what it throws is thrown by next(). `interrupt`
    // makes a blocked `read` return, from another thread.
    BodyPump(std::function<int(char*, std::size_t)> read, std::function<void()> interrupt, std::size_t block_size);
    // Interrupts a read still under way, for a body the caller stopped
    // reading, and waits for the reader.
    ~BodyPump();
    BodyPump(const BodyPump&) = delete;
    BodyPump& operator=(const BodyPump&) = delete;

    // The next bytes of the body, valid until the next call; empty at its
    // end. The block returned before is handed back to the reader.
    std::string_view next();

private:
    struct Block {
        std::unique_ptr<char[]> data;
        std::size_t size = 0;
        bool full = false;
    };

    void read_blocks();

    std::function<int(char*, std::size_t)> read_;
    std::function<void()> interrupt_;
    std::size_t block_size_;
    Block blocks_[2];
    std::mutex mutex_;
    std::condition_variable changed_;
    int held_ = -1;  // the block the caller holds
    int next_ = 0;   // the block the caller takes next
    bool ended_ = false;
    bool stopping_ = false;
    std::exception_ptr error_;
    std::thread reader_;
};

}  // namespace parley
