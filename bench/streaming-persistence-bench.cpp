// What saving a streaming reply costs: a 2 MB reply streamed over 60 s
// against the same reply streamed in 1 s, each through the path ChatRunner
// saves a reply with (PersistingSink appending to HistoryStore every 250 ms,
// then the final save, and the next search, which indexes it). Time is simulated: the
// saves that 250 ms intervals would make happen every N deltas, so the run
// takes seconds, not a minute. Saving is O(n) when both cost about the same
// CPU; a save that rewrote the reply would make the long stream cost ~60×.
//   streaming-persistence-bench [MEGABYTES] [SECONDS]
#include "chat/persisting-sink.h"
#include "history/history-store.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>

#include <unistd.h>

using namespace parley;

namespace {

constexpr std::size_t kDeltaBytes = 24;  // a few tokens, as providers send them
constexpr double kSavesPerSecond = 4;    // ChatRunner's 250 ms flush interval

class NullDisplay final : public ReplySink {
public:
    void on_text(std::string_view) override {}
    void on_reasoning(std::string_view) override {}
};

double cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// Prose-like text with accented words, so the search index has real work.
std::string make_reply(std::size_t bytes) {
    static constexpr std::array kSyllables = {"ka",  "lo", "mi", "ren", "to", "sa",  "vel", "dör", "qui", "an",
                                              "bér", "ix", "no", "pra", "ul", "zet", "hø",  "fi",  "gra", "mun"};
    std::mt19937 rng(7);
    std::uniform_int_distribution<std::size_t> syllable(0, kSyllables.size() - 1);
    std::uniform_int_distribution<int> length(1, 4);
    std::string text;
    text.reserve(bytes + 16);
    while (text.size() < bytes) {
        for (int n = length(rng); n > 0; --n) text += kSyllables[syllable(rng)];
        text += text.size() % 97 < 3 ? ".\n" : " ";
    }
    return text;
}

// Streams `reply` into a new reply row of a fresh history, saved `saves`
// times at even intervals, then saves it as finished and searches; returns
// the CPU seconds it took.
double stream_reply(const std::filesystem::path& dir, const std::string& reply, std::size_t saves) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    HistoryStore history(dir / "history.db", 1, [](std::int64_t) { return false; });
    MessageRecord user;
    user.role = "user";
    user.content = "Tell me a very long story";
    const auto started = history.start_conversation("bench", "p", "m", "", user);
    MessageRecord record;
    record.conversation_id = started.conversation_id;
    record.parent_id = started.message_id;
    record.role = "assistant";
    record.status = MessageStatus::streaming;

    const double start = cpu_seconds();
    record.id = history.add_message(record);
    NullDisplay display;
    PersistingSink sink(history, record.id, display, std::nullopt);
    const std::size_t deltas = reply.size() / kDeltaBytes;
    const std::size_t deltas_per_save = std::max<std::size_t>(1, deltas / saves);
    std::size_t sent = 0;
    for (std::size_t i = 1; sent < reply.size(); ++i) {
        // Whole characters, as providers send them.
        std::size_t end = std::min(reply.size(), sent + kDeltaBytes);
        while (end < reply.size() && (static_cast<unsigned char>(reply[end]) & 0xC0) == 0x80) ++end;
        sink.on_text(std::string_view(reply).substr(sent, end - sent));
        sent = end;
        if (i % deltas_per_save == 0) sink.save();
    }
    sink.stop();
    record.content = sink.text();
    record.status = MessageStatus::complete;
    history.finish_reply(record);
    // Indexing the reply for search is part of saving it, though it now
    // happens at the next search.
    (void)history.search("ka");
    return cpu_seconds() - start;
}

}  // namespace

int main(int argc, char** argv) {
    const double megabytes = argc > 1 ? std::stod(argv[1]) : 2.0;
    const double seconds = argc > 2 ? std::stod(argv[2]) : 60.0;
    const std::string reply = make_reply(static_cast<std::size_t>(megabytes * 1024 * 1024));
    const auto dir = std::filesystem::temp_directory_path() / ("parley-streaming-bench-" + std::to_string(getpid()));
    const auto long_saves = static_cast<std::size_t>(seconds * kSavesPerSecond);
    const auto short_saves = static_cast<std::size_t>(kSavesPerSecond);

    // Alternate the two and keep each one's fastest run: the least disturbed
    // by whatever else the machine does.
    double fast = 1e9;
    double slow = 1e9;
    for (int round = 0; round < 3; ++round) {
        fast = std::min(fast, stream_reply(dir, reply, short_saves));
        slow = std::min(slow, stream_reply(dir, reply, long_saves));
    }
    std::filesystem::remove_all(dir);

    std::printf("%.1f MB reply in %zu-byte deltas, saved as ChatRunner saves it (best of 3)\n",
                static_cast<double>(reply.size()) / (1024 * 1024), kDeltaBytes);
    std::printf("  streamed in 1 s (%zu saves):       %7.1f ms CPU\n", short_saves, fast * 1000);
    std::printf("  streamed over %.0f s (%zu saves): %7.1f ms CPU\n", seconds, long_saves, slow * 1000);
    std::printf("  ratio %.2fx (target <= 1.5x)\n", slow / fast);
    return 0;
}
