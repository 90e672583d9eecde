#include "net/sse-parser.h"
#include "net/network-error.h"
#include "brace-fast-path.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using parley::NetworkError;
using parley::SseEvent;
using parley::SseLimits;
using parley::SseParser;

namespace {

// An event's views last only through the call that hands it over.
struct Event {
    std::string type;
    std::string data;
    std::string last_event_id;
};

Event kept(const SseEvent& e) { return {std::string(e.type), std::string(e.data), std::string(e.last_event_id)}; }

struct Collected {
    std::vector<Event> events;
    std::vector<std::string> other_lines;
};

// Feeds `stream` in pieces of `piece` bytes (0: all at once).
Collected parse(const std::string& stream, std::size_t piece = 0) {
    Collected out;
    SseParser parser([&](const SseEvent& e) { out.events.push_back(kept(e)); },
                     [&](std::string_view line) { out.other_lines.emplace_back(line); });
    if (piece == 0) {
        parser.feed(stream);
    } else {
        for (std::size_t i = 0; i < stream.size(); i += piece) parser.feed(std::string_view(stream).substr(i, piece));
    }
    parser.finish();
    return out;
}

std::vector<std::string> data_of(const Collected& c) {
    std::vector<std::string> out;
    for (const auto& e : c.events) out.push_back(e.data);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sse_parser)

BOOST_AUTO_TEST_CASE(lf_crlf_and_cr_line_ends_all_delimit_events) {
    for (const std::string eol : {"\n", "\r\n", "\r"}) {
        const auto c = parse("data: one" + eol + eol + "data: two" + eol + eol);
        BOOST_TEST(data_of(c) == (std::vector<std::string>{"one", "two"}), "eol " << eol.size());
    }
}

BOOST_AUTO_TEST_CASE(mixed_line_ends_in_one_stream) {
    // wpt eventsource/format-comments: \r, \n and \r\n mixed.
    const auto c = parse("data:1\rdata:2\ndata:3\r\ndata:4\n\n");
    BOOST_TEST(data_of(c) == std::vector<std::string>{"1\n2\n3\n4"});
}

BOOST_AUTO_TEST_CASE(every_split_position_gives_the_same_events) {
    const std::string stream = "\xEF\xBB\xBF" "event: x\r\ndata: h\xC3\xA9llo\r\n: keep-alive\r\ndata:line2\r\n\r\n"
                               "id: 7\rdata: \xE2\x82\xAC\r\r";
    const auto whole = parse(stream);
    BOOST_REQUIRE_EQUAL(whole.events.size(), 2U);
    for (std::size_t piece = 1; piece <= stream.size(); ++piece) {
        const auto split = parse(stream, piece);
        BOOST_TEST(data_of(split) == data_of(whole), "piece size " << piece);
        BOOST_TEST(split.events[0].type == "x");
        BOOST_TEST(split.events[1].last_event_id == "7");
    }
    BOOST_TEST(whole.events[0].data == "h\xC3\xA9llo\nline2");
    BOOST_TEST(whole.events[1].data == "\xE2\x82\xAC");
}

BOOST_AUTO_TEST_CASE(crlf_split_between_reads_is_one_line_end) {
    Collected out;
    SseParser parser([&](const SseEvent& e) { out.events.push_back(kept(e)); });
    parser.feed("data: a\r");
    parser.feed("\ndata: b\r");
    parser.feed("\n\r");
    parser.feed("\n");
    BOOST_TEST(data_of(out) == std::vector<std::string>{"a\nb"});
}

BOOST_AUTO_TEST_CASE(only_one_leading_bom_is_stripped) {
    // wpt format-bom-2: the second BOM makes the first line's field unknown.
    const auto c = parse("\xEF\xBB\xBF\xEF\xBB\xBF" "data:1\n\ndata:2\n\ndata:3\n\n");
    BOOST_TEST(data_of(c) == (std::vector<std::string>{"2", "3"}));
}

BOOST_AUTO_TEST_CASE(bom_split_across_reads_is_stripped) {
    const auto c = parse("\xEF\xBB\xBF" "data:x\n\n", 1);
    BOOST_TEST(data_of(c) == std::vector<std::string>{"x"});
}

BOOST_AUTO_TEST_CASE(comments_and_empty_events_do_not_dispatch) {
    const auto c = parse(": OPENROUTER PROCESSING\n\n: keep-alive\n\nevent: ping\n\ndata: real\n\n");
    BOOST_TEST(data_of(c) == std::vector<std::string>{"real"});
    BOOST_TEST(c.events[0].type == "message");
}

BOOST_AUTO_TEST_CASE(only_one_space_after_the_colon_is_removed) {
    const auto c = parse("data:no-space\n\ndata:  two-spaces\n\n");
    BOOST_TEST(data_of(c) == (std::vector<std::string>{"no-space", " two-spaces"}));
}

BOOST_AUTO_TEST_CASE(multi_line_data_joins_with_newlines) {
    // openai-python test_sse: multi-line JSON payload.
    const auto c = parse("data: {\ndata: \"foo\":\ndata: \ndata:\ndata: true}\n\n");
    BOOST_TEST(data_of(c) == std::vector<std::string>{"{\n\"foo\":\n\n\ntrue}"});
}

BOOST_AUTO_TEST_CASE(a_field_without_colon_is_a_name_with_empty_value) {
    const auto c = parse("data\n\n");
    BOOST_REQUIRE_EQUAL(c.events.size(), 1U);
    BOOST_TEST(c.events[0].data == "");
}

BOOST_AUTO_TEST_CASE(unterminated_final_event_is_discarded) {
    // wpt format-data-before-final-empty-line.
    const auto c = parse("retry:1000\ndata:test1\n\nid:test\ndata:test2");
    BOOST_TEST(data_of(c) == std::vector<std::string>{"test1"});
    BOOST_TEST(c.events[0].last_event_id == "");
}

BOOST_AUTO_TEST_CASE(id_and_retry_fields_follow_the_standard) {
    Collected out;
    SseParser parser([&](const SseEvent& e) { out.events.push_back(kept(e)); });
    using namespace std::string_literals;
    parser.feed("id: a\0b\ndata: x\n\nretry: 12x\nretry: 2500\ndata: y\n\n"s);
    BOOST_REQUIRE_EQUAL(out.events.size(), 2U);
    BOOST_TEST(out.events[0].last_event_id == "");  // an id with NUL is ignored
    BOOST_REQUIRE(parser.retry_ms().has_value());
    BOOST_TEST(*parser.retry_ms() == 2500);
}

BOOST_AUTO_TEST_CASE(unknown_lines_reach_the_other_line_handler) {
    // Gemini's mid-stream error: bare JSON lines without data:.
    const auto c = parse("data: {\"a\":1}\n\n{\n  \"error\": {\n    \"code\": 503\n  }\n}\n");
    BOOST_TEST(data_of(c) == std::vector<std::string>{"{\"a\":1}"});
    BOOST_TEST(c.other_lines == (std::vector<std::string>{"{", "  \"error\": {", "    \"code\": 503", "  }", "}"}));
}

BOOST_AUTO_TEST_CASE(a_retry_beyond_a_day_or_any_integer_is_ignored) {
    SseParser parser([](const SseEvent&) {});
    parser.feed("retry: 999999999999999\n");
    BOOST_TEST(!parser.retry_ms().has_value());
    parser.feed("retry: 99999999999999999999999999\nretry: -5\nretry: +5\n");
    BOOST_TEST(!parser.retry_ms().has_value());
    parser.feed("retry: 86400000\nretry: 86400001\n");
    BOOST_REQUIRE(parser.retry_ms().has_value());
    BOOST_TEST(*parser.retry_ms() == 86400000);
}

BOOST_AUTO_TEST_CASE(a_line_that_never_ends_is_refused_at_the_limit) {
    SseParser parser([](const SseEvent&) {}, {}, SseLimits{1024, 4096});
    parser.feed("data: ");
    parser.feed(std::string(1024 - 6, 'a'));  // exactly the limit: still a line
    try {
        parser.feed("a");
        BOOST_FAIL("a line over the limit was buffered");
    } catch (const NetworkError& e) {
        BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(NetworkError::Kind::protocol));
        BOOST_TEST(std::string(e.what()).find("line longer than") != std::string::npos, e.what());
    }
    // Also when the line arrives in one piece.
    SseParser whole([](const SseEvent&) {}, {}, SseLimits{1024, 4096});
    BOOST_CHECK_THROW(whole.feed("data: " + std::string(2048, 'a') + "\n"), NetworkError);
}

