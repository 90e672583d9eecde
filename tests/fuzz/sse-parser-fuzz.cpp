// Feeds arbitrary bytes, split at arbitrary points, to the SSE parser and
// checks it agrees with itself fed in one piece, and with a parser that lets
// a fast path take events whole.
#include "brace-fast-path.h"
#include "net/sse-parser.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::size_t piece = 1 + data[0] % 17;
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);

    std::vector<std::string> whole_events;
    const auto joined = [](const parley::SseEvent& e) { return std::string(e.type) + '\x1f' + std::string(e.data); };
    parley::SseParser whole([&](const parley::SseEvent& e) { whole_events.push_back(joined(e)); });
    whole.feed(bytes);
    whole.finish();

    std::vector<std::string> split_events;
    parley::SseParser split([&](const parley::SseEvent& e) { split_events.push_back(joined(e)); },
                            [](std::string_view) {});
    for (std::size_t i = 0; i < bytes.size(); i += piece) split.feed(bytes.substr(i, piece));
    split.finish();

    if (whole_events != split_events) std::abort();

    std::vector<std::string> fast_events;
    parley::test::BraceFastPath fast([&](std::string_view payload) { fast_events.push_back("message\x1f" + std::string(payload)); });
    parley::SseParser with_fast_path([&](const parley::SseEvent& e) { fast_events.push_back(joined(e)); });
    with_fast_path.set_fast_path(&fast);
    for (std::size_t i = 0; i < bytes.size(); i += piece) with_fast_path.feed(bytes.substr(i, piece));
    with_fast_path.finish();

    if (whole_events != fast_events) std::abort();
    return 0;
}
