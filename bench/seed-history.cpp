// Seeds a profile's history for the desktop benchmarks (bench/gui-*-bench.sh):
// CONVERSATIONS conversations of MESSAGES messages each, user and assistant
// in turn, the replies Markdown of the kinds a model writes (headings,
// emphasis, lists, code blocks, tables), through the history's own import.
// Each run adds conversations newer than any before, so the last seeded is
// listed first.
//   seed-history HOME CONVERSATIONS MESSAGES [TITLE]
#include "history/history-store.h"
#include "settings/profile-paths.h"

#include <array>
#include <cstdio>
#include <random>
#include <string>

using namespace parley;

namespace {

constexpr std::array kWords = {"parley", "stream",   "history", "render", "window", "message", "branch",
                               "reply",  "markdown", "table",   "cache",  "thread", "layout",  "provider",
                               "model",  "token",    "answer",  "quick",  "later",  "system",  "value"};

std::string words(std::mt19937& rng, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out += (i ? " " : "") + std::string(kWords[rng() % kWords.size()]);
    return out;
}

std::string reply(std::mt19937& rng, int n) {
    std::string out;
    if (n % 4 == 0) out += "## " + words(rng, 4) + "\n\n";
    out += words(rng, 12) + " **" + words(rng, 2) + "** and `" + words(rng, 1) + "()` " + words(rng, 20) + ".\n\n";
    for (int i = 1; i <= 3; ++i) out += "- " + words(rng, 6) + " *" + words(rng, 2) + "*\n";
    if (n % 5 == 0) {
        out += "\n```cpp\n";
        for (int i = 0; i < 6; ++i)
            out += "auto " + words(rng, 1) + std::to_string(i) + " = load(\"" + words(rng, 2) + "\");\n";
        out += "```\n";
    }
    if (n % 10 == 0) {
        out += "\n| name | value |\n|---|--:|\n";
        for (int i = 0; i < 3; ++i) out += "| " + words(rng, 1) + " | " + std::to_string(rng() % 1000) + " |\n";
    }
    out += "\n" + words(rng, 15) + ", see [the docs](https://example.org/" + words(rng, 1) + ").";
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: seed-history HOME CONVERSATIONS MESSAGES [TITLE]\n");
        return 2;
    }
    try {
        const ProfilePaths paths = ProfilePaths::portable(argv[1]);
        paths.create_directories();
        const int conversations = std::stoi(argv[2]);
        const int messages = std::stoi(argv[3]);
        const std::string title = argc > 4 ? argv[4] : "Seeded conversation";
        HistoryStore store(paths.history_file(), 1, [](std::int64_t) { return false; });
        const std::int64_t first = store.list_conversations().size();
        const std::int64_t now = HistoryStore::now_millis();
        std::mt19937 rng(static_cast<unsigned>(first + 7));
        auto import = store.begin_import();
        for (int c = 0; c < conversations; ++c) {
            ImportedConversation conversation;
            conversation.uuid = "seed-" + std::to_string(first + c);
            conversation.title = title + " " + std::to_string(first + c + 1);
            conversation.created_at = now + c;
            conversation.updated_at = now + c;
            conversation.provider = "local";
            conversation.model = "bench-model";
            for (int m = 0; m < messages; ++m) {
                ImportedMessage message;
                if (m > 0) message.parent = static_cast<std::size_t>(m - 1);
                const bool user = m % 2 == 0;
                message.record.role = user ? "user" : "assistant";
                message.record.content = user ? words(rng, 10) + "?" : reply(rng, m / 2);
                message.record.created_at = now + c;
                message.record.provider = "local";
                if (!user) message.record.model = "bench-model";
                conversation.messages.push_back(std::move(message));
            }
            if (messages > 0) conversation.current_leaf = static_cast<std::size_t>(messages - 1);
            import->add(conversation);
        }
        import->commit();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "seed-history: %s\n", e.what());
        return 1;
    }
    return 0;
}
