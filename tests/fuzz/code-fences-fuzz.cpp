// Reply text is the provider's to choose: splitting it at code fences must
// cover every byte, in order, with no empty segment and never two prose
// segments in a row.
#include "chat/code-fences.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::size_t at = 0;
    const parley::TextSegment* previous = nullptr;
    const auto segments = parley::split_code_fences(text);
    for (const auto& segment : segments) {
        if (segment.text.empty() || segment.text.data() != text.data() + at) std::abort();
        if (previous && !previous->code && !segment.code) std::abort();
        at += segment.text.size();
        previous = &segment;
    }
    if (at != text.size()) std::abort();
    return 0;
}
