#include "chat/markdown-stream.h"

namespace parley {

namespace {

bool is_blank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// A fence line (CommonMark 4.5): up to three spaces, then three or more
// backticks or tildes. Returns its character and length, or {0, 0}.
std::pair<char, std::size_t> fence_of(std::string_view line) {
    const std::size_t indent = line.find_first_not_of(' ');
    if (indent == std::string_view::npos || indent > 3) return {0, 0};
    const char c = line[indent];
    if (c != '`' && c != '~') return {0, 0};
    const std::size_t end = line.find_first_not_of(c, indent);
    const std::size_t length = (end == std::string_view::npos ? line.size() : end) - indent;
    if (length < 3) return {0, 0};
    return {c, length};
}

}  // namespace

void MarkdownStream::append(std::string_view delta) {
    text_ += delta;
    scan_lines();
    const std::string_view rest = std::string_view(text_).substr(stable_end_);
    last_parsed_bytes_ = rest.size();
    tail_ = parse_markdown(rest);
}

void MarkdownStream::scan_lines() {
    std::size_t boundary = stable_end_;
    for (std::size_t end; (end = text_.find('\n', scanned_)) != std::string::npos; scanned_ = end + 1) {
        const std::string_view line = std::string_view(text_).substr(scanned_, end - scanned_);
        const auto [fence, length] = fence_of(line);
        if (fence_char_ != 0) {
            // Only a fence of the same kind, at least as long, with nothing after it closes.
            if (fence == fence_char_ && length >= fence_length_ && is_blank(line.substr(line.find(fence) + length))) {
                fence_char_ = 0;
            }
            previous_blank_ = false;
            continue;
        }
        if (previous_blank_ && !is_blank(line) && line[0] != ' ' && line[0] != '\t') boundary = scanned_;
        if (fence != 0) {
            fence_char_ = fence;
            fence_length_ = length;
        }
        previous_blank_ = is_blank(line);
    }
    if (boundary == stable_end_) return;
    auto blocks = parse_markdown(std::string_view(text_).substr(stable_end_, boundary - stable_end_));
    stable_.insert(stable_.end(), std::make_move_iterator(blocks.begin()), std::make_move_iterator(blocks.end()));
    stable_end_ = boundary;
}

}  // namespace parley
