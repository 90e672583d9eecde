// Import of ChatGPT, Claude and Parley archives, and the lossless export.
#include "archive/archive-import.h"
#include "archive/history-export.h"
#include "archive/json-element-stream.h"
#include "archive/markdown-export.h"
#include "archive/parley-archive.h"
#include "history/history-store.h"
#include "temp-dir.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>

using namespace parley;

namespace {

bool alive(std::int64_t) { return false; }

const std::filesystem::path kFixtures = PARLEY_SOURCE_DIR "/tests/fixtures";

ImportReport import_file(HistoryStore& store, const std::string& name, ArchiveFormat format = ArchiveFormat::detect) {
    std::ifstream in(kFixtures / name, std::ios::binary);
    BOOST_REQUIRE(in.good());
    return import_archive(store, in, format);
}

ImportReport import_text(HistoryStore& store, const std::string& text) {
    std::istringstream in(text);
    return import_archive(store, in, ArchiveFormat::detect);
}

std::vector<std::string> contents(const std::vector<MessageRecord>& messages) {
    std::vector<std::string> out;
    for (const auto& m : messages) out.push_back(m.role + ": " + m.content);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(archives)

BOOST_AUTO_TEST_CASE(chatgpt_export_keeps_branches_the_current_node_and_drops_hidden_and_tool_nodes) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    const auto report = import_file(store, "chatgpt-conversations.json");
    BOOST_TEST(report.conversations == 1U);
    BOOST_TEST(report.empty == 1U);
    BOOST_TEST(report.messages == 6U);
    BOOST_TEST(report.left_out == 4U);  // hidden system, custom instructions, tool call, tool output

    const auto list = store.list_conversations();
    BOOST_REQUIRE_EQUAL(list.size(), 1U);
    BOOST_TEST(list[0].title == "Sourdough starter");
    BOOST_TEST(list[0].created_at == 1714000000125);
    BOOST_TEST(list[0].message_count == 6);
    const auto c = store.load_conversation(list[0].id);
    BOOST_TEST(c->uuid == "chatgpt:6b1f0c2e-0000-4000-8000-000000000001");
    const auto branch = store.current_branch(c->summary.id);
    const std::vector<std::string> expected = {
        "user: [image: file-service://file-Starter123]How do I keep my sourdough starter alive?",
        "assistant: Feed it flour and water daily:\n\n```text\n1:1:1 starter:flour:water\n```",
        "user: And if it smells like acetone?",
        "assistant: Acetone means hunger; discard and feed twice a day."};
    BOOST_TEST(contents(branch) == expected, boost::test_tools::per_element());
    BOOST_TEST(branch[3].model == "gpt-4o-mini");
    BOOST_TEST(branch[3].finish_reason == "stop");
    BOOST_TEST(!branch[0].parent_id.has_value());
    // The answer found through the browser tool hangs off the user message
    // its hidden tool nodes answered.
    const auto& all = c->messages;
    const auto browsed = std::find_if(all.begin(), all.end(), [](const MessageRecord& m) {
        return m.content.starts_with("Sources say");
    });
    BOOST_REQUIRE(browsed != all.end());
    BOOST_TEST(*browsed->parent_id == branch[0].id);
}

BOOST_AUTO_TEST_CASE(claude_export_keeps_thinking_apart_and_attachment_text_inline) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    const auto report = import_file(store, "claude-conversations.json", ArchiveFormat::claude);
    BOOST_TEST(report.conversations == 1U);
    BOOST_TEST(report.messages == 3U);
    const auto id = store.list_conversations().at(0).id;
    const auto branch = store.current_branch(id);
    BOOST_REQUIRE_EQUAL(branch.size(), 3U);
    BOOST_TEST(branch[0].content.starts_with("Why does this not compile?\n\n[attachment: main.rs]\n```\nfn longest"));
    BOOST_TEST(branch[1].reasoning == "The return borrows from two inputs.");
    BOOST_TEST(branch[1].content.find("fn longest<'a>") != std::string::npos);
    BOOST_TEST(branch[1].content.find("borrows") == std::string::npos);
    BOOST_TEST(branch[2].content == "Thanks! What about structs?\n\n[file: diagram.png]");
    BOOST_TEST(branch[1].created_at == 1740823209500);
    BOOST_TEST(store.search("lifetime").size() == 1U);
}

BOOST_AUTO_TEST_CASE(importing_the_same_archive_twice_adds_nothing) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    import_file(store, "chatgpt-conversations.json");
    import_file(store, "claude-conversations.json");
    const auto again = import_file(store, "chatgpt-conversations.json");
    BOOST_TEST(again.conversations == 0U);
    BOOST_TEST(again.already_present == 1U);
    BOOST_TEST(store.list_conversations().size() == 2U);
}

