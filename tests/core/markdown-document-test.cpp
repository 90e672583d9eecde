#include "chat/markdown-document.h"
#include "chat/markdown-stream.h"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace parley;

namespace {

MarkdownBlock only_block(const std::vector<MarkdownBlock>& blocks) {
    BOOST_REQUIRE_EQUAL(blocks.size(), 1u);
    return blocks.front();
}

MarkdownSpans spans_of(std::string_view text) {
    return only_block(parse_markdown(text)).spans;
}

MarkdownSpan span(std::string text, unsigned style = 0, std::string url = "") {
    return {std::move(text), style, std::move(url)};
}

}  // namespace

namespace parley {
std::ostream& operator<<(std::ostream& out, const MarkdownSpan& s) {
    return out << "{" << s.text << "|" << s.style << "|" << s.url << "}";
}
}  // namespace parley

BOOST_AUTO_TEST_SUITE(markdown_document)

BOOST_AUTO_TEST_CASE(headings_keep_their_level) {
    const auto blocks = parse_markdown("# One\n\n### Three\n\nSetext\n---\n");
    BOOST_REQUIRE_EQUAL(blocks.size(), 3u);
    BOOST_TEST((blocks[0].kind == BlockKind::heading));
    BOOST_TEST(blocks[0].heading_level == 1);
    BOOST_TEST(plain_text(blocks[0].spans) == "One");
    BOOST_TEST(blocks[1].heading_level == 3);
    BOOST_TEST(blocks[2].heading_level == 2);
}

