// History beyond the thin path: branches, attachments stored once, search,
// deletion that leaves nothing behind, and upgrades from every schema.
#include "history/history-store.h"
#include "history/schema-migrations.h"
#include "history/search-query.h"
#include "temp-dir.h"

#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include <fstream>
#include <iterator>

using namespace parley;

namespace {

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
    sqlite3_open(db_path.c_str(), &db);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
    const int count = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int(statement, 0) : -1;
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return count;
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
    // The SHA-256 of the bytes, as any tool computes it.
    BOOST_TEST(branch[0].attachments[0].sha256.size() == 64U);
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

BOOST_AUTO_TEST_CASE(every_earlier_schema_upgrades_with_its_data_searchable) {
    for (int from = 1; from < current_schema_version(); ++from) {
        test::TempDir dir;
        const auto path = dir / "h.db";
        {
            sqlite3* db = nullptr;
            BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
            for (int v = 0; v < from; ++v) {
                BOOST_REQUIRE(sqlite3_exec(db, std::string(schema_step(v)).c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
            }
            // Rows as that version's writers left them: from v2 on, with a
            // uuid and their text in the search index.
            std::string seed =
                "PRAGMA user_version = " + std::to_string(from) +
                "; INSERT INTO conversations(id, title, created_at, updated_at, current_leaf_id) VALUES (1, 'old', 1, 2, 2);"
                "INSERT INTO messages(id, conversation_id, parent_id, role, content, status, created_at) "
                "VALUES (1, 1, NULL, 'user', 'an old armadillo question', 'complete', 1),"
                "       (2, 1, 1, 'assistant', 'an old answer', 'streaming', 2);";
            if (from >= 2) {
                seed += "UPDATE conversations SET uuid = 'c0ffee', message_count = 2;"
                        "INSERT INTO message_search(rowid, content) SELECT id, content FROM messages;";
            }
            BOOST_REQUIRE(sqlite3_exec(db, seed.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
            sqlite3_close(db);
        }
        HistoryStore store(path, 1, alive);
        const auto c = store.load_conversation(1);
        BOOST_REQUIRE(c.has_value());
        BOOST_TEST(c->messages.size() == 2U);
        BOOST_TEST(!c->uuid.empty());
        BOOST_TEST((c->messages[1].status == MessageStatus::interrupted));
        BOOST_TEST(store.search("armadillo").size() == 1U, "from version " << from);
        BOOST_TEST(count_rows(path, "PRAGMA user_version") == current_schema_version());
        // No IN list left in a check (each would cost every insert a
        // temporary b-tree), and the checks still refuse what they refused.
        BOOST_TEST(count_rows(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'messages' AND sql LIKE '% IN (%'") ==
                   0);
        BOOST_TEST(count_rows(path, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'") == 0);
        sqlite3* db = nullptr;
        BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        for (const char* bad : {"INSERT INTO messages(conversation_id, role, content, status, created_at) "
                                "VALUES (1, 'robot', 'x', 'complete', 3)",
                                "INSERT INTO messages(conversation_id, role, content, status, created_at) "
                                "VALUES (1, 'user', 'x', 'lost', 3)"}) {
            BOOST_TEST(sqlite3_exec(db, bad, nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT, bad);
        }
        sqlite3_close(db);
    }
}

BOOST_AUTO_TEST_SUITE_END()