BOOST_AUTO_TEST_CASE(an_event_that_never_ends_is_refused_at_the_limit) {
    std::size_t events = 0;
    SseParser parser([&](const SseEvent&) { ++events; }, {}, SseLimits{1024, 4096});
    // 2 bytes of data per line; the event's data may hold 4096 bytes.
    for (int i = 0; i < 2048; ++i) parser.feed("data: a\n");
    try {
        parser.feed("data: a\n");
        BOOST_FAIL("an event over the limit was buffered");
    } catch (const NetworkError& e) {
        BOOST_TEST(std::string(e.what()).find("event larger than") != std::string::npos, e.what());
    }
    BOOST_TEST(events == 0U);
}

BOOST_AUTO_TEST_CASE(a_large_event_is_kept_whole) {
    const std::string big(4 * 1024 * 1024, 'x');
    const auto c = parse("data: " + big + "\n\n", 65536);
    BOOST_REQUIRE_EQUAL(c.events.size(), 1U);
    BOOST_TEST(c.events[0].data.size() == big.size());
}

BOOST_AUTO_TEST_CASE(events_stay_whole_and_typed_while_the_parser_reuses_its_buffers) {
    const std::string long_data(5000, 'x');
    const auto c = parse("event: first\ndata: " + long_data + "\n\ndata: short\n\ndata: " + long_data +
                         "y\n\nevent: last\ndata: z\n\n");
    BOOST_REQUIRE_EQUAL(c.events.size(), 4U);
    BOOST_TEST(data_of(c) == (std::vector<std::string>{long_data, "short", long_data + "y", "z"}));
    BOOST_TEST(c.events[0].type == "first");
    BOOST_TEST(c.events[1].type == "message");
    BOOST_TEST(c.events[2].type == "message");
    BOOST_TEST(c.events[3].type == "last");
}

