// Arbitrary bytes as a streamed response body for each provider's decoder:
// only ProviderError may come out, never a crash or another exception. The
// bytes as one OpenAI chunk payload must get the same result from the
// simdjson fast path as from the general nlohmann path, and as the text (or
// the ignored padding) of a chunk that repeats a learnt shape, from the
// template as from a full parse; and as the stream after a learnt chunk, the
// same from the decoder as from the standard's parser alone.
#include "chunk-paths.h"
#include "providers/anthropic-wire-format.h"
#include "providers/gemini-wire-format.h"
#include "providers/openai-wire-format.h"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace {

class NullSink final : public parley::ReplySink {
public:
    void on_text(std::string_view) override {}
    void on_reasoning(std::string_view) override {}
};

void check_chunk_paths_agree(std::string_view payload) {
    if (!(parley::test::fast_path_outcome(payload) == parley::test::general_path_outcome(payload))) std::abort();
}

// The bytes as the text of a chunk that repeats a learnt chunk's shape: the
// template must read it exactly as a full parse would, or leave it to one.
void check_templated_paths_agree(std::string_view bytes) {
    constexpr std::string_view head = R"({"id":"c","choices":[{"index":0,"delta":{"content":")";
    constexpr std::string_view tail = R"("},"finish_reason":null}],"obfuscation":")";
    const auto chunk = [&](std::string_view text, std::string_view padding) {
        return std::string(head) + std::string(text) + std::string(tail) + std::string(padding) + "\"}";
    };
    const std::string learned = chunk("learnt", "pad");
    // The bytes as the text, then as the padding nothing reads.
    for (const auto& payload : {chunk(bytes, "pad"), chunk("text", bytes)}) {
        if (!(parley::test::templated_path_outcome(learned, payload) == parley::test::general_path_outcome(payload))) {
            std::abort();
        }
    }
}

// The bytes as the stream after a chunk whose shape the decoder learns: its
// parser's shortcut for chunks of that shape must change nothing.
void check_stream_paths_agree(std::string_view bytes, std::size_t piece) {
    const std::string body =
        "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"learnt\"}}]}\n\n" + std::string(bytes);
    if (!(parley::test::stream_outcome(body, piece) == parley::test::reference_stream_outcome(body, piece))) {
        std::abort();
    }
}

void run(const parley::WireFormat& format, std::string_view bytes, std::size_t piece) {
    NullSink sink;
    try {
        auto decoder = format.stream_decoder(sink);
        for (std::size_t i = 0; i < bytes.size(); i += piece) decoder->feed(bytes.substr(i, piece));
        decoder->finish();
    } catch (const parley::ProviderError&) {
    }
    try {
        format.decode_complete(bytes, sink);
    } catch (const parley::ProviderError&) {
    }
    parley::HttpResponseHead head;
    (void)format.http_error(500, head, bytes);
    try {
        (void)format.parse_models(bytes);
    } catch (const parley::ProviderError&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::size_t piece = 1 + data[0] % 64;
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    run(parley::OpenAiWireFormat(), bytes, piece);
    run(parley::AnthropicWireFormat(), bytes, piece);
    run(parley::GeminiWireFormat(), bytes, piece);
    check_chunk_paths_agree(bytes);
    check_templated_paths_agree(bytes);
    check_stream_paths_agree(bytes, piece);
    return 0;
}
