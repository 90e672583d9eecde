// Reply text is the provider's to choose: parsing it whole or streamed in
// pieces must never crash, a code block is one run of text, and the stream
// keeps every byte.
#include "chat/markdown-document.h"
#include "chat/markdown-stream.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto& block : parley::parse_markdown(text)) {
        if (block.kind == parley::BlockKind::code && block.spans.size() > 1) std::abort();
    }
    // The first byte picks the delta size, as a provider's chunking would.
    const std::size_t step = size == 0 ? 1 : 1 + data[0] % 16;
    parley::MarkdownStream stream;
    for (std::size_t at = 0; at < size; at += step) stream.append(text.substr(at, step));
    if (stream.text() != text) std::abort();
    return 0;
}
