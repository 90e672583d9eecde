// History beyond the thin path: branches, attachments stored once, search,
// deletion that leaves nothing behind, and upgrades from every schema.
#include "history/branch-navigation.h"
#include "history/history-store.h"
#include "history/schema-migrations.h"
#include "history/search-query.h"
#include "temp-dir.h"

#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <iterator>

using namespace parley;

namespace {

const std::filesystem::path kSchemaFixtures = PARLEY_SOURCE_DIR "/tests/fixtures/schema";

bool alive(std::int64_t) { return false; }

MessageRecord message(std::int64_t conversation, std::optional<std::int64_t> parent, const std::string& role,
                      const std::string& content) {
    MessageRecord m;
    m.conversation_id = conversation;
    m.parent_id = parent;
    m.role = role;
    m.content = content;
    return m;
}

std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

int count_rows(const std::filesystem::path& db_path, const char* sql) {
    sqlite3* db = nullptr;
    sqlite3_open(db_path.string().c_str(), &db);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
    const int count = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int(statement, 0) : -1;
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return count;
}

// tests/fixtures/schema/vN.sql: a database as each released schema version
// wrote it, frozen as SQL text (see the README there), so that upgrades are
// tested from what users have on disk, not rebuilt from today's steps.
std::vector<std::filesystem::path> frozen_schemas() {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(kSchemaFixtures)) {
        if (entry.path().extension() == ".sql") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

void write_database(const std::filesystem::path& sql, const std::filesystem::path& db_path) {
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open(db_path.string().c_str(), &db) == SQLITE_OK);
    const int loaded = sqlite3_exec(db, file_bytes(sql).c_str(), nullptr, nullptr, nullptr);
    BOOST_TEST_REQUIRE(loaded == SQLITE_OK, sqlite3_errmsg(db));
    sqlite3_close(db);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(history_features)

BOOST_AUTO_TEST_CASE(show_branch_switches_to_the_newest_leaf_below_a_message) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    const auto c = store.create_conversation("t", "p", "m", "");
    const auto u1 = store.add_message(message(c, std::nullopt, "user", "question"));
    const auto a1 = store.add_message(message(c, u1, "assistant", "first answer"));
    const auto u2 = store.add_message(message(c, a1, "user", "follow up"));
    const auto a1b = store.add_message(message(c, u1, "assistant", "regenerated answer"));
    BOOST_TEST(store.current_branch(c).back().id == a1b);
    store.show_branch(c, a1);
    const auto branch = store.current_branch(c);
    BOOST_REQUIRE_EQUAL(branch.size(), 3U);
    BOOST_TEST(branch[1].id == a1);
    BOOST_TEST(branch[2].id == u2);
    // Remembered: a second connection sees the same branch.
    HistoryStore other(dir / "h.db", 2, alive);
    BOOST_TEST(other.current_branch(c).back().id == u2);
    BOOST_CHECK_THROW(store.show_branch(c + 1, a1), HistoryError);
}

BOOST_AUTO_TEST_CASE(conversations_are_renamed_pinned_and_archived_without_moving_in_time) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    const auto older = store.create_conversation("older", "p", "m", "");
    store.add_message(message(older, std::nullopt, "user", "first"));
    const auto newer = store.create_conversation("newer", "p", "m", "");
    store.add_message(message(newer, std::nullopt, "user", "second"));
    const auto before = store.load_conversation(older)->summary.updated_at;

    BOOST_TEST(store.update_conversation(older, {.title = "Renamed", .pinned = true}));
    auto list = store.list_conversations();
    BOOST_REQUIRE_EQUAL(list.size(), 2U);
    // Pinned comes first although the other is newer.
    BOOST_TEST(list[0].id == older);
    BOOST_TEST(list[0].title == "Renamed");
    BOOST_TEST(list[0].pinned);
    BOOST_TEST(!list[0].archived);
    BOOST_TEST(list[0].updated_at == before);