BOOST_AUTO_TEST_CASE(a_malformed_archive_imports_nothing_and_says_where_it_broke) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    std::ifstream in(kFixtures / "claude-conversations.json", std::ios::binary);
    const std::string good((std::istreambuf_iterator<char>(in)), {});
    // A second, valid conversation, then a truncated third.
    std::string doubled = good;
    doubled.pop_back();
    doubled.pop_back();
    const std::string second = R"(, {"uuid": "u2", "name": "Second", "chat_messages": [{"uuid": "x", "sender": "human", "text": "hi"}]})";
    const std::string truncated = R"(, {"uuid": "u3", "name": "Broken", "chat_messages": [{"uuid": "y", "sen)";
    try {
        import_text(store, doubled + second + truncated);
        BOOST_FAIL("a truncated archive was accepted");
    } catch (const ArchiveError& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("byte") != std::string::npos, what);
        BOOST_TEST(what.find("element 2") != std::string::npos, what);
    }
    BOOST_TEST(store.list_conversations().empty());

    try {
        import_text(store, R"([{"title": "Bad tree", "conversation_id": "c1", "mapping": {"a": {"parent": "ghost", "children": []}}}])");
        BOOST_FAIL("a dangling parent was accepted");
    } catch (const ArchiveError& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("'Bad tree'") != std::string::npos, what);
        BOOST_TEST(what.find("ghost") != std::string::npos, what);
    }
    BOOST_CHECK_THROW(import_text(store, R"({"something": "else"})"), ArchiveError);
    BOOST_CHECK_THROW(import_text(store, ""), ArchiveError);
    BOOST_CHECK_THROW(import_text(store, "[1, 2]"), ArchiveError);
    BOOST_TEST(store.list_conversations().empty());
}

namespace {

// `count` one-message Claude conversations, as one archive.
std::string claude_archive(int count) {
    std::string text = "[";
    for (int i = 0; i < count; ++i) {
        if (i > 0) text += ",";
        text += R"({"uuid": "c)" + std::to_string(i) + R"(", "name": "Conversation )" + std::to_string(i) +
                R"(", "chat_messages": [{"uuid": "m)" + std::to_string(i) + R"(", "sender": "human", "text": "hi"}]})";
    }
    return text + "]";
}

}  // namespace

BOOST_AUTO_TEST_CASE(import_progress_counts_every_conversation_and_reaches_the_end_of_the_file) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    const std::string archive = claude_archive(5);
    std::istringstream in(archive);
    std::vector<std::size_t> counts;
    std::uint64_t last_bytes = 0;
    bool bytes_grow = true;
    ImportControl control;
    control.on_progress = [&](const ImportReport& so_far, std::uint64_t bytes) {
        counts.push_back(so_far.conversations);
        bytes_grow = bytes_grow && bytes >= last_bytes;
        last_bytes = bytes;
    };
    const auto report = import_archive(store, in, ArchiveFormat::detect, control);
    BOOST_TEST(report.conversations == 5U);
    // Before each conversation, then once when all are read.
    BOOST_TEST(counts == (std::vector<std::size_t>{0, 1, 2, 3, 4, 5}), boost::test_tools::per_element());
    BOOST_TEST(bytes_grow);
    BOOST_TEST(last_bytes == archive.size());
}

BOOST_AUTO_TEST_CASE(a_cancelled_import_keeps_nothing_and_the_next_import_works) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    CancelToken cancel;
    ImportControl control;
    control.cancel = &cancel;
    // Cancelled from the progress report after three conversations were stored.
    control.on_progress = [&](const ImportReport& so_far, std::uint64_t) {
        if (so_far.conversations == 3) cancel.cancel();
    };
    std::istringstream in(claude_archive(6));
    BOOST_CHECK_THROW(import_archive(store, in, ArchiveFormat::detect, control), ImportCancelled);
    BOOST_TEST(store.list_conversations().empty());

    // Cancelled after the last conversation, before the commit: still nothing.
    CancelToken late;
    ImportControl at_end;
    at_end.cancel = &late;
    at_end.on_progress = [&](const ImportReport& so_far, std::uint64_t) {
        if (so_far.conversations == 6) late.cancel();
    };
    std::istringstream again(claude_archive(6));
    BOOST_CHECK_THROW(import_archive(store, again, ArchiveFormat::detect, at_end), ImportCancelled);
    BOOST_TEST(store.list_conversations().empty());

    std::istringstream third(claude_archive(6));
    BOOST_TEST(import_archive(store, third, ArchiveFormat::detect).conversations == 6U);
    BOOST_TEST(store.list_conversations().size() == 6U);
}

