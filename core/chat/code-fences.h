#pragma once

#include <string_view>
#include <vector>

namespace parley {

// A run of message text: prose, or a fenced code block with its fence lines.
struct TextSegment {
    bool code = false;
    std::string_view text;
};

// Splits Markdown text at its fenced code blocks (``` or ~~~, as CommonMark
// defines them), so a transcript can set code apart. An unclosed fence runs
// to the end, as it does in CommonMark and in a reply still streaming. The
// segments, joined, are the input.
std::vector<TextSegment> split_code_fences(std::string_view text);

}  // namespace parley