    BOOST_TEST(store.update_conversation(older, {.pinned = false, .archived = true}));
    const auto changed = store.load_conversation(older)->summary;
    BOOST_TEST(changed.title == "Renamed");
    BOOST_TEST(!changed.pinned);
    BOOST_TEST(changed.archived);
    BOOST_TEST(store.list_conversations()[0].id == newer);

    BOOST_TEST(!store.update_conversation(newer + 100, {.title = "nobody", .pinned = true, .archived = true}));
}

BOOST_AUTO_TEST_CASE(attachments_are_stored_once_by_hash_and_read_back) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    const auto c = store.create_conversation("t", "p", "m", "");
    const AttachmentBlob png{"image/png", "cat.png", std::string("\x89PNG\r\n\x1a\n-cat-bytes", 18)};
    const auto first = store.add_message(message(c, std::nullopt, "user", "look"), {png});
    store.add_message(message(c, first, "user", "again"), {png, {"image/jpeg", "dog.jpg", "\xFF\xD8\xFF-dog"}});
    BOOST_TEST(count_rows(dir / "h.db", "SELECT count(*) FROM attachments") == 2);
    const auto branch = store.current_branch(c);
    BOOST_REQUIRE_EQUAL(branch[1].attachments.size(), 2U);
    BOOST_TEST(branch[1].attachments[0].sha256 == branch[0].attachments[0].sha256);
    BOOST_TEST(branch[1].attachments[1].name == "dog.jpg");
    BOOST_TEST(store.attachment_data(branch[0].attachments[0].sha256) == png.data);
    // The SHA-256 of the bytes, as any tool computes it (sha256sum).
    BOOST_TEST(branch[0].attachments[0].sha256 == "56fc17238b42e13986c0677007676d8888a0b6426b7c93a1d1e3e0dd853ff421");
    BOOST_TEST((store.delete_conversation(c) == DeleteOutcome::deleted));
    BOOST_TEST(count_rows(dir / "h.db", "SELECT count(*) FROM attachments") == 0);
}

BOOST_AUTO_TEST_CASE(search_ranks_matches_and_marks_them_in_snippets) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    const auto cooking = store.create_conversation("Cooking", "p", "m", "");
    const auto u = store.add_message(message(cooking, std::nullopt, "user", "How long do I boil potatoes?"));
    store.add_message(message(cooking, u, "assistant", "Boil potatoes for twenty minutes; potatoes are done when soft."));
    const auto travel = store.create_conversation("Travel", "p", "m", "");
    store.add_message(message(travel, std::nullopt, "user", "Trains from Zürich to Milano"));

    const auto hits = store.search("potatoes");
    BOOST_REQUIRE_EQUAL(hits.size(), 2U);
    BOOST_TEST(hits[0].role == "assistant");  // two mentions rank above one
    BOOST_TEST(hits[0].conversation_title == "Cooking");
    BOOST_TEST(hits[0].snippet.find("[potatoes]") != std::string::npos, hits[0].snippet);
    BOOST_TEST(hits[0].score <= hits[1].score);
    // Stemming, diacritics, prefixes, phrases, and all words required.
    BOOST_TEST(store.search("potato").size() == 2U);
    BOOST_TEST(store.search("zurich").size() == 1U);
    BOOST_TEST(store.search("mila*").size() == 1U);
    BOOST_TEST(store.search("\"twenty minutes\"").size() == 1U);
    BOOST_TEST(store.search("potatoes trains").empty());
    // Search syntax in the query is text, never an error.
    BOOST_TEST(store.search("potatoes AND (NEAR \"").size() == 0U);
    BOOST_CHECK_THROW(store.search("   "), HistoryError);
    // A streamed reply is indexed when it ends.
    MessageRecord streaming = message(travel, std::nullopt, "assistant", "");
    streaming.status = MessageStatus::streaming;
    const auto reply = store.add_message(streaming);
    store.append_reply_text(reply, "The Gotthard route is scenic", "");
    MessageRecord done = *store.find_message(reply);
    done.status = MessageStatus::complete;
    store.finish_reply(done);
    BOOST_TEST(store.search("gotthard").size() == 1U);
}

