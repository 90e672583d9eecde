// History through the real binary: nothing lost when a chat is killed,
// two writers at once, search, export and import.
#include "cli-harness.h"
#include "fake-provider.h"
#include "private-tmpfs.h"

#include <sqlite3.h>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

using namespace parley::test;

namespace {

const std::filesystem::path kFixtures = PARLEY_SOURCE_DIR "/tests/fixtures";

struct Fixture {
    FakeProvider server;
    CliHarness cli;

    Fixture() {
        const auto added = cli.run(
            {"provider", "add", "p", "--kind", "openai", "--base-url", server.origin() + "/v1", "--model", "m"});
        BOOST_TEST_REQUIRE(added.exit_code == 0, added.err);
        // Environment keys serve only the vendor's own host, never the fake.
        BOOST_TEST_REQUIRE(cli.run({"key", "set", "p"}, "sk-history-cli-test-0123456789").exit_code == 0);
    }
    std::filesystem::path database() const { return cli.home() / "data" / "history.db"; }
};

// One value from the database, read the way any other program would.
std::string query_text(const std::filesystem::path& db_path, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return {};
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* statement = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
        if (const auto* text = sqlite3_column_text(statement, 0)) out = reinterpret_cast<const char*>(text);
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return out;
}

// The reply's text as saved so far: the row's, then the chunks a streaming
// reply appends.
constexpr const char* kReplyText =
    "SELECT m.content || coalesce((SELECT group_concat(c.content, '') FROM "
    "(SELECT content FROM reply_chunks WHERE message_id = m.id ORDER BY id) c), '') "
    "FROM messages m WHERE m.role = 'assistant'";

// Polls a condition another process makes true; the deadline only bounds a
// broken run.
template <typename Condition>
bool eventually(Condition condition) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::yield();
    }
    return false;
}

