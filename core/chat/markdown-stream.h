#pragma once

#include "chat/markdown-document.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

// A reply's Markdown while it streams in. Text before the last point where
// a new top-level block began is parsed once into `stable()` blocks that no
// later text can change; only what follows is parsed again at each append,
// so a long reply costs its length, not its length times its deltas.
//
// The points are the starts of lines that begin at the left margin after a
// blank line, outside a fenced code block: such a line closes every open
// paragraph, list and quote. What parsing in pieces gives up: a link
// reference definition reaches only links in its own piece, and a list
// broken by a blank line restarts (keeping its item numbers).
class MarkdownStream {
public:
    void append(std::string_view delta);

    const std::vector<MarkdownBlock>& stable() const { return stable_; }
    // The blocks after the stable ones, parsed again from the latest text.
    const std::vector<MarkdownBlock>& tail() const { return tail_; }
    const std::string& text() const { return text_; }
    // How many bytes the last append gave the parser: the unstable tail.
    std::size_t last_parsed_bytes() const { return last_parsed_bytes_; }

private:
    // Looks at the complete lines not yet looked at; moves the stable point
    // to the last one that starts a new top-level block.
    void scan_lines();

    std::string text_;
    std::vector<MarkdownBlock> stable_;
    std::vector<MarkdownBlock> tail_;
    std::size_t stable_end_ = 0;  // text_[0, stable_end_) is in stable_
    std::size_t scanned_ = 0;     // lines before this offset were scanned
    bool previous_blank_ = false;
    char fence_char_ = 0;  // of the open fenced code block, or 0
    std::size_t fence_length_ = 0;
    std::size_t last_parsed_bytes_ = 0;
};

}  // namespace parley