BOOST_AUTO_TEST_CASE(exporting_the_whole_history_counts_what_it_writes_and_imports_back) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    import_text(store, claude_archive(4));
    BOOST_TEST_REQUIRE(store.update_conversation(store.list_conversations().front().id, {.archived = true}));
    std::size_t messages = 0;
    for (const auto& c : store.list_conversations()) messages += static_cast<std::size_t>(c.message_count);
    std::vector<std::pair<std::size_t, std::size_t>> counts;
    ExportControl control;
    control.on_progress = [&](const ExportReport& so_far, std::size_t total) {
        BOOST_TEST(total == 4U);
        counts.emplace_back(so_far.conversations, so_far.messages);
    };
    const auto report = export_history(store, dir / "all.json", control);
    BOOST_TEST(report.conversations == 4U);
    BOOST_TEST(report.messages == messages);
    BOOST_REQUIRE_EQUAL(counts.size(), 4U);
    BOOST_TEST(counts.back().first == 4U);
    BOOST_TEST(counts.back().second == messages);
    for (std::size_t i = 1; i < counts.size(); ++i) BOOST_TEST(counts[i].second > counts[i - 1].second);

    HistoryStore other(dir / "other.db", 1, alive);
    std::ifstream in(dir / "all.json", std::ios::binary);
    const auto imported = import_archive(other, in, ArchiveFormat::parley);
    BOOST_TEST(imported.conversations == 4U);
    BOOST_TEST(imported.messages == messages);
    const auto archived = [](const HistoryStore& history) {
        const auto all = history.list_conversations();
        return std::count_if(all.begin(), all.end(), [](const ConversationSummary& c) { return c.archived; });
    };
    BOOST_TEST(archived(other) == 1);
}

BOOST_AUTO_TEST_CASE(a_cancelled_export_leaves_the_target_as_it_was_and_no_partial_file) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    import_text(store, claude_archive(5));
    const auto target = dir / "out" / "all.json";
    std::filesystem::create_directories(target.parent_path());
    std::ofstream(target) << "the previous export";
    CancelToken cancel;
    ExportControl control;
    control.cancel = &cancel;
    control.on_progress = [&](const ExportReport& so_far, std::size_t) {
        if (so_far.conversations == 2) cancel.cancel();
    };
    BOOST_CHECK_THROW(export_history(store, target, control), ExportCancelled);
    {
        // Closed before the file is removed below: Windows refuses to delete an open file.
        std::ifstream in(target);
        const std::string kept{std::istreambuf_iterator<char>(in), {}};
        BOOST_TEST(kept == "the previous export");
    }
    const auto files = std::distance(std::filesystem::directory_iterator(target.parent_path()), {});
    BOOST_TEST(files == 1);

    // Cancelled after the last conversation: still nothing written.
    std::filesystem::remove(target);
    CancelToken late;
    ExportControl at_end;
    at_end.cancel = &late;
    at_end.on_progress = [&](const ExportReport& so_far, std::size_t total) {
        if (so_far.conversations == total) late.cancel();
    };
    BOOST_CHECK_THROW(export_history(store, target, at_end), ExportCancelled);
    BOOST_TEST(std::filesystem::is_empty(target.parent_path()));
}

