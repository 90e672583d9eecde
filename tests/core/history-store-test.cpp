#include "history/history-store.h"
#include "chat/persisting-sink.h"
#include "history/schema-migrations.h"
#include "history/sqlite-writeback.h"
#include "recording-sink.h"
#include "temp-dir.h"

#include <sqlite3.h>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#ifdef __linux__
#include <unistd.h>
#endif

using namespace parley;

namespace {

constexpr std::int64_t kOwnPid = 1000;
constexpr std::int64_t kLivePid = 2000;
constexpr std::int64_t kDeadPid = 3000;

bool alive(std::int64_t pid) {
    return pid == kLivePid || pid == kOwnPid;
}

MessageRecord message(std::int64_t conversation, std::optional<std::int64_t> parent, const std::string& role,
                      const std::string& content, MessageStatus status = MessageStatus::complete) {
    MessageRecord m;
    m.conversation_id = conversation;
    m.parent_id = parent;
    m.role = role;
    m.content = content;
    m.status = status;
    return m;
}

// A new conversation whose only message is a reply still streaming; its id.
std::int64_t streaming_reply(HistoryStore& store) {
    const auto c = store.create_conversation("t", "p", "m", "");
    return store.add_message(message(c, std::nullopt, "assistant", "", MessageStatus::streaming));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(history_store)

BOOST_AUTO_TEST_CASE(a_write_starts_the_writeback_of_the_megabytes_it_completes) {
    constexpr std::int64_t mb = 1024 * 1024;
    BOOST_TEST(completed_megabytes(0, 16384).size == 0);
    BOOST_TEST(completed_megabytes(mb, 16384).size == 0);
    BOOST_TEST(completed_megabytes(mb - 16384, 16384).offset == 0);
    BOOST_TEST(completed_megabytes(mb - 16384, 16384).size == mb);
    BOOST_TEST(completed_megabytes(2 * mb - 10, 20).offset == mb);
    BOOST_TEST(completed_megabytes(2 * mb - 10, 20).size == mb);
    BOOST_TEST(completed_megabytes(mb + 5, 3 * mb).offset == mb);
    BOOST_TEST(completed_megabytes(mb + 5, 3 * mb).size == 3 * mb);
    // A log written front to back, frame header then page, has each of its
    // megabytes started once and in order.
    std::int64_t started_to = 0;
    bool in_order = true;
    for (std::int64_t at = 32; at < 5 * mb;) {
        for (const std::int64_t size : {std::int64_t{24}, std::int64_t{16384}}) {
            const auto range = completed_megabytes(at, size);
            if (range.size > 0) {
                in_order = in_order && range.offset == started_to;
                started_to = range.offset + range.size;
            }
            at += size;
        }
    }
    BOOST_TEST(in_order);
    BOOST_TEST(started_to == 5 * mb);
}

BOOST_AUTO_TEST_CASE(a_reply_of_megabytes_is_written_through_the_writeback_and_reads_back_whole) {
    test::TempDir dir;
    std::string text(5 * 1024 * 1024 + 7, ' ');
    for (std::size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
    std::int64_t id = 0;
    {
        HistoryStore store(dir / "h.db", kOwnPid, alive);
#ifdef __linux__
        // SQLite's unix VFS writes through the wrapper now, not libc's call.
        sqlite3_vfs* vfs = sqlite3_vfs_find(nullptr);
        BOOST_TEST_REQUIRE(vfs != nullptr);
        BOOST_TEST(vfs->xGetSystemCall(vfs, "pwrite64") != reinterpret_cast<sqlite3_syscall_ptr>(&::pwrite64));
#endif
        const auto c = store.create_conversation("Long", "local", "m", "");
        id = store.add_message(message(c, std::nullopt, "assistant", text));
    }
    // Checkpointed into the database on close, as ever.
    BOOST_TEST(!std::filesystem::exists(dir / "h.db-wal"));
    HistoryStore reopened(dir / "h.db", kOwnPid, alive);
    const auto saved = reopened.find_message(id);
    BOOST_TEST_REQUIRE(saved.has_value());
    BOOST_TEST(saved->content.size() == text.size());
    BOOST_TEST((saved->content == text));
}

BOOST_AUTO_TEST_CASE(messages_form_a_tree_and_the_current_branch_follows_the_latest_leaf) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", kOwnPid, alive);
    const auto c = store.create_conversation("Trip", "local", "m", "");
    const auto u1 = store.add_message(message(c, std::nullopt, "user", "Plan a trip"));
    const auto a1 = store.add_message(message(c, u1, "assistant", "Where to?"));
    const auto u2 = store.add_message(message(c, a1, "user", "Rome"));
    // An edited second question branches from the same reply.
    const auto u2b = store.add_message(message(c, a1, "user", "Paris"));
    const auto branch = store.current_branch(c);
    BOOST_REQUIRE_EQUAL(branch.size(), 3U);
    BOOST_TEST(branch[2].id == u2b);
    BOOST_TEST(branch[2].content == "Paris");
    const auto all = store.load_conversation(c);
    BOOST_REQUIRE(all.has_value());
    BOOST_TEST(all->messages.size() == 4U);
    BOOST_TEST(*all->current_leaf_id == u2b);
    BOOST_TEST(u2 != u2b);
}

BOOST_AUTO_TEST_CASE(a_new_conversation_and_its_first_message_are_saved_together_or_not_at_all) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", kOwnPid, alive);
    const auto started =
        store.start_conversation("Trip", "local", "m", "be brief", message(0, std::nullopt, "user", "Plan a trip"));
    const auto saved = store.load_conversation(started.conversation_id);
    BOOST_TEST_REQUIRE(saved.has_value());
    BOOST_TEST_REQUIRE(saved->messages.size() == 1U);
    BOOST_TEST(saved->messages[0].id == started.message_id);
    BOOST_TEST(*saved->current_leaf_id == started.message_id);
    BOOST_TEST(saved->system_prompt == "be brief");

    // The message's write fails, as on a full disk: the conversation goes too.
    sqlite3* db = nullptr;
    BOOST_TEST_REQUIRE(sqlite3_open((dir / "h.db").string().c_str(), &db) == SQLITE_OK);
    BOOST_TEST_REQUIRE(sqlite3_exec(db,
                                    "CREATE TRIGGER refuse BEFORE INSERT ON messages "
                                    "BEGIN SELECT RAISE(ABORT, 'no room'); END",
                                    nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    BOOST_CHECK_THROW(store.start_conversation("Lost", "local", "m", "", message(0, std::nullopt, "user", "hi")),
                      HistoryError);
    BOOST_TEST(store.list_conversations().size() == 1U);
}

BOOST_AUTO_TEST_CASE(streaming_text_is_readable_by_another_connection_before_the_reply_ends) {
    test::TempDir dir;
    HistoryStore writer(dir / "h.db", kOwnPid, alive);
    const auto c = writer.create_conversation("t", "p", "m", "");
    const auto reply = writer.add_message(message(c, std::nullopt, "assistant", "", MessageStatus::streaming));
    writer.append_reply_text(reply, "partial ", "hm");
    writer.append_reply_text(reply, "rep", "m");
    HistoryStore reader(dir / "h.db", kOwnPid, alive);
    const auto seen = reader.current_branch(c);
    BOOST_REQUIRE_EQUAL(seen.size(), 1U);
    BOOST_TEST(seen[0].content == "partial rep");
    BOOST_TEST(seen[0].reasoning == "hmm");
    BOOST_TEST((seen[0].status == MessageStatus::streaming));
    BOOST_TEST(reader.find_message(reply)->content == "partial rep");
    BOOST_TEST(reader.load_conversation(c)->messages.at(0).content == "partial rep");
}

namespace {

// How many bytes the database's write-ahead log grows by from now on: a
// reader in another window keeps the log from being reused, so its size
// shows every byte written.
class LogGrowth {
public:
    explicit LogGrowth(const std::filesystem::path& database) : log_(database.string() + "-wal") {
        BOOST_REQUIRE(sqlite3_open(database.string().c_str(), &window_) == SQLITE_OK);
        BOOST_REQUIRE(sqlite3_exec(window_, "BEGIN; SELECT count(*) FROM messages;", nullptr, nullptr, nullptr) ==
                      SQLITE_OK);
        before_ = std::filesystem::file_size(log_);
    }
    ~LogGrowth() {
        sqlite3_exec(window_, "COMMIT", nullptr, nullptr, nullptr);
        sqlite3_close(window_);
    }
    LogGrowth(const LogGrowth&) = delete;
    LogGrowth& operator=(const LogGrowth&) = delete;

    std::uintmax_t bytes() const { return std::filesystem::file_size(log_) - before_; }

private:
    std::filesystem::path log_;
    sqlite3* window_ = nullptr;
    std::uintmax_t before_ = 0;
};

}  // namespace

BOOST_AUTO_TEST_CASE(each_save_of_a_long_reply_writes_what_it_adds_not_the_whole_reply) {
    test::TempDir dir;
    const auto path = dir / "h.db";
    HistoryStore store(path, kOwnPid, alive);
    const auto reply = streaming_reply(store);
    test::RecordingSink display;
    PersistingSink sink(store, reply, display, std::nullopt);
    std::string story;
    for (int i = 0; story.size() < 1024 * 1024; ++i) story += "word" + std::to_string(i) + " ";
    sink.on_text(story);  // the first delta is saved at once
    const LogGrowth log(path);
    constexpr int kSaves = 50;
    for (int i = 0; i < kSaves; ++i) {
        sink.on_text(" and more");
        sink.save();
    }
    const auto written = log.bytes();
    // A few pages per save; rewriting the reply would write 50 MB.
    BOOST_TEST(written < kSaves * 64 * 1024U, written << " bytes written by " << kSaves << " saves");
    BOOST_TEST(store.find_message(reply)->content.size() == story.size() + kSaves * std::string(" and more").size());
}

BOOST_AUTO_TEST_CASE(the_final_save_of_a_long_reply_writes_its_text_once) {
    test::TempDir dir;
    const auto path = dir / "h.db";
    HistoryStore store(path, kOwnPid, alive);
    const auto reply = streaming_reply(store);
    std::string story;
    while (story.size() < 2 * 1024 * 1024) story += "the aardvark digs a burrow ";
    store.append_reply_text(reply, story, "");
    const LogGrowth log(path);
    MessageRecord done = *store.find_message(reply);
    done.status = MessageStatus::complete;
    store.finish_reply(done);
    const auto written = log.bytes();
    // The pages the saved chunk frees take the text. Writing it to new pages
    // while zeroing the freed ones (secure_delete) wrote it twice.
    BOOST_TEST(written < story.size() * 3 / 2, written << " bytes written for a reply of " << story.size());
    BOOST_TEST(store.find_message(reply)->content == story);
    BOOST_TEST(store.search("burrow").size() == 1U);
}

BOOST_AUTO_TEST_CASE(a_reply_with_a_nul_byte_is_saved_whole) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", kOwnPid, alive);
    const auto reply = streaming_reply(store);
    const std::string text("the okapi\0 and the tapir", 25);
    store.append_reply_text(reply, text, std::string("a\0b", 3));
    MessageRecord done = *store.find_message(reply);
    BOOST_TEST(done.content == text);
    done.status = MessageStatus::complete;
    store.finish_reply(done);
    const auto saved = store.find_message(reply);
    BOOST_TEST(saved->content == text);
    BOOST_TEST(saved->reasoning == std::string("a\0b", 3));
    BOOST_TEST(store.search("okapi").size() == 1U);
}

// The text of a streamed reply is saved from where it was received. A view
// that never pointed anywhere (no reasoning) is empty text, not NULL, which
// the schema refuses.
BOOST_AUTO_TEST_CASE(a_reply_finished_from_views_saves_their_text_and_no_text_as_empty) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", kOwnPid, alive);
    const auto reply = streaming_reply(store);
    store.append_reply_text(reply, "the quo", "");
    MessageRecord done = *store.find_message(reply);
    done.content = "left in the record";
    done.status = MessageStatus::complete;
    store.finish_reply(done, "the quokka smiles", std::string_view());
    const auto saved = store.find_message(reply);
    BOOST_TEST(saved->content == "the quokka smiles");
    BOOST_TEST(saved->reasoning.empty());
    BOOST_TEST(to_string(saved->status) == std::string("complete"));
    BOOST_TEST(store.search("quokka").size() == 1U);
    BOOST_TEST(store.search("record").empty());
}

BOOST_AUTO_TEST_CASE(a_reply_is_indexed_for_search_once_when_it_ends_or_is_recovered) {
    test::TempDir dir;
    std::int64_t finished = 0;
    std::int64_t crashed = 0;
    {
        HistoryStore store(dir / "h.db", kDeadPid, alive);
        const auto c = store.create_conversation("t", "p", "m", "");
        finished = store.add_message(message(c, std::nullopt, "assistant", "", MessageStatus::streaming));
        store.append_reply_text(finished, "the aardvark ", "");
        store.append_reply_text(finished, "digs", "");
        // Saved and readable, but not yet indexed: indexing at every save
        // re-tokenised the whole reply each time.
        BOOST_TEST(store.find_message(finished)->content == "the aardvark digs");
        BOOST_TEST(store.search("aardvark").empty());
        MessageRecord done = *store.find_message(finished);
        done.status = MessageStatus::complete;
        store.finish_reply(done);
        BOOST_TEST(store.search("aardvark").size() == 1U);

        crashed = store.add_message(message(c, std::nullopt, "assistant", "", MessageStatus::streaming));
        store.append_reply_text(crashed, "the pangolin ", "curled ");
        store.append_reply_text(crashed, "rolls", "up");
    }
    HistoryStore reopened(dir / "h.db", kOwnPid, alive);
    const auto m = reopened.find_message(crashed);
    BOOST_TEST((m->status == MessageStatus::interrupted));
    BOOST_TEST(m->content == "the pangolin rolls");
    BOOST_TEST(m->reasoning == "curled up");
    BOOST_TEST(reopened.search("pangolin").size() == 1U);
    BOOST_TEST(reopened.find_message(finished)->content == "the aardvark digs");
    // The chunks went into the messages; none are left behind.
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open((dir / "h.db").string().c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM reply_chunks", -1, &statement, nullptr);
    BOOST_REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    BOOST_TEST(sqlite3_column_int(statement, 0) == 0);
    sqlite3_finalize(statement);
    sqlite3_close(db);
}

// The query's single number, on a connection of its own.
std::int64_t query_number(const std::filesystem::path& path, const char* sql) {
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open(path.string().c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    BOOST_REQUIRE(sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK);
    BOOST_REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    const std::int64_t value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return value;
}

BOOST_AUTO_TEST_CASE(a_finished_reply_is_indexed_at_the_next_search_and_one_deleted_before_leaves_the_index_sound) {
    test::TempDir dir;
    const auto path = dir / "h.db";
    HistoryStore store(path, kOwnPid, alive);
    const auto finish = [&store](std::int64_t conversation, const std::string& text) {
        const auto reply =
            store.add_message(message(conversation, std::nullopt, "assistant", "", MessageStatus::streaming));
        store.append_reply_text(reply, text, "");
        MessageRecord done = *store.find_message(reply);
        done.status = MessageStatus::complete;
        store.finish_reply(done);
        return reply;
    };
    const auto kept = store.create_conversation("kept", "p", "m", "");
    const auto gone = store.create_conversation("gone", "p", "m", "");
    finish(kept, "the okapi grazes");
    finish(gone, "the tapir swims");
    // Both wait: the writer's commit did not index them.
    BOOST_TEST(query_number(path, "SELECT count(*) FROM search_backlog") == 2);
    BOOST_TEST((store.delete_conversation(gone) == DeleteOutcome::deleted));
    BOOST_TEST(query_number(path, "SELECT count(*) FROM search_backlog") == 1);

    BOOST_TEST(store.search("okapi").size() == 1U);
    BOOST_TEST(store.search("tapir").empty());
    BOOST_TEST(query_number(path, "SELECT count(*) FROM search_backlog") == 0);
    // What the desktop app does after each reply, before any search.
    finish(kept, "the zebu ruminates");
    store.index_for_search();
    BOOST_TEST(query_number(path, "SELECT count(*) FROM search_backlog") == 0);
    BOOST_TEST(store.search("zebu").size() == 1U);
    // The index matches the messages word for word (FTS5's own check, which
    // fails when a delete removed words that were never indexed).
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open(path.string().c_str(), &db) == SQLITE_OK);
    BOOST_TEST(sqlite3_exec(db, "INSERT INTO message_search(message_search, rank) VALUES ('integrity-check', 1)",
                            nullptr, nullptr, nullptr) == SQLITE_OK,
               sqlite3_errmsg(db));
    sqlite3_close(db);
}

BOOST_AUTO_TEST_CASE(replies_left_streaming_by_dead_processes_become_interrupted_on_open) {
    test::TempDir dir;
    std::int64_t dead_reply = 0;
    std::int64_t live_reply = 0;
    {
        HistoryStore dead(dir / "h.db", kDeadPid, alive);
        const auto c = dead.create_conversation("t", "p", "m", "");
        dead_reply = dead.add_message(message(c, std::nullopt, "assistant", "half", MessageStatus::streaming));
        HistoryStore live(dir / "h.db", kLivePid, alive);
        live_reply = live.add_message(message(c, std::nullopt, "assistant", "going", MessageStatus::streaming));
    }
    HistoryStore reopened(dir / "h.db", kOwnPid, alive);
    const auto dead = reopened.find_message(dead_reply);
    const auto live = reopened.find_message(live_reply);
    BOOST_TEST_REQUIRE(dead.has_value());
    BOOST_TEST_REQUIRE(live.has_value());
    BOOST_TEST((dead->status == MessageStatus::interrupted));
    BOOST_TEST(dead->content == "half");
    BOOST_TEST((live->status == MessageStatus::streaming));
}

BOOST_AUTO_TEST_CASE(deleting_a_conversation_removes_its_messages) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", kOwnPid, alive);
    const auto c = store.create_conversation("t", "p", "m", "");
    store.add_message(message(c, std::nullopt, "user", "secret plans"));
    BOOST_TEST((store.delete_conversation(c) == DeleteOutcome::deleted));
    BOOST_TEST((store.delete_conversation(c) == DeleteOutcome::not_found));
    BOOST_TEST(store.list_conversations().empty());
    BOOST_TEST(!store.load_conversation(c).has_value());
}

BOOST_AUTO_TEST_CASE(database_uses_wal_and_is_at_the_current_schema) {
    test::TempDir dir;
    { HistoryStore store(dir / "h.db", kOwnPid, alive); }
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open((dir / "h.db").string().c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nullptr);
    BOOST_REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    BOOST_TEST(std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))) == "wal");
    sqlite3_finalize(statement);
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr);
    BOOST_REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    BOOST_TEST(sqlite3_column_int(statement, 0) == current_schema_version());
    sqlite3_finalize(statement);
    sqlite3_close(db);
}

BOOST_AUTO_TEST_CASE(a_database_from_a_newer_version_is_refused_not_damaged) {
    test::TempDir dir;
    sqlite3* db = nullptr;
    sqlite3_open((dir / "h.db").string().c_str(), &db);
    // In WAL mode, as a newer Parley leaves it.
    sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA user_version = 999", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    const auto bytes = [&dir] {
        std::ifstream in(dir / "h.db", std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string before = bytes();
    BOOST_CHECK_THROW(HistoryStore(dir / "h.db", kOwnPid, alive), HistoryError);
    BOOST_TEST((bytes() == before));
}

BOOST_AUTO_TEST_SUITE_END()
