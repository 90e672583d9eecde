// Arbitrary bytes as a streamed response body for each provider's decoder:
// only ProviderError may come out, never a crash or another exception. The
// bytes as one OpenAI chunk payload must get the same result from the
// simdjson fast path as from the general nlohmann path.
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

// What a chunk did: the deltas in order, what it left in the result, the
// error it raised.
struct ChunkOutcome {
    std::vector<std::pair<char, std::string>> deltas;
    std::string finish_reason;
    long long input_tokens = 0;
    long long output_tokens = 0;
    bool usage_known = false;
    std::string error;

    bool operator==(const ChunkOutcome&) const = default;
};

class OrderSink final : public parley::ReplySink {
public:
    explicit OrderSink(ChunkOutcome& outcome) : outcome_(outcome) {}
    void on_text(std::string_view text) override { outcome_.deltas.emplace_back('t', text); }
    void on_reasoning(std::string_view text) override { outcome_.deltas.emplace_back('r', text); }

private:
    ChunkOutcome& outcome_;
};

template <typename Apply>
ChunkOutcome outcome_of(Apply apply) {
    ChunkOutcome outcome;
    OrderSink sink(outcome);
    parley::StreamResult result;
    try {
        apply(sink, result);
    } catch (const std::exception& e) {
        outcome.error = e.what();
    }
    outcome.finish_reason = result.finish_reason;
    outcome.input_tokens = result.usage.input_tokens;
    outcome.output_tokens = result.usage.output_tokens;
    outcome.usage_known = result.usage.known;
    return outcome;
}

void check_chunk_paths_agree(std::string_view payload) {
    parley::OpenAiChunkDecoder decoder;
    const auto fast = outcome_of(
        [&](parley::ReplySink& sink, parley::StreamResult& result) { decoder.apply(payload, sink, result); });
    const auto general = outcome_of([&](parley::ReplySink& sink, parley::StreamResult& result) {
        parley::OpenAiChunkDecoder::apply_general(payload, sink, result);
    });
    if (!(fast == general)) std::abort();
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
    return 0;
}
