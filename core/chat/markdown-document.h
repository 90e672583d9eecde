#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

// How a run of text is set: any of these together.
enum SpanStyle : unsigned {
    span_emphasis = 1u << 0,
    span_strong = 1u << 1,
    span_strike = 1u << 2,
    span_code = 1u << 3,
    span_link = 1u << 4,
    // An image's alt text: the image itself is never fetched, so a front end
    // shows this text (and may offer the URL as a link).
    span_image = 1u << 5,
};

struct MarkdownSpan {
    std::string text;
    unsigned style = 0;  // SpanStyle bits
    std::string url;     // of a link or an image

    bool operator==(const MarkdownSpan&) const = default;
};

using MarkdownSpans = std::vector<MarkdownSpan>;

enum class BlockKind { paragraph, heading, code, thematic_break, table };

enum class CellAlign { left, center, right };

struct MarkdownTable {
    std::vector<CellAlign> align;  // one per column
    std::size_t header_rows = 0;   // the first rows of `rows`
    std::vector<std::vector<MarkdownSpans>> rows;

    bool operator==(const MarkdownTable&) const = default;
};

// One leaf block of a message, in reading order, with the containers it
// sits in flattened into depths: what a text view needs to lay it out.
struct MarkdownBlock {
    BlockKind kind = BlockKind::paragraph;
    int heading_level = 0;  // 1 to 6, of a heading
    int quote_depth = 0;    // how many block quotes it sits in
    int list_depth = 0;     // how many lists it sits in
    // The first block of a list item carries the item's marker ("•", "3."),
    // and a task list item its checkbox; the item's later blocks carry none.
    std::string marker;
    std::optional<bool> task_checked;
    std::string language;  // a code block's info string's first word
    MarkdownSpans spans;   // of a code block: one span, the code, each line ending in '\n'
    MarkdownTable table;

    bool operator==(const MarkdownBlock&) const = default;
};

// Parses CommonMark with GitHub's tables, strikethrough, task lists and
// autolinks. Raw HTML is kept as text, never interpreted. A line break
// inside a paragraph stays one ('\n'), soft or hard.
std::vector<MarkdownBlock> parse_markdown(std::string_view text);

// Whether a link from a reply may be handed to the system's browser: only
// http, https and mailto URLs. A reply is untrusted text; file:, javascript:,
// data: or a custom scheme's handler must not run from a click.
bool is_openable_link(std::string_view url);

// The spans' text joined, without styles.
std::string plain_text(const MarkdownSpans& spans);

}  // namespace parley
