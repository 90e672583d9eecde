#include "chat/code-fences.h"

#include <optional>

namespace parley {

namespace {

struct Fence {
    char mark = 0;
    std::size_t length = 0;
};

// A fence line: up to three spaces, then three or more backticks or tildes.
// An opening backtick fence's info string may not contain a backtick; a
// closing fence has nothing after it but spaces.
Fence fence_in(std::string_view line, bool closing) {
    std::size_t at = 0;
    while (at < line.size() && at < 3 && line[at] == ' ') ++at;
    if (at == line.size() || (line[at] != '`' && line[at] != '~')) return {};
    const char mark = line[at];
    std::size_t end = at;
    while (end < line.size() && line[end] == mark) ++end;
    if (end - at < 3) return {};
    const std::string_view rest = line.substr(end);
    if (closing && rest.find_first_not_of(" \t\r") != std::string_view::npos) return {};
    if (!closing && mark == '`' && rest.find('`') != std::string_view::npos) return {};
    return {mark, end - at};
}

}  // namespace

std::vector<TextSegment> split_code_fences(std::string_view text) {
    std::vector<TextSegment> segments;
    std::size_t segment_start = 0;
    std::optional<Fence> open;
    const auto close_segment = [&](std::size_t end, bool code) {
        if (end > segment_start) segments.push_back({code, text.substr(segment_start, end - segment_start)});
        segment_start = end;
    };
    for (std::size_t line_start = 0; line_start < text.size();) {
        const std::size_t newline = text.find('\n', line_start);
        const std::size_t line_end = newline == std::string_view::npos ? text.size() : newline + 1;
        const std::string_view line = text.substr(line_start, line_end - line_start);
        const std::string_view content = line.substr(0, line.size() - (line.ends_with('\n') ? 1 : 0));
        if (!open) {
            if (const Fence fence = fence_in(content, false); fence.length > 0) {
                close_segment(line_start, false);
                open = fence;
            }
        } else if (const Fence fence = fence_in(content, true);
                   fence.mark == open->mark && fence.length >= open->length) {
            close_segment(line_end, true);
            open.reset();
        }
        line_start = line_end;
    }
    close_segment(text.size(), open.has_value());
    return segments;
}

}  // namespace parley