BOOST_AUTO_TEST_CASE(emphasis_strong_strike_and_code_spans_combine) {
    const MarkdownSpans expected = {span("a "), span("em", span_emphasis),
                                    span(" "),  span("strong", span_strong),
                                    span(" "),  span("both", span_emphasis | span_strong),
                                    span(" "),  span("gone", span_strike),
                                    span(" "),  span("x < y", span_code)};
    BOOST_TEST(spans_of("a *em* **strong** ***both*** ~~gone~~ `x < y`") == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(links_carry_their_url_and_autolinks_are_found) {
    BOOST_TEST(spans_of("see [the docs](https://example.org/a?b=1&amp;c=2)") ==
                   (MarkdownSpans{span("see "), span("the docs", span_link, "https://example.org/a?b=1&c=2")}),
               boost::test_tools::per_element());
    const auto bare = spans_of("go to https://example.org/x now");
    BOOST_REQUIRE_EQUAL(bare.size(), 3u);
    BOOST_TEST(bare[1].style == unsigned(span_link));
    BOOST_TEST(bare[1].url == "https://example.org/x");
    const auto angle = spans_of("<mailto:someone@example.org>");
    BOOST_TEST(angle.at(0).url == "mailto:someone@example.org");
}

BOOST_AUTO_TEST_CASE(only_web_and_mail_links_may_open) {
    BOOST_TEST(is_openable_link("https://example.org/docs"));
    BOOST_TEST(is_openable_link("HTTP://example.org"));
    BOOST_TEST(is_openable_link("mailto:someone@example.org"));
    BOOST_TEST(!is_openable_link("javascript:alert(1)"));
    BOOST_TEST(!is_openable_link("file:///etc/passwd"));
    BOOST_TEST(!is_openable_link("data:text/html,<script>"));
    BOOST_TEST(!is_openable_link("vscode://open?x"));
    BOOST_TEST(!is_openable_link("docs/relative.html"));
    BOOST_TEST(!is_openable_link("https://"));
}

BOOST_AUTO_TEST_CASE(an_image_is_its_alt_text_and_url_never_an_image) {
    BOOST_TEST(spans_of("![a cat](https://example.org/cat.png)") ==
                   (MarkdownSpans{span("a cat", span_image, "https://example.org/cat.png")}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(raw_html_stays_text) {
    BOOST_TEST(plain_text(spans_of("a <b>bold</b> <img src=x onerror=y>")) == "a <b>bold</b> <img src=x onerror=y>");
    const auto block = parse_markdown("<script>alert(1)</script>\n");
    BOOST_TEST(plain_text(only_block(block).spans) == "<script>alert(1)</script>");
}

BOOST_AUTO_TEST_CASE(entities_and_breaks) {
    BOOST_TEST(plain_text(spans_of("a &amp; b &#169; &#x41; &bogus;")) == "a & b © A &bogus;");
    BOOST_TEST(plain_text(spans_of("soft\nbreak")) == "soft\nbreak");
    BOOST_TEST(plain_text(spans_of("hard  \nbreak")) == "hard\nbreak");
}

BOOST_AUTO_TEST_CASE(fenced_code_keeps_its_language_and_exact_text) {
    const auto block = only_block(parse_markdown("```python extra\nprint('*hi*')\n\n  x = 1\n```\n"));
    BOOST_TEST((block.kind == BlockKind::code));
    BOOST_TEST(block.language == "python");
    BOOST_TEST(block.spans == (MarkdownSpans{span("print('*hi*')\n\n  x = 1\n", span_code)}),
               boost::test_tools::per_element());
    const auto indented = only_block(parse_markdown("    indented code\n"));
    BOOST_TEST((indented.kind == BlockKind::code));
    BOOST_TEST(indented.language.empty());
    // Still streaming: an unclosed fence runs to the end.
    BOOST_TEST(plain_text(only_block(parse_markdown("```\nopen")).spans) == "open\n");
}

BOOST_AUTO_TEST_CASE(quotes_nest) {
    const auto blocks = parse_markdown("> outer\n>\n> > inner\n\nafter\n");
    BOOST_REQUIRE_EQUAL(blocks.size(), 3u);
    BOOST_TEST(blocks[0].quote_depth == 1);
    BOOST_TEST(blocks[1].quote_depth == 2);
    BOOST_TEST(plain_text(blocks[1].spans) == "inner");
    BOOST_TEST(blocks[2].quote_depth == 0);
}

BOOST_AUTO_TEST_CASE(list_items_carry_markers_numbers_and_depth) {
    const auto blocks = parse_markdown("3. three\n4. four\n   - nested\n\n- bullet\n");
    BOOST_REQUIRE_EQUAL(blocks.size(), 4u);
    BOOST_TEST(blocks[0].marker == "3.");
    BOOST_TEST(plain_text(blocks[0].spans) == "three");
    BOOST_TEST(blocks[1].marker == "4.");
    BOOST_TEST(blocks[1].list_depth == 1);
    BOOST_TEST(blocks[2].marker == "•");
    BOOST_TEST(blocks[2].list_depth == 2);
    BOOST_TEST(plain_text(blocks[2].spans) == "nested");
    BOOST_TEST(blocks[3].marker == "•");
}

BOOST_AUTO_TEST_CASE(a_loose_items_later_paragraphs_carry_no_marker) {
    const auto blocks = parse_markdown("- first\n\n  more of it\n- second\n");
    BOOST_REQUIRE_EQUAL(blocks.size(), 3u);
    BOOST_TEST(blocks[0].marker == "•");
    BOOST_TEST(blocks[1].marker.empty());
    BOOST_TEST(blocks[1].list_depth == 1);
    BOOST_TEST(blocks[2].marker == "•");
}

BOOST_AUTO_TEST_CASE(task_list_items_have_checkboxes) {
    const auto blocks = parse_markdown("- [x] done\n- [ ] to do\n- plain\n");
    BOOST_REQUIRE_EQUAL(blocks.size(), 3u);
    BOOST_TEST(blocks[0].task_checked.value() == true);
    BOOST_TEST(plain_text(blocks[0].spans) == "done");
    BOOST_TEST(blocks[1].task_checked.value() == false);
    BOOST_TEST(!blocks[2].task_checked.has_value());
}

BOOST_AUTO_TEST_CASE(tables_have_header_rows_cells_and_alignment) {
    const auto& block =
        only_block(parse_markdown("| Name | Qty | Note |\n|:-----|----:|:---:|\n| **a** | 1 | x |\n| b | 22 |\n"));
    BOOST_TEST((block.kind == BlockKind::table));
    const auto& table = block.table;
    BOOST_TEST(table.header_rows == 1u);
    BOOST_REQUIRE_EQUAL(table.rows.size(), 3u);
    BOOST_TEST((table.align == std::vector<CellAlign>{CellAlign::left, CellAlign::right, CellAlign::center}));
    BOOST_TEST(plain_text(table.rows[0][1]) == "Qty");
    BOOST_TEST(table.rows[1][0] == (MarkdownSpans{span("a", span_strong)}), boost::test_tools::per_element());
    BOOST_TEST(plain_text(table.rows[2][1]) == "22");
    BOOST_TEST(table.rows[2].size() == 3u);  // a short row is padded
}

BOOST_AUTO_TEST_CASE(thematic_break) {
    const auto blocks = parse_markdown("above\n\n***\n\nbelow\n");
    BOOST_REQUIRE_EQUAL(blocks.size(), 3u);
    BOOST_TEST((blocks[1].kind == BlockKind::thematic_break));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(markdown_stream)

namespace {

const std::string kReply =
    "# Plan\n\nSome *intro* text.\n\n```cpp\nint main() {\n\n  return 0;\n}\n```\n\n"
    "> a quote\n> over lines\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n1. one\n2. two\n\nThe end with "
    "**bold**.\n";

std::vector<MarkdownBlock> all_blocks(const MarkdownStream& stream) {
    auto blocks = stream.stable();
    blocks.insert(blocks.end(), stream.tail().begin(), stream.tail().end());
    return blocks;
}

}  // namespace

BOOST_AUTO_TEST_CASE(streamed_in_small_deltas_it_parses_like_the_whole_text) {
    for (const std::size_t step : {1u, 3u, 7u, 64u}) {
        MarkdownStream stream;
        for (std::size_t at = 0; at < kReply.size(); at += step)
            stream.append(std::string_view(kReply).substr(at, step));
        BOOST_TEST(stream.text() == kReply);
        BOOST_TEST(all_blocks(stream) == parse_markdown(kReply));
    }
}

BOOST_AUTO_TEST_CASE(stable_blocks_are_never_parsed_again) {
    MarkdownStream stream;
    std::string long_text;
    for (int i = 0; i < 2000; ++i) long_text += "Paragraph " + std::to_string(i) + " with *some* words.\n\n";
    std::size_t most = 0;
    std::size_t stable_before = 0;
    for (std::size_t at = 0; at < long_text.size(); at += 5) {
        stream.append(std::string_view(long_text).substr(at, 5));
        most = std::max(most, stream.last_parsed_bytes());
        // Once stable, a block stays: the count never shrinks.
        BOOST_REQUIRE_GE(stream.stable().size(), stable_before);
        stable_before = stream.stable().size();
    }
    // Each append parsed at most the last two paragraphs (a boundary is seen
    // once the line after the blank one is complete), never the 70 kB before.
    BOOST_TEST(most < 2 * std::string("Paragraph 1999 with *some* words.\n\n").size() + 5);
    BOOST_TEST(stream.stable().size() + stream.tail().size() == 2000u);
}

BOOST_AUTO_TEST_CASE(a_blank_line_inside_a_fence_is_no_boundary) {
    MarkdownStream stream;
    stream.append("```\nfirst\n\nsecond\n\n");
    stream.append("third\n");
    BOOST_TEST(stream.stable().empty());
    BOOST_REQUIRE_EQUAL(stream.tail().size(), 1u);
    BOOST_TEST(plain_text(stream.tail()[0].spans) == "first\n\nsecond\n\nthird\n");
    stream.append("```\n\nafter\n");
    BOOST_TEST(stream.stable().size() == 1u);
    BOOST_TEST(plain_text(stream.tail().at(0).spans) == "after");
}

BOOST_AUTO_TEST_CASE(an_indented_continuation_keeps_the_list_item_open) {
    MarkdownStream stream;
    stream.append("- item\n\n  continued\n");
    BOOST_TEST(stream.stable().empty());
    BOOST_TEST(stream.tail().size() == 2u);
    BOOST_TEST(stream.tail()[1].list_depth == 1);
}

BOOST_AUTO_TEST_SUITE_END()
