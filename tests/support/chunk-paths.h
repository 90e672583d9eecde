#pragma once

// The OpenAI chunk decoder has two fast paths (a learnt chunk template and
// simdjson) and a general one (nlohmann); all must decide every payload
// alike. Its stream decoder also lets chunks of the learnt shape skip the
// SSE parser's assembly of events; a stream must decode alike either way.
// Shared by the wire-format test and the provider-stream fuzzer.
#include "net/sse-parser.h"
#include "providers/openai-wire-format.h"

#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::test {

// Everything a chunk can do: what reached the sink, in order, what it left
// in the result, and the error it raised.
struct ChunkOutcome {
    std::vector<std::pair<char, std::string>> deltas;
    std::string finish_reason;
    long long input_tokens = 0;
    long long output_tokens = 0;
    bool usage_known = false;
    std::string error;

    bool operator==(const ChunkOutcome&) const = default;
};

namespace detail {

class OrderSink final : public ReplySink {
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
    StreamResult result;
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

}  // namespace detail

inline ChunkOutcome fast_path_outcome(std::string_view payload) {
    OpenAiChunkDecoder decoder;
    return detail::outcome_of([&](ReplySink& sink, StreamResult& result) { decoder.apply(payload, sink, result); });
}

// The outcome of `payload` from a decoder that first applied `learned`:
// when `learned` is a chunk of text alone, its shape is the template the
// decoder reads `payload` by if `payload` repeats it.
inline ChunkOutcome templated_path_outcome(std::string_view learned, std::string_view payload) {
    OpenAiChunkDecoder decoder;
    (void)detail::outcome_of([&](ReplySink& sink, StreamResult& result) { decoder.apply(learned, sink, result); });
    return detail::outcome_of([&](ReplySink& sink, StreamResult& result) { decoder.apply(payload, sink, result); });
}

inline ChunkOutcome general_path_outcome(std::string_view payload) {
    return detail::outcome_of(
        [&](ReplySink& sink, StreamResult& result) { OpenAiChunkDecoder::apply_general(payload, sink, result); });
}

// A whole streamed body through OpenAI's stream decoder, fed `piece` bytes
// at a time. Errors are compared by their presence alone: the reference
// below does not dress them as the decoder does.
inline ChunkOutcome stream_outcome(std::string_view body, std::size_t piece) {
    auto outcome = detail::outcome_of([&](ReplySink& sink, StreamResult& result) {
        const auto decoder = OpenAiWireFormat().stream_decoder(sink);
        try {
            for (std::size_t i = 0; i < body.size(); i += piece) decoder->feed(body.substr(i, piece));
            decoder->finish();
        } catch (...) {
            result = decoder->result();
            throw;
        }
        result = decoder->result();
    });
    if (!outcome.error.empty()) outcome.error = "failed";
    return outcome;
}

// The same body through the standard's parser alone, every event assembled
// and handed to the chunk decoder as OpenAI's stream decoder hands its
// events over: the reference the decoder's shortcut must agree with.
inline ChunkOutcome reference_stream_outcome(std::string_view body, std::size_t piece) {
    auto outcome = detail::outcome_of([&](ReplySink& sink, StreamResult& result) {
        OpenAiChunkDecoder chunks;
        bool complete = false;
        SseParser parser([&](const SseEvent& event) {
            if (complete) return;
            if (event.data.starts_with("[DONE]")) {
                complete = true;
                return;
            }
            if (event.data.empty()) return;
            if (event.type == "error") throw std::runtime_error("error event");
            chunks.apply(event.data, sink, result);
        });
        for (std::size_t i = 0; i < body.size(); i += piece) parser.feed(body.substr(i, piece));
        parser.finish();
        if (!complete) throw std::runtime_error("no [DONE]");
    });
    if (!outcome.error.empty()) outcome.error = "failed";
    return outcome;
}

}  // namespace parley::test