BOOST_AUTO_TEST_CASE(match_expressions_quote_every_term) {
    BOOST_TEST(fts_match_expression("a b") == "\"a\" \"b\"");
    BOOST_TEST(fts_match_expression("pre* \"two words\"") == "\"pre\"* \"two words\"");
    BOOST_TEST(fts_match_expression("say \"hi") == "\"say\" \"hi\"");
    BOOST_TEST(fts_match_expression("x\"y") == "\"x\" \"y\"");
}

BOOST_AUTO_TEST_CASE(deleting_a_message_removes_its_subtree_and_only_that) {
    test::TempDir dir;
    const auto path = dir / "h.db";
    HistoryStore store(path, 1, alive);
    // u1 ─┬─ a1 ── u2 ─┬─ a2
    //     │            └─ a2b
    //     ├─ a1b
    //     └─ a1c ── u3
    const auto c = store.create_conversation("t", "p", "m", "");
    const auto u1 = store.add_message(message(c, std::nullopt, "user", "question"));
    const auto a1 = store.add_message(message(c, u1, "assistant", "first answer about ichthyosaurs"));
    const auto u2 = store.add_message(message(c, a1, "user", "follow up on ichthyosaurs"));
    const auto a2 = store.add_message(message(c, u2, "assistant", "deep reply plesiosaur"));
    const auto a2b = store.add_message(message(c, u2, "assistant", "another deep reply plesiosaur"));
    const auto a1b = store.add_message(message(c, u1, "assistant", "second answer"));
    const auto a1c = store.add_message(message(c, u1, "assistant", "third answer"));
    const auto u3 = store.add_message(message(c, a1c, "user", "after that one"));
    store.show_branch(c, a2);
    BOOST_TEST(store.search("plesiosaur").size() == 2U);

    BOOST_TEST((store.delete_message(a1) == DeleteOutcome::deleted));

    const auto conversation = store.load_conversation(c);
    BOOST_REQUIRE(conversation);
    std::vector<std::int64_t> ids;
    for (const auto& m : conversation->messages) ids.push_back(m.id);
    BOOST_TEST(ids == (std::vector<std::int64_t>{u1, a1b, a1c, u3}), boost::test_tools::per_element());
    for (const auto gone : {a1, u2, a2, a2b}) BOOST_TEST(!store.find_message(gone));
    BOOST_TEST(store.search("plesiosaur").empty());
    BOOST_TEST(store.search("ichthyosaurs").empty());
    BOOST_TEST(store.search("third").size() == 1U);
    BOOST_TEST(store.list_conversations().front().message_count == 4);
    // The shown branch went with it: the newest one left under u1 is shown.
    BOOST_TEST(store.current_branch(c).back().id == u3);
    // The remaining answers are now "1 / 2" and "2 / 2".
    const auto positions = branch_positions(*conversation);
    BOOST_TEST(positions.at(a1b).index == 1U);
    BOOST_TEST(positions.at(a1b).count == 2U);
    BOOST_TEST(positions.at(a1c).index == 2U);
    BOOST_TEST(positions.at(a1c).count == 2U);
    BOOST_TEST(count_rows(path, "SELECT count(*) FROM messages") == 4);
    BOOST_TEST((store.delete_message(a1) == DeleteOutcome::not_found));
}

BOOST_AUTO_TEST_CASE(deleting_a_message_off_the_shown_branch_keeps_the_branch) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    const auto c = store.create_conversation("t", "p", "m", "");
    const auto u1 = store.add_message(message(c, std::nullopt, "user", "question"));
    const auto a1 = store.add_message(message(c, u1, "assistant", "first"));
    const auto a1b = store.add_message(message(c, u1, "assistant", "second"));
    store.show_branch(c, a1);
    BOOST_TEST((store.delete_message(a1b) == DeleteOutcome::deleted));
    BOOST_TEST(store.current_branch(c).back().id == a1);
    BOOST_TEST(branch_positions(*store.load_conversation(c)).at(a1).count == 1U);
    // The last message of a branch: its parent becomes the leaf.
    BOOST_TEST((store.delete_message(a1) == DeleteOutcome::deleted));
    BOOST_TEST(store.current_branch(c).back().id == u1);
    // The first message: an empty conversation, still listed.
    BOOST_TEST((store.delete_message(u1) == DeleteOutcome::deleted));
    BOOST_TEST(store.current_branch(c).empty());
    BOOST_TEST(store.list_conversations().front().message_count == 0);
}