// What a parser with a fast path hands over, fed `piece` bytes at a time:
// events it took whole count as "message" events, as they must be.
std::pair<std::vector<std::string>, std::size_t> typed_data_with_fast_path(const std::string& stream, std::size_t piece,
                                                                           SseLimits limits = {}) {
    std::vector<std::string> events;
    parley::test::BraceFastPath fast([&](std::string_view data) { events.push_back("message:" + std::string(data)); });
    SseParser parser([&](const SseEvent& e) { events.push_back(std::string(e.type) + ":" + std::string(e.data)); }, {},
                     limits);
    parser.set_fast_path(&fast);
    for (std::size_t i = 0; i < stream.size(); i += piece) parser.feed(std::string_view(stream).substr(i, piece));
    parser.finish();
    return {events, fast.taken()};
}

std::vector<std::string> typed_data(const Collected& c) {
    std::vector<std::string> out;
    for (const auto& e : c.events) out.push_back(e.type + ":" + e.data);
    return out;
}

BOOST_AUTO_TEST_CASE(a_fast_path_takes_one_line_events_whole_and_changes_no_event) {
    // The stream's first byte is held for the BOM check: its first event is the parser's.
    const std::string stream = "data: {\"a\":1}\n\n"
                               "data: {\"b\":2}\n\n"             // taken
                               "event: delta\ndata: {\"c\":3}\n\n"  // typed: the parser's
                               "data: {\"d\":4}\ndata: {\"e\":5}\n\n"  // two lines: one event
                               "data: {\"f\":6}\r\n\r\n"           // CRLF: the parser's
                               "data: {\"g\":7}\n\n"             // taken
                               "data: {\"h\":8} tail\n\n"        // more on the line
                               "data:{\"i\":9}\n\n"              // no space: the parser's
                               "id: 3\ndata: {\"j\":10}\n\n"       // taken, after the id line
                               ": comment\n\ndata: plain\n\n"
                               "data: {\"k\":11}\n\n";           // taken
    const auto whole = typed_data(parse(stream));
    BOOST_REQUIRE_EQUAL(whole.size(), 11U);
    BOOST_TEST(whole[2] == "delta:{\"c\":3}");
    BOOST_TEST(whole[3] == "message:{\"d\":4}\n{\"e\":5}");
    const auto [events, taken] = typed_data_with_fast_path(stream, stream.size());
    BOOST_TEST(events == whole);
    BOOST_TEST(taken == 4U);
    for (std::size_t piece = 1; piece < stream.size(); ++piece) {
        BOOST_TEST(typed_data_with_fast_path(stream, piece).first == whole, "piece size " << piece);
    }
}

BOOST_AUTO_TEST_CASE(a_fast_path_leaves_events_over_the_limits_to_the_parser_to_refuse) {
    const std::string long_line = "data: first\n\ndata: {" + std::string(30, 'a') + "}\n\n";
    BOOST_CHECK_THROW(typed_data_with_fast_path(long_line, long_line.size(), SseLimits{32, 1024}), NetworkError);
    BOOST_CHECK_THROW(typed_data_with_fast_path(long_line, long_line.size(), SseLimits{1024, 32}), NetworkError);
    const auto [events, taken] = typed_data_with_fast_path(long_line, long_line.size(), SseLimits{38, 33});
    BOOST_TEST(taken == 1U);
    BOOST_TEST(events.size() == 2U);
}

BOOST_AUTO_TEST_SUITE_END()