namespace {

// 100,000 levels of arrays: copying or dumping it recursively overflows the stack.
std::string depth_bomb() {
    return std::string(100000, '[') + std::string(100000, ']');
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_archive_nested_without_end_is_refused_for_every_format) {
    const std::string bomb = depth_bomb();
    const std::string archives[] = {
        R"([{"id":"c1","title":"Deep","mapping":{"a":{"parent":null,"children":[],"message":{"author":{"role":"user"},)"
        R"("content":{"content_type":"text","parts":["hi"]},"metadata":)" +
            bomb + "}}}}]",
        R"([{"uuid":"u1","name":"Deep","chat_messages":[{"uuid":"m1","sender":"human","text":"hi","attachments":)" +
            bomb + "}]}]",
        R"({"format":"parley.conversation","version":1,"uuid":"u","title":"Deep","messages":[{"id":1,"role":"user",)"
        R"("content":"hi","status":"complete","attachments":)" +
            bomb + "}]}",
    };
    for (const auto& archive : archives) {
        test::TempDir dir;
        HistoryStore store(dir / "h.db", 1, alive);
        try {
            import_text(store, archive);
            BOOST_FAIL("a depth bomb was imported");
        } catch (const ArchiveError& e) {
            BOOST_TEST(std::string(e.what()) == "conversation 1 nests JSON deeper than 256 levels");
        }
        BOOST_TEST(store.list_conversations().empty());
    }
    // Exactly 256 levels (3 above the arrays) are still read.
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    const std::string deep_but_allowed = std::string(253, '[') + std::string(253, ']');
    const auto report = import_text(
        store, R"([{"uuid":"u1","name":"Ok","chat_messages":[{"uuid":"m1","sender":"human","text":"hi","extra":)" +
                   deep_but_allowed + "}]}]");
    BOOST_TEST(report.conversations == 1U);
}

BOOST_AUTO_TEST_CASE(chatgpt_times_no_calendar_holds_are_refused_by_name) {
    const auto archive = [](const std::string& time, const std::string& id = "c1") {
        return R"([{"id":")" + id + R"(","title":"Times","create_time":)" + time +
               R"(,"mapping":{"a":{"parent":null,"children":[],"message":{"author":{"role":"user"},)"
               R"("content":{"content_type":"text","parts":["hi"]}}}}}])";
    };
    for (const std::string time : {"1e17", "-1e300", "1e300", "9.3e15"}) {
        test::TempDir dir;
        HistoryStore store(dir / "h.db", 1, alive);
        try {
            import_text(store, archive(time));
            BOOST_FAIL(time << " was imported");
        } catch (const ArchiveError& e) {
            BOOST_TEST(std::string(e.what()).find("'create_time' is not a time between the years 1 and 9999") !=
                           std::string::npos,
                       e.what());
        }
        BOOST_TEST(store.list_conversations().empty());
    }
    // A time that is not a number at all is an unknown time, as before.
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    BOOST_TEST(import_text(store, archive("\"NaN\"")).conversations == 1U);
    BOOST_TEST(import_text(store, archive("1700000000.5", "c2")).conversations == 1U);
}

BOOST_AUTO_TEST_CASE(times_beyond_the_calendar_are_shown_at_its_ends) {
    BOOST_TEST(format_timestamp(std::numeric_limits<std::int64_t>::max()) == "9999-12-31T23:59:59.999Z");
    BOOST_TEST(format_timestamp(std::numeric_limits<std::int64_t>::min()) == "0001-01-01T00:00:00.000Z");
    BOOST_TEST(format_timestamp(0) == "1970-01-01T00:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(json_export_round_trips_exactly_with_branches_and_attachments) {
    test::TempDir dir;
    nlohmann::json exported;
    {
        HistoryStore store(dir / "a.db", 1, alive);
        const auto c = store.create_conversation("Round trip", "prov", "model-x", "Be terse.");
        MessageRecord u;
        u.conversation_id = c;
        u.role = "user";
        u.content = "Draw me a ```fence``` inside text";
        const auto u1 = store.add_message(u, {{"image/png", "p.png", std::string("\x89PNG\0\x01", 6)}});
        MessageRecord a;
        a.conversation_id = c;
        a.parent_id = u1;
        a.role = "assistant";
        a.content = "First";
        a.reasoning = "thinking";
        a.provider = "prov";
        a.model = "model-x";
        a.input_tokens = 12;
        a.output_tokens = 34;
        a.finish_reason = "stop";
        a.cost_usd = 0.000123;
        const auto a1 = store.add_message(a);
        a.content = "Second, cut off";
        a.status = MessageStatus::interrupted;
        a.error = "the request was cancelled";
        store.add_message(a);
        store.show_branch(c, a1);
        exported = export_conversation_json(*store.load_conversation(c), store);
    }
    HistoryStore fresh(dir / "b.db", 1, alive);
    const auto report = import_text(fresh, exported.dump());
    BOOST_TEST(report.conversations == 1U);
    const auto id = fresh.list_conversations().at(0).id;
    const auto again = export_conversation_json(*fresh.load_conversation(id), fresh);
    BOOST_TEST(again == exported, "exported:\n" << exported.dump(1) << "\nre-exported:\n" << again.dump(1));
}

BOOST_AUTO_TEST_CASE(markdown_export_is_readable_and_keeps_code_blocks) {
    test::TempDir dir;
    HistoryStore store(dir / "h.db", 1, alive);
    import_file(store, "chatgpt-conversations.json");
    const auto id = store.list_conversations().at(0).id;
    const std::string md = export_conversation_markdown(*store.load_conversation(id), store.current_branch(id));
    BOOST_TEST(md.starts_with("# Sourdough starter\n"));
    BOOST_TEST(md.find("## You · 2024-04-24T23:06:41.000Z") != std::string::npos, md);
    BOOST_TEST(md.find("## Assistant · gpt-4o-mini · ") != std::string::npos, md);
    BOOST_TEST(md.find("```text\n1:1:1 starter:flour:water\n```") != std::string::npos, md);
    BOOST_TEST(md.find("other branches") != std::string::npos, md);
}

BOOST_AUTO_TEST_SUITE_END()
