#include "net/body-pump.h"

#include <boost/test/unit_test.hpp>

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>

using namespace parley;

namespace {

// A body handed out in reads of at most `piece` bytes, as a socket would.
struct ScriptedBody {
    std::string bytes;
    std::size_t piece;
    std::size_t at = 0;
    int read(char* to, std::size_t size) {
        const std::size_t n = std::min({size, piece, bytes.size() - at});
        bytes.copy(to, n, at);
        at += n;
        return static_cast<int>(n);
    }
};

std::string drain(BodyPump& pump) {
    std::string out;
    for (auto bytes = pump.next(); !bytes.empty(); bytes = pump.next()) out.append(bytes);
    return out;
}

// A read that waits for bytes that never come, until interrupted.
class SilentPeer {
public:
    int read() {
        std::unique_lock lock(mutex_);
        reading_ = true;
        changed_.notify_all();
        changed_.wait(lock, [this] { return interrupted_; });
        return 0;
    }
    void interrupt() {
        const std::lock_guard lock(mutex_);
        interrupted_ = true;
        changed_.notify_all();
    }
    void wait_until_reading() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return reading_; });
    }
    bool interrupted() {
        const std::lock_guard lock(mutex_);
        return interrupted_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool reading_ = false;
    bool interrupted_ = false;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(body_pump)

BOOST_AUTO_TEST_CASE(every_byte_arrives_once_and_in_order_whatever_the_read_and_block_sizes) {
    std::string body;
    for (int i = 0; body.size() < 200000; ++i) body += "event " + std::to_string(i) + "\n";
    for (const std::size_t piece : {1UL, 7UL, 4096UL, 1UL << 20}) {
        for (const std::size_t block : {1UL, 13UL, 65536UL}) {
            if (piece == 1 && block > 13) continue;  // a byte per read is slow and says nothing more
            ScriptedBody source{body, piece};
            BodyPump pump([&](char* to, std::size_t size) { return source.read(to, size); }, [] {}, block);
            BOOST_TEST(drain(pump) == body, "reads of " << piece << ", blocks of " << block);
            BOOST_TEST(pump.next().empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(a_failed_read_is_thrown_after_the_bytes_read_before_it) {
    int reads = 0;
    BodyPump pump(
        [&](char* to, std::size_t) -> int {
            if (++reads > 3) throw std::runtime_error("connection reset by peer");
            to[0] = static_cast<char>('a' + reads - 1);
            return 1;
        },
        [] {}, 16);
    std::string got;
    try {
        for (auto bytes = pump.next(); !bytes.empty(); bytes = pump.next()) got.append(bytes);
        BOOST_FAIL("the failed read was not reported");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()) == "connection reset by peer");
    }
    BOOST_TEST(got == "abc");
}

BOOST_AUTO_TEST_CASE(a_body_left_unread_interrupts_the_read_that_waits_for_more) {
    SilentPeer peer;
    {
        BodyPump pump([&](char*, std::size_t) { return peer.read(); }, [&] { peer.interrupt(); }, 16);
        peer.wait_until_reading();
    }
    BOOST_TEST(peer.interrupted());
}

BOOST_AUTO_TEST_CASE(a_body_read_to_its_end_needs_no_interrupt) {
    ScriptedBody source{"short body", 4};
    bool interrupted = false;
    {
        BodyPump pump([&](char* to, std::size_t size) { return source.read(to, size); }, [&] { interrupted = true; },
                      64);
        BOOST_TEST(drain(pump) == "short body");
    }
    BOOST_TEST(!interrupted);
}

BOOST_AUTO_TEST_SUITE_END()
