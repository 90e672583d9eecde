// History at scale: 1,000,000 messages in 10,000 conversations, written as a
// ChatGPT export and imported; then search latency (p50/p99) against the
// same FTS5 query in the sqlite3 shell on the same file, conversation
// listing, and opening the database with recovery of the replies a dead
// writer left streaming (one per ten conversations). Peak RSS is printed
// after the import: the importer holds one conversation at a time.
//   history-bench [CONVERSATIONS] [MESSAGES_PER_CONVERSATION]
#include "archive/archive-import.h"
#include "history/history-store.h"
#include "history/search-query.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace parley;
using Clock = std::chrono::steady_clock;

namespace {

// A vocabulary of 20,000 made-up words drawn with Zipf's law, as words are
// in real text: a few very common, most rare.
class Vocabulary {
public:
    Vocabulary() {
        static constexpr std::array kSyllables = {"ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "qui", "an",
                                                  "ber", "ix", "no", "pra", "ul", "zet", "ho", "fi", "gra", "mun"};
        for (std::size_t i = 0; words_.size() < kSize; ++i) {
            std::string word;
            for (std::size_t n = i; word.empty() || n > 0; n /= kSyllables.size()) word += kSyllables[n % kSyllables.size()];
            if (word.size() >= 3) words_.push_back(word);
        }
        std::vector<double> weights;
        for (std::size_t rank = 1; rank <= kSize; ++rank) weights.push_back(1.0 / static_cast<double>(rank));
        pick_ = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
    }
    const std::string& by_rank(std::size_t rank) const { return words_.at(rank); }
    std::string sentence(std::mt19937& rng, int count) {
        std::string out;
        for (int i = 0; i < count; ++i) out += (i ? " " : "") + words_[pick_(rng)];
        return out;
    }

private:
    static constexpr std::size_t kSize = 20'000;
    std::vector<std::string> words_;
    std::discrete_distribution<std::size_t> pick_;
};

void write_chatgpt_export(const std::filesystem::path& file, int conversations, int messages, Vocabulary& words) {
    std::ofstream out(file, std::ios::binary);
    std::mt19937 rng(42);
    out << "[";
    for (int c = 0; c < conversations; ++c) {
        nlohmann::json mapping = nlohmann::json::object();
        mapping["root"] = {{"id", "root"}, {"message", nullptr}, {"parent", nullptr}, {"children", {"n0"}}};
        for (int m = 0; m < messages; ++m) {
            const std::string id = "n" + std::to_string(m);
            const bool user = m % 2 == 0;
            nlohmann::json node = {
                {"id", id},
                {"parent", m == 0 ? "root" : "n" + std::to_string(m - 1)},
                {"children", m + 1 < messages ? nlohmann::json::array({"n" + std::to_string(m + 1)}) : nlohmann::json::array()},
                {"message",
                 {{"id", id},
                  {"author", {{"role", user ? "user" : "assistant"}}},
                  {"create_time", 1700000000.0 + c * 1000 + m},
                  {"content", {{"content_type", "text"}, {"parts", {words.sentence(rng, user ? 12 : 40)}}}},
                  {"status", "finished_successfully"},
                  {"metadata", {{"model_slug", "gpt-4o"}}},
                  {"recipient", "all"}}}};
            mapping[id] = std::move(node);
        }
        const nlohmann::json conversation = {{"title", "Conversation " + std::to_string(c) + ": " + words.sentence(rng, 4)},
                                             {"create_time", 1700000000.0 + c * 1000},
                                             {"update_time", 1700000000.0 + c * 1000 + messages},
                                             {"conversation_id", "bench-" + std::to_string(c)},
                                             {"current_node", "n" + std::to_string(messages - 1)},
                                             {"mapping", mapping}};
        out << (c ? ",\n" : "\n") << conversation.dump();
    }
    out << "\n]\n";
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

long peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

// The same MATCH in the sqlite3 shell, timed by the shell itself.
std::vector<double> shell_timings(const std::filesystem::path& db, const std::vector<std::string>& queries,
                                  const std::filesystem::path& dir) {
    const auto script = dir / "queries.sql";
    {
        std::ofstream out(script);
        out << ".timer on\n.output /dev/null\n";
        for (const auto& q : queries) {
            std::string match = fts_match_expression(q);
            std::string escaped;
            for (const char ch : match) escaped += ch == '\'' ? std::string("''") : std::string(1, ch);
            // The statement HistoryStore::search runs, without its joins.
            out << "SELECT rowid, snippet(message_search, 0, '[', ']', '…', 12) FROM message_search WHERE "
                   "message_search MATCH '"
                << escaped << "' AND rowid >= coalesce((SELECT rowid FROM message_search WHERE message_search MATCH '"
                << escaped << "' ORDER BY rowid DESC LIMIT 1 OFFSET 4999), 0) ORDER BY rank LIMIT 20;\n";
        }
    }
    const auto log = dir / "timer.txt";
    const std::string command = "sqlite3 '" + db.string() + "' < '" + script.string() + "' > '" + log.string() + "' 2>&1";
    if (std::system(command.c_str()) != 0) return {};
    std::ifstream in(log);
    std::vector<double> times;
    const std::regex real(R"(Run Time: real ([0-9.]+))");
    for (std::string line; std::getline(in, line);) {
        std::smatch match;
        if (std::regex_search(line, match, real)) times.push_back(std::stod(match[1]) * 1000.0);
    }
    return times;
}

}  // namespace

int main(int argc, char** argv) {
    const int conversations = argc > 1 ? std::stoi(argv[1]) : 10'000;
    const int per_conversation = argc > 2 ? std::stoi(argv[2]) : 100;
    const auto dir = std::filesystem::temp_directory_path() / ("parley-history-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto archive = dir / "conversations.json";
    const auto db = dir / "history.db";

    // A figure past its target fails the run, so that a slower build is
    // noticed where the benchmark runs, not only read off its output.
    std::vector<std::string> missed;
    const auto check = [&missed](bool met, const char* what) {
        if (!met) missed.emplace_back(what);
    };

    auto start = Clock::now();
    Vocabulary words;
    write_chatgpt_export(archive, conversations, per_conversation, words);
    std::printf("archive written:        %.1f s, %.0f MB, %d conversations x %d messages\n", ms_since(start) / 1000,
                static_cast<double>(std::filesystem::file_size(archive)) / 1e6, conversations, per_conversation);
    const long rss_before_import = peak_rss_mb();

    ImportReport report;
    {
        HistoryStore store(db, 1, [](std::int64_t) { return false; });
        std::ifstream in(archive, std::ios::binary);
        start = Clock::now();
        report = import_archive(store, in, ArchiveFormat::chatgpt);
        const double import_s = ms_since(start) / 1000;
        std::printf("import:                 %.1f s for %zu messages (target < 60 s)\n", import_s, report.messages);
        check(import_s < 60, "import");
    }
    std::printf("peak RSS after import:  %ld MB (%ld MB before it; the archive is %.0f MB)\n", peak_rss_mb(),
                rss_before_import, static_cast<double>(std::filesystem::file_size(archive)) / 1e6);

    // Replies left streaming by a writer that died (process 1), one in every
    // tenth conversation, for the next open to recover.
    std::vector<std::int64_t> left_streaming;
    {
        HistoryStore writer(db, 1, [](std::int64_t) { return true; });
        const auto listed = writer.list_conversations();
        for (std::size_t i = 0; i < listed.size(); i += 10) {
            MessageRecord reply;
            reply.conversation_id = listed[i].id;
            reply.parent_id = writer.current_branch(listed[i].id).back().id;
            reply.role = "assistant";
            reply.status = MessageStatus::streaming;
            reply.content = "a reply cut short when its writer died";
            left_streaming.push_back(writer.add_message(reply));
        }
    }
    start = Clock::now();
    HistoryStore store(db, 2, [](std::int64_t) { return false; });
    const double open_ms = ms_since(start);
    std::printf("open with recovery:     %.1f ms for %zu interrupted replies (target < 50 ms)\n", open_ms,
                left_streaming.size());
    check(open_ms < 50, "open with recovery");
    for (const auto id : left_streaming) {
        if (store.find_message(id)->status != MessageStatus::interrupted) {
            std::printf("message %lld was not recovered\n", static_cast<long long>(id));
            return 1;
        }
    }

    std::vector<double> list_times;
    std::size_t listed = 0;
    for (int i = 0; i < 20; ++i) {
        start = Clock::now();
        listed = store.list_conversations().size();
        list_times.push_back(ms_since(start));
    }
    const double list_p50 = percentile(list_times, 0.5);
    std::printf("list conversations:     p50 %.1f ms for %zu (target < 20 ms)\n", list_p50, listed);
    check(list_p50 < 20, "list conversations");

    // What people search for: words neither everywhere nor nowhere (ranks
    // 20 to 5,000 of 20,000), alone, in pairs, as prefixes and as phrases.
    std::mt19937 rng(7);
    std::uniform_int_distribution<std::size_t> rank(20, 5'000);
    std::vector<std::string> queries;
    for (int i = 0; i < 200; ++i) {
        const std::string& a = words.by_rank(rank(rng));
        const std::string& b = words.by_rank(rank(rng));
        switch (i % 4) {
            case 0: queries.push_back(a); break;
            case 1: queries.push_back(a + " " + b); break;
            case 2: queries.push_back(a.substr(0, std::max<std::size_t>(3, a.size() - 2)) + "*"); break;
            default: queries.push_back("\"" + words.by_rank(rank(rng) / 10) + " " + a + "\""); break;
        }
    }
    for (const auto& q : queries) store.search(q, 20);  // warm the page cache, as the shell run will find it
    std::vector<double> search_times;
    for (const auto& q : queries) {
        start = Clock::now();
        const auto hits = store.search(q, 20);
        search_times.push_back(ms_since(start));
    }
    const auto slowest = std::max_element(search_times.begin(), search_times.end()) - search_times.begin();
    const auto shell = shell_timings(db, queries, dir);
    const double p50 = percentile(search_times, 0.5);
    const double p99 = percentile(search_times, 0.99);
    std::printf("history search:         p50 %.2f ms, p99 %.2f ms over %zu queries (targets 20 / 100 ms); slowest: %s\n",
                p50, p99, queries.size(), queries[static_cast<std::size_t>(slowest)].c_str());
    check(p50 < 20 && p99 < 100, "history search");
    if (shell.size() == queries.size()) {
        const double shell_p50 = percentile(shell, 0.5);
        const double shell_p99 = percentile(shell, 0.99);
        const double total = std::accumulate(search_times.begin(), search_times.end(), 0.0);
        const double shell_total = std::accumulate(shell.begin(), shell.end(), 0.0);
        // The shell's timer has millisecond resolution: compare totals.
        std::printf("sqlite3 shell, same:    p50 %.0f ms, p99 %.0f ms; all queries %.0f ms vs parley %.0f ms, ratio %.2f\n",
                    shell_p50, shell_p99, shell_total, total, shell_total > 0 ? total / shell_total : 0.0);
    } else {
        std::printf("sqlite3 shell:          not run (install the sqlite3 package for the reference figures)\n");
    }
    std::filesystem::remove_all(dir);
    if (report.messages != static_cast<std::size_t>(conversations) * static_cast<std::size_t>(per_conversation)) {
        std::printf("the import lost messages\n");
        return 1;
    }
    for (const auto& what : missed) std::printf("target missed: %s\n", what.c_str());
    return missed.empty() ? 0 : 1;
}