BOOST_AUTO_TEST_CASE(deleting_a_message_with_a_reply_still_streaming_is_refused_whole) {
    test::TempDir dir;
    const auto path = dir / "h.db";
    HistoryStore store(path, 1, alive);
    const auto c = store.create_conversation("t", "p", "m", "");
    const auto u1 = store.add_message(message(c, std::nullopt, "user", "question"));
    auto reply = message(c, u1, "assistant", "");
    reply.status = MessageStatus::streaming;
    const auto a1 = store.add_message(reply);
    store.append_reply_text(a1, "partial", "");
    BOOST_CHECK_THROW(store.delete_message(u1), HistoryError);
    BOOST_TEST(store.find_message(u1).has_value());
    BOOST_TEST(store.find_message(a1)->content == "partial");
    reply.id = a1;
    reply.content = "done";
    reply.status = MessageStatus::complete;
    store.finish_reply(reply);
    BOOST_TEST((store.delete_message(u1) == DeleteOutcome::deleted));
    BOOST_TEST(count_rows(path, "SELECT count(*) FROM reply_chunks") == 0);
}

BOOST_AUTO_TEST_CASE(deleting_a_message_leaves_none_of_its_text_in_the_files) {
    test::TempDir dir;
    const auto path = dir / "h.db";
    HistoryStore store(path, 1, alive);
    const auto c = store.create_conversation("t", "p", "m", "");
    const auto u1 = store.add_message(message(c, std::nullopt, "user", "ordinary gardening words"));
    const auto a1 = store.add_message(message(c, u1, "assistant", "reply naming quetzalcoatlus"));
    store.add_message(message(c, a1, "user", "below it, archaeopteryx"));
    BOOST_TEST((store.delete_message(a1) == DeleteOutcome::deleted));
    for (const auto* suffix : {"", "-wal"}) {
        const std::string bytes = file_bytes(path.string() + suffix);
        BOOST_TEST(bytes.find("quetzalcoatlus") == std::string::npos, "found in h.db" << suffix);
        BOOST_TEST(bytes.find("archaeopteryx") == std::string::npos, "found in h.db" << suffix);
    }
    BOOST_TEST(store.search("gardening").size() == 1U);
}

BOOST_AUTO_TEST_CASE(deleting_a_conversation_leaves_none_of_its_text_in_the_files) {
    test::TempDir dir;
    const auto path = dir / "h.db";
    HistoryStore store(path, 1, alive);
    const auto keep = store.create_conversation("keep", "p", "m", "");
    store.add_message(message(keep, std::nullopt, "user", "ordinary words about gardening"));
    const auto c = store.create_conversation("Xylophonist secret", "p", "m", "");
    const auto u = store.add_message(message(c, std::nullopt, "user", "my password hint is quetzalcoatlus"));
    store.add_message(message(c, u, "assistant", "noted quetzalcoatlus"));
    BOOST_TEST(store.search("quetzalcoatlus").size() == 2U);
    BOOST_TEST((store.delete_conversation(c) == DeleteOutcome::deleted));
    BOOST_TEST(store.search("quetzalcoatlus").empty());
    BOOST_TEST(store.search("gardening").size() == 1U);
    for (const auto* suffix : {"", "-wal"}) {
        const std::string bytes = file_bytes(path.string() + suffix);
        BOOST_TEST(bytes.find("quetzalcoatlus") == std::string::npos, "found in h.db" << suffix);
        BOOST_TEST(bytes.find("Xylophonist") == std::string::npos, "found in h.db" << suffix);
    }
}