// parley-cli on a "full disk": no file may grow past `bytes`. Writes past a
// file-size limit fail the way they do on a full disk, and need neither
// privileges nor a filesystem to fill; the signal the kernel would send on
// such a write is ignored, as it is for a real full disk.
ProcessResult run_with_file_size_limit(Fixture& f, std::size_t bytes, const std::vector<std::string>& cli_args) {
    std::vector<std::string> args{"-c", "trap '' XFSZ; exec prlimit --fsize=\"$0\" -- \"$@\"", std::to_string(bytes),
                                  cli_path()};
    args.insert(args.end(), cli_args.begin(), cli_args.end());
    return run_process("/bin/sh", args, "", f.cli.env());
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(history_cli)

BOOST_AUTO_TEST_CASE(a_chat_killed_with_sigkill_keeps_its_partial_reply_and_a_sound_database) {
    Fixture f;
    auto chat = f.cli.start({"chat", "-m", "m+slow=40+long=20000", "write a long story"});
    chat->close_stdin();
    // Streaming has reached the database: the reply row holds text.
    const std::string sql = kReplyText;
    BOOST_REQUIRE(eventually([&] { return query_text(f.database(), sql).size() >= 64; }));
    chat->send_signal(SIGKILL);
    BOOST_TEST(chat->wait() == 128 + SIGKILL);

    const auto show = f.cli.run_json({"history", "show", "1", "--json"});
    const auto& reply = show["messages"].at(1);
    BOOST_TEST(reply["status"] == "interrupted");
    const std::string kept = reply["content"];
    BOOST_TEST(kept.size() >= 64U);
    BOOST_TEST(chat->out().starts_with(kept));
    BOOST_TEST(query_text(f.database(), "PRAGMA integrity_check") == "ok");
    BOOST_TEST(
        query_text(f.database(), "INSERT INTO message_search(message_search) VALUES ('integrity-check')").empty());
}

BOOST_AUTO_TEST_CASE(text_that_arrives_before_the_stream_goes_quiet_is_saved_within_the_flush_interval) {
    Fixture f;
    // Three deltas in quick succession, then silence: only the periodic
    // save can put the last two on disk.
    auto chat = f.cli.start({"chat", "-m", "m+stall=3", "hello"});
    chat->close_stdin();
    const std::string sql = kReplyText;
    BOOST_REQUIRE(eventually([&] { return query_text(f.database(), sql) == "Hello! This is"; }));
    chat->send_signal(SIGKILL);
    chat->wait();
    const auto reply = f.cli.run_json({"history", "show", "1", "--json"})["messages"].at(1);
    BOOST_TEST(reply["content"] == "Hello! This is");
    BOOST_TEST(reply["status"] == "interrupted");
}

BOOST_AUTO_TEST_CASE(a_full_disk_is_a_clear_error_and_loses_nothing_already_saved) {
    Fixture f;
    BOOST_REQUIRE(f.cli.run({"chat", "first question"}).exit_code == 0);
    const auto requests_before = f.server.requests().size();

    // No room at all: nothing is sent and no empty conversation is left.
    const auto full = run_with_file_size_limit(f, 0, {"chat", "second question"});
    BOOST_TEST(full.exit_code == 1);
    BOOST_TEST(full.err.find("history database") != std::string::npos, full.err);
    BOOST_TEST(full.err.find("is it full?") != std::string::npos, full.err);
    BOOST_TEST(full.out.empty());
    BOOST_TEST(f.server.requests().size() == requests_before);

    // Room for the question but never for a 400 KB reply: the whole reply
    // still reaches stdout, and the error says it was not saved. The limit
    // is on each file's size, the database's own among them.
    const auto room = std::filesystem::file_size(f.database()) + 300000;
    const auto tight = run_with_file_size_limit(f, room, {"chat", "-m", "m+long=400000", "third question"});
    BOOST_TEST(tight.exit_code == 1);
    BOOST_TEST(tight.out.size() == 400001U);
    BOOST_TEST(tight.err.find("the reply could not be saved") != std::string::npos, tight.err);
    BOOST_TEST(tight.err.find("is it full?") != std::string::npos, tight.err);

    // With room again, all that was saved is there and sound.
    BOOST_TEST(query_text(f.database(), "PRAGMA integrity_check") == "ok");
    const auto list = f.cli.run_json({"history", "list", "--json"});
    BOOST_TEST_REQUIRE(list.size() == 2U);
    const auto third = f.cli.run_json({"history", "show", std::to_string(list[0]["id"].get<std::int64_t>()), "--json"});
    const auto& messages = third["messages"];
    BOOST_TEST_REQUIRE(messages.size() == 2U);
    BOOST_TEST(messages[0]["content"] == "third question");
    BOOST_TEST(messages[1]["status"] == "interrupted");
    const std::string kept = messages[1]["content"];
    BOOST_TEST(!kept.empty());
    BOOST_TEST(tight.out.starts_with(kept));
}

// A real filesystem with no room left: SQLite gets ENOSPC (SQLITE_FULL),
// which a file-size limit never produces.
BOOST_AUTO_TEST_CASE(a_real_full_disk_is_named_as_such_and_loses_nothing_already_saved) {
    FakeProvider server;
    CliHarness cli;
    const PrivateTmpfs disk(cli.home(), 4 * 1024 * 1024);
    const auto parley = [&](const std::vector<std::string>& args) { return disk.run(cli_path(), args, cli.env()); };
    const std::string db = (cli.home() / "data" / "history.db").string();
    const auto sql = [&](const std::string& statement) { return disk.run("/usr/bin/sqlite3", {db, statement}).out; };

    BOOST_REQUIRE(parley({"provider", "add", "p", "--kind", "openai-compatible", "--base-url", server.origin() + "/v1",
                          "--model", "m"})
                      .exit_code == 0);
    const auto first = parley({"chat", "first question"});
    BOOST_REQUIRE_MESSAGE(first.exit_code == 0, first.err);

    // To the brim: the filler grows until the filesystem refuses a byte.
    const std::string filler = (cli.home() / "filler").string();
    const auto filled = disk.run("/bin/sh", {"-c", "cat /dev/zero > \"$0\"", filler});
    BOOST_REQUIRE_MESSAGE(filled.err.find("No space left on device") != std::string::npos, filled.err);

    const auto full = parley({"chat", "-m", "m+long=200000", "second question"});
    BOOST_TEST(full.exit_code == 1);
    BOOST_TEST(full.err.find("history database") != std::string::npos, full.err);
    BOOST_TEST(full.err.find("the disk is full") != std::string::npos, full.err);
    BOOST_TEST(std::count(full.err.begin(), full.err.end(), '\n') == 1, full.err);

    // Room again: what was saved before is all there and sound.
    BOOST_REQUIRE(disk.run("/bin/rm", {filler}).exit_code == 0);
    BOOST_TEST(sql("PRAGMA integrity_check") == "ok\n");
    BOOST_TEST(sql("INSERT INTO message_search(message_search) VALUES ('integrity-check')").empty());
    BOOST_TEST(sql("SELECT content FROM messages WHERE id = 1") == "first question\n");
    BOOST_TEST(sql("SELECT content FROM messages WHERE id = 2") == "Hello! This is a reply from the fake provider.\n");
    BOOST_TEST(parley({"chat", "third question"}).exit_code == 0);
}

BOOST_AUTO_TEST_CASE(two_processes_writing_at_once_never_see_a_locked_database) {
    Fixture f;
    std::vector<std::unique_ptr<ChildProcess>> writers;
    for (int i = 0; i < 6; ++i) {
        writers.push_back(f.cli.start({"chat", "-m", "m+slow=15+long=900", "writer " + std::to_string(i)}));
        writers.back()->close_stdin();
    }
    // An import holds the write lock while they stream.
    const auto imported = f.cli.run({"history", "import", (kFixtures / "chatgpt-conversations.json").string()});
    BOOST_TEST(imported.exit_code == 0, imported.err);
    for (auto& writer : writers) {
        BOOST_TEST(writer->wait() == 0, writer->err());
        BOOST_TEST(writer->err().find("locked") == std::string::npos, writer->err());
    }
    const auto list = f.cli.run_json({"history", "list", "--json"});
    BOOST_TEST(list.size() == 7U);
    BOOST_TEST(query_text(f.database(), "PRAGMA integrity_check") == "ok");
    BOOST_TEST(query_text(f.database(), "SELECT count(*) FROM messages WHERE status != 'complete'") == "0");
}

BOOST_AUTO_TEST_CASE(conversations_are_renamed_pinned_and_archived_from_the_command_line) {
    Fixture f;
    BOOST_REQUIRE(f.cli.run({"chat", "first topic"}).exit_code == 0);
    BOOST_REQUIRE(f.cli.run({"chat", "second topic"}).exit_code == 0);

    BOOST_TEST(f.cli.run({"history", "rename", "1", "Trip", "to", "Rome"}).exit_code == 0);
    BOOST_TEST(f.cli.run({"history", "pin", "1"}).exit_code == 0);
    auto list = f.cli.run_json({"history", "list", "--json"});
    BOOST_REQUIRE_EQUAL(list.size(), 2U);
    BOOST_TEST(list[0]["id"] == 1);
    BOOST_TEST(list[0]["title"] == "Trip to Rome");
    BOOST_TEST(list[0]["pinned"] == true);

    // Archived conversations leave the list, not the history.
    BOOST_TEST(f.cli.run({"history", "archive", "2"}).exit_code == 0);
    const auto shown = f.cli.run({"history", "list"});
    BOOST_TEST(shown.out.find("second topic") == std::string::npos, shown.out);
    BOOST_TEST(shown.out.find("[pinned] Trip to Rome") != std::string::npos, shown.out);
    BOOST_TEST(shown.err.find("1 archived") != std::string::npos, shown.err);
    list = f.cli.run_json({"history", "list", "--all", "--json"});
    BOOST_REQUIRE_EQUAL(list.size(), 2U);
    BOOST_TEST(list[1]["archived"] == true);
    BOOST_TEST(f.cli.run({"history", "unarchive", "2"}).exit_code == 0);
    BOOST_TEST(f.cli.run_json({"history", "list", "--json"}).size() == 2U);

    BOOST_TEST(f.cli.run({"history", "pin", "99"}).exit_code == 1);
    BOOST_TEST(f.cli.run({"history", "rename", "1"}).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(search_finds_messages_with_snippets_as_json) {
    Fixture f;
    BOOST_REQUIRE(f.cli.run({"chat", "-m", "m+echo", "how do penguins keep warm"}).exit_code == 0);
    BOOST_REQUIRE(f.cli.run({"chat", "-m", "m+echo", "tell me about volcanoes"}).exit_code == 0);
    const auto hits = f.cli.run_json({"history", "search", "penguin", "--json"});
    BOOST_REQUIRE_EQUAL(hits.size(), 2U);  // the question and the echoed answer
    for (const auto& hit : hits) {
        for (const char* field : {"conversation_id", "conversation_title", "message_id", "role", "snippet", "score"}) {
            BOOST_TEST(hit.contains(field), field);
        }
        BOOST_TEST(hit["snippet"].get<std::string>().find("[penguins]") != std::string::npos);
        BOOST_TEST(hit["conversation_title"] == "how do penguins keep warm");
    }
    BOOST_TEST(f.cli.run_json({"history", "search", "glaciers", "--json"}).empty());
    const auto empty = f.cli.run({"history", "search"});
    BOOST_TEST(empty.exit_code == 2);
}

BOOST_AUTO_TEST_CASE(export_then_import_reproduces_the_conversation_and_reports_what_it_did) {
    Fixture f;
    BOOST_REQUIRE(f.cli.run({"chat", "-m", "m+echo", "first question"}).exit_code == 0);
    BOOST_REQUIRE(f.cli.run({"chat", "--continue", "-m", "m+echo", "second question"}).exit_code == 0);
    const auto json_file = f.cli.home() / "export.json";
    const auto md_file = f.cli.home() / "export.md";
    BOOST_REQUIRE(f.cli.run({"history", "export", "1", "--format", "json", "-o", json_file.string()}).exit_code == 0);
    BOOST_REQUIRE(f.cli.run({"history", "export", "1", "--format", "markdown", "-o", md_file.string()}).exit_code == 0);
    const std::string md = read_file(md_file);
    BOOST_TEST(md.find("# first question") == 0U, md);
    BOOST_TEST(md.find("## Assistant · m+echo · ") != std::string::npos, md);
    BOOST_TEST(md.find("You said: second question") != std::string::npos, md);

    const auto before = f.cli.run_json({"history", "show", "1", "--json"});
    BOOST_REQUIRE(f.cli.run({"history", "delete", "1"}).exit_code == 0);
    BOOST_TEST(f.cli.run_json({"history", "search", "second", "--json"}).empty());
    const auto report = f.cli.run_json({"history", "import", json_file.string(), "--json"});
    BOOST_TEST(report["conversations"] == 1);
    BOOST_TEST(report["messages"] == 4);
    const auto id = f.cli.run_json({"history", "list", "--json"}).at(0)["id"].get<long long>();
    auto after = f.cli.run_json({"history", "show", std::to_string(id), "--json"});
    auto strip_ids = [](nlohmann::json c) {
        c.erase("id");
        c.erase("current_leaf_id");
        for (auto& m : c["messages"]) {
            m.erase("id");
            m.erase("parent_id");
        }
        return c;
    };
    BOOST_TEST(strip_ids(after) == strip_ids(before), "before: " << before.dump() << "\nafter: " << after.dump());
    const auto twice = f.cli.run_json({"history", "import", json_file.string(), "--json"});
    BOOST_TEST(twice["conversations"] == 0);
    BOOST_TEST(twice["already_present"] == 1);
}

BOOST_AUTO_TEST_CASE(export_all_writes_every_conversation_as_an_archive_that_imports_into_a_new_home) {
    Fixture f;
    BOOST_REQUIRE(f.cli.run({"chat", "-m", "m+echo", "about otters"}).exit_code == 0);
    BOOST_REQUIRE(f.cli.run({"chat", "-m", "m+echo", "about puffins"}).exit_code == 0);
    BOOST_REQUIRE(f.cli.run({"history", "archive", "1"}).exit_code == 0);
    const auto backup = f.cli.home() / "backup.json";

    const auto no_file = f.cli.run({"history", "export", "--all"});
    BOOST_TEST(no_file.exit_code == 2);
    BOOST_TEST(no_file.err.find("needs -o FILE") != std::string::npos, no_file.err);
    const auto markdown = f.cli.run({"history", "export", "--all", "--format", "markdown", "-o", backup.string()});
    BOOST_TEST(markdown.exit_code == 2);
    BOOST_TEST(!std::filesystem::exists(backup));

    const auto exported = f.cli.run({"history", "export", "--all", "-o", backup.string()});
    BOOST_REQUIRE_MESSAGE(exported.exit_code == 0, exported.err);
    BOOST_TEST(exported.err.find("Exported 2 conversations (4 messages)") != std::string::npos, exported.err);
    const auto archive = nlohmann::json::parse(read_file(backup));
    BOOST_REQUIRE(archive.is_array());
    BOOST_TEST(archive.size() == 2U);  // the archived one too

    // Into a home of its own, as a restore on a new machine would.
    const CliHarness restored;
    const auto report = restored.run_json({"history", "import", backup.string(), "--json"});
    BOOST_TEST(report["conversations"] == 2);
    BOOST_TEST(report["messages"] == 4);
    BOOST_TEST(restored.run_json({"history", "search", "puffins", "--json"}).size() == 2U);
    BOOST_TEST(restored.run_json({"history", "list", "--all", "--json"}).size() == 2U);
}

BOOST_AUTO_TEST_CASE(a_delete_while_another_window_reads_warns_and_the_next_open_clears_the_log) {
    Fixture f;
    BOOST_REQUIRE(f.cli.run({"chat", "-m", "m+echo", "my locker code is quokkaburrow"}).exit_code == 0);
    // Another Parley window: a second connection on the file, in the middle
    // of a read.
    sqlite3* window = nullptr;
    BOOST_REQUIRE(sqlite3_open(f.database().c_str(), &window) == SQLITE_OK);
    BOOST_REQUIRE(sqlite3_exec(window, "BEGIN; SELECT count(*) FROM messages;", nullptr, nullptr, nullptr) ==
                  SQLITE_OK);

    const auto deleted = f.cli.run({"history", "delete", "1"});
    BOOST_TEST(deleted.exit_code == 0, deleted.err);
    BOOST_TEST(deleted.err.find("write-ahead log") != std::string::npos, deleted.err);
    BOOST_TEST(deleted.err.find("until that window closes") != std::string::npos, deleted.err);
    // What the warning is about: the reader's snapshot keeps the old pages.
    BOOST_TEST(read_file(f.database()).find("quokkaburrow") != std::string::npos);

    // The window's read ends, and the window stays open. The next open
    // finishes the job: a chat that is still streaming (so has not closed
    // the history, which as the last connection would empty the log too).
    BOOST_REQUIRE(sqlite3_exec(window, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
    auto chat = f.cli.start({"chat", "-m", "m+stall", "still streaming"});
    chat->close_stdin();
    BOOST_REQUIRE(chat->wait_for_stdout(1));
    for (const char* suffix : {"", "-wal"}) {
        const std::string bytes = read_file(f.database().string() + suffix);
        BOOST_TEST(bytes.find("quokkaburrow") == std::string::npos, "found in history.db" << suffix);
    }
    chat->send_signal(SIGKILL);
    chat->wait();
    sqlite3_close(window);

    // Without a reader, a delete says nothing more.
    const auto another = f.cli.run_json({"chat", "--json", "-m", "m+echo", "another"})["conversation_id"].dump();
    const auto quiet = f.cli.run({"history", "delete", another});
    BOOST_TEST(quiet.err == "Deleted conversation " + another + "\n");
}

BOOST_AUTO_TEST_CASE(delete_message_removes_it_and_what_is_below_it_and_leaves_no_text_in_the_files) {
    Fixture f;
    BOOST_REQUIRE(f.cli.run({"chat", "-m", "m+echo", "first question"}).exit_code == 0);
    BOOST_REQUIRE(f.cli.run({"chat", "--continue", "-m", "m+echo", "my pin is wombatlantern"}).exit_code == 0);
    // Message ids: 1 user, 2 reply, 3 user, 4 reply (which echoes the pin).
    const auto deleted = f.cli.run({"history", "delete-message", "3"});
    BOOST_TEST(deleted.exit_code == 0, deleted.err);
    BOOST_TEST(deleted.err == "Deleted message 3 and the 1 message below it from conversation 1\n");
    const auto show = f.cli.run_json({"history", "show", "1", "--json"});
    BOOST_REQUIRE_EQUAL(show["messages"].size(), 2U);
    BOOST_TEST(show["messages"][1]["content"] == "You said: first question");
    BOOST_TEST(show["current_leaf_id"] == 2);
    BOOST_TEST(f.cli.run_json({"history", "search", "wombatlantern", "--json"}).empty());
    for (const char* suffix : {"", "-wal"}) {
        const std::string bytes = read_file(f.database().string() + suffix);
        BOOST_TEST(bytes.find("wombatlantern") == std::string::npos, "found in history.db" << suffix);
    }

    const auto last = f.cli.run({"history", "delete-message", "2"});
    BOOST_TEST(last.err == "Deleted message 2 from conversation 1\n");
    const auto missing = f.cli.run({"history", "delete-message", "4"});
    BOOST_TEST(missing.exit_code == 1);
    BOOST_TEST(missing.err == "parley-cli: no message with id 4\n");
    BOOST_TEST(f.cli.run({"history", "delete-message", "x"}).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(importing_a_malformed_archive_fails_clearly_and_imports_nothing) {
    CliHarness cli;
    const auto broken = cli.home() / "conversations.json";
    std::string text = read_file(kFixtures / "chatgpt-conversations.json");
    text.resize(text.size() / 2);
    std::ofstream(broken, std::ios::binary) << text;
    const auto result = cli.run({"history", "import", broken.string(), "--from", "chatgpt"});
    BOOST_TEST(result.exit_code == 1);
    BOOST_TEST(result.err.find("byte") != std::string::npos, result.err);
    BOOST_TEST(result.err.find("nothing was imported") != std::string::npos, result.err);
    BOOST_TEST(std::count(result.err.begin(), result.err.end(), '\n') == 1, result.err);
    BOOST_TEST(cli.run_json({"history", "list", "--json"}).empty());

    const auto good = cli.run({"history", "import", (kFixtures / "claude-conversations.json").string()});
    BOOST_TEST(good.exit_code == 0, good.err);
    BOOST_TEST(good.out == "Imported 1 conversations (3 messages)\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(history_branches)

BOOST_AUTO_TEST_CASE(editing_and_regenerating_create_branches_and_the_conversation_shows_the_newest) {
    Fixture f;
    BOOST_REQUIRE(f.cli.run({"chat", "-m", "m+echo", "first question"}).exit_code == 0);
    BOOST_REQUIRE(f.cli.run({"chat", "--continue", "-m", "m+echo", "second question"}).exit_code == 0);
    // Message ids: 1 user, 2 reply, 3 user, 4 reply.
    const auto edited = f.cli.run({"chat", "--edit", "3", "-m", "m+echo", "second question, rephrased"});
    BOOST_TEST(edited.exit_code == 0, edited.err);
    BOOST_TEST(edited.out == "You said: second question, rephrased\n");
    auto show = f.cli.run_json({"history", "show", "1", "--json"});
    BOOST_TEST(show["messages"].size() == 6U);
    BOOST_TEST(show["messages"][4]["parent_id"] == 2);  // a sibling of message 3
    BOOST_TEST(show["current_leaf_id"] == 6);
    // The provider saw the edited branch only.
    const auto sent = f.server.requests().back()["body"]["messages"];
    BOOST_TEST(sent.size() == 3U);
    BOOST_TEST(sent.back()["content"] == "second question, rephrased");

    const auto again = f.cli.run({"chat", "--regenerate", "2", "-m", "m+long=40"});
    BOOST_TEST(again.exit_code == 0, again.err);
    show = f.cli.run_json({"history", "show", "1", "--json"});
    BOOST_TEST(show["messages"].size() == 7U);
    BOOST_TEST(show["messages"][6]["parent_id"] == 1);  // another answer to the first question
    BOOST_TEST(show["current_leaf_id"] == 7);
    BOOST_TEST(f.server.requests().back()["body"]["messages"].size() == 1U);
    const auto text = f.cli.run({"history", "show", "1"});
    BOOST_TEST(text.out.find("second question") == std::string::npos, text.out);

    BOOST_TEST(f.cli.run({"chat", "--regenerate", "1"}).exit_code == 2);   // not a reply
    BOOST_TEST(f.cli.run({"chat", "--edit", "2", "x"}).exit_code == 2);    // not a user message
    BOOST_TEST(f.cli.run({"chat", "--edit", "999", "x"}).exit_code == 2);  // no such message
}

BOOST_AUTO_TEST_CASE(an_archive_nested_100000_levels_deep_fails_clearly_and_imports_nothing) {
    CliHarness cli;
    const std::string bomb = std::string(100000, '[') + std::string(100000, ']');
    const std::pair<std::string, std::string> archives[] = {
        {"chatgpt", R"([{"id":"c1","title":"Deep","mapping":{"a":{"parent":null,"children":[],"message":{)"
                    R"("author":{"role":"user"},"content":{"content_type":"text","parts":["hi"]},"metadata":)" +
                        bomb + "}}}}]"},
        {"claude", R"([{"uuid":"u1","name":"Deep","chat_messages":[{"uuid":"m1","sender":"human","text":"hi",)"
                   R"("attachments":)" +
                       bomb + "}]}]"},
        {"parley", R"({"format":"parley.conversation","version":1,"uuid":"u","title":"Deep","messages":[{"id":1,)"
                   R"("role":"user","content":"hi","status":"complete","attachments":)" +
                       bomb + "}]}"},
    };
    for (const auto& [format, text] : archives) {
        const auto file = cli.home() / (format + ".json");
        std::ofstream(file, std::ios::binary) << text;
        const auto result = cli.run({"history", "import", file.string(), "--from", format});
        BOOST_TEST(result.exit_code == 1, format << " exit " << result.exit_code);
        BOOST_TEST(result.err.find("conversation 1 nests JSON deeper than 256 levels") != std::string::npos,
                   result.err);
        BOOST_TEST(result.err.find("nothing was imported") != std::string::npos, result.err);
        BOOST_TEST(std::count(result.err.begin(), result.err.end(), '\n') == 1, result.err);
    }
    BOOST_TEST(cli.run_json({"history", "list", "--json"}).empty());
}

BOOST_AUTO_TEST_CASE(a_chatgpt_time_beyond_the_calendar_fails_clearly_and_imports_nothing) {
    CliHarness cli;
    const auto file = cli.home() / "conversations.json";
    std::ofstream(file, std::ios::binary)
        << R"([{"id":"c1","title":"Far","create_time":1e17,"mapping":{"a":{"parent":null,"children":[],"message":{)"
           R"("author":{"role":"user"},"content":{"content_type":"text","parts":["hi"]}}}}}])";
    const auto result = cli.run({"history", "import", file.string()});
    BOOST_TEST(result.exit_code == 1);
    BOOST_TEST(result.err.find("'create_time' is not a time between the years 1 and 9999") != std::string::npos,
               result.err);
    BOOST_TEST(cli.run_json({"history", "list", "--json"}).empty());
}

BOOST_AUTO_TEST_SUITE_END()