BOOST_AUTO_TEST_CASE(a_new_history_has_16_kib_pages) {
    test::TempDir dir;
    { HistoryStore store(dir / "h.db", 1, alive); }
    BOOST_TEST(count_rows(dir / "h.db", "PRAGMA page_size") == 16384);
}

BOOST_AUTO_TEST_CASE(every_released_schema_upgrades_with_its_data_intact_and_searchable) {
    const auto fixtures = frozen_schemas();
    BOOST_TEST_REQUIRE(fixtures.size() >= 3U);
    for (const auto& fixture : fixtures) {
        BOOST_TEST_CONTEXT(fixture.filename()) {
            test::TempDir dir;
            const auto path = dir / "h.db";
            write_database(fixture, path);
            BOOST_TEST_REQUIRE(count_rows(path, "PRAGMA user_version") <= current_schema_version());
            HistoryStore store(path, 1, alive);
            BOOST_TEST(count_rows(path, "PRAGMA user_version") == current_schema_version());
            BOOST_TEST(count_rows(path, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'") ==
                       0);
            // Its pages keep their size: only a new history takes 16 KiB ones.
            BOOST_TEST(count_rows(path, "PRAGMA page_size") == 4096);

            const auto list = store.list_conversations();
            BOOST_TEST_REQUIRE(list.size() == 2U);
            BOOST_TEST(list[0].title == "Armadillos");  // pinned, so first
            BOOST_TEST(list[0].pinned);
            BOOST_TEST(list[0].message_count == 2);
            BOOST_TEST(list[1].archived);
            BOOST_TEST(list[1].message_count == 1);
            const auto c = store.load_conversation(1);
            BOOST_TEST_REQUIRE(c.has_value());
            BOOST_TEST(!c->uuid.empty());
            BOOST_TEST(c->system_prompt == "Be brief.");
            BOOST_TEST_REQUIRE(c->messages.size() == 2U);
            BOOST_TEST(c->messages[0].content == "an old armadillo question");
            BOOST_TEST(c->messages[0].created_at == 1767225600000);
            // The reply its writer never finished is recovered as interrupted.
            BOOST_TEST(c->messages[1].content == "an answer cut short");
            BOOST_TEST(c->messages[1].reasoning == "thinking first");
            BOOST_TEST((c->messages[1].status == MessageStatus::interrupted));
            if (fixture.stem() != "v1") {  // attachments came with version 2
                BOOST_TEST_REQUIRE(c->messages[0].attachments.size() == 1U);
                BOOST_TEST(c->messages[0].attachments[0].name == "photo.png");
                BOOST_TEST(store.attachment_data(c->messages[0].attachments[0].sha256) == "test");
            }
            const auto archived = store.load_conversation(2);
            BOOST_TEST_REQUIRE(archived.has_value());
            BOOST_TEST(archived->summary.archived);
            BOOST_TEST(archived->messages.at(0).error == "p (OpenAI): HTTP 500");
            BOOST_TEST(store.search("armadillo").size() == 1U);
            BOOST_TEST(store.search("pangolin").size() == 1U);

            // Still writable, and the checks still refuse what they refused.
            store.add_message(message(1, 2, "user", "a new wombat question"));
            BOOST_TEST(store.search("wombat").size() == 1U);
            BOOST_TEST(store.list_conversations().at(0).message_count == 3);
            sqlite3* db = nullptr;
            BOOST_REQUIRE(sqlite3_open(path.string().c_str(), &db) == SQLITE_OK);
            for (const char* bad : {"INSERT INTO messages(conversation_id, role, content, status, created_at) "
                                    "VALUES (1, 'robot', 'x', 'complete', 3)",
                                    "INSERT INTO messages(conversation_id, role, content, status, created_at) "
                                    "VALUES (1, 'user', 'x', 'lost', 3)"}) {
                BOOST_TEST(sqlite3_exec(db, bad, nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT, bad);
            }
            sqlite3_close(db);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
