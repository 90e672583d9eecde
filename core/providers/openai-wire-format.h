#pragma once

#include "providers/chunk-template.h"
#include "providers/wire-format.h"

namespace parley {

class FastJson;

// Applies the chat.completion.chunk payloads of one stream. A payload that
// repeats the last text chunk's bytes around new text is read by its
// ChunkTemplate; the common shape (one choice whose delta carries text or
// reasoning) is read by simdjson as views into a reused buffer, with no
// allocation per chunk; any other payload takes the general nlohmann path,
// which decides the same on every payload the faster ones accept (the
// differential tests hold all three to it).
class OpenAiChunkDecoder {
public:
    OpenAiChunkDecoder();
    ~OpenAiChunkDecoder();
    OpenAiChunkDecoder(const OpenAiChunkDecoder&) = delete;
    OpenAiChunkDecoder& operator=(const OpenAiChunkDecoder&) = delete;

    // Throws ProviderError for malformed JSON and error payloads.
    void apply(std::string_view payload, ReplySink& sink, StreamResult& result);
    // A payload of the learnt shape at the start of `bytes`, whatever follows
    // it: its length, and then take_match() hands its text over as apply()
    // would have.
    std::optional<std::size_t> match(std::string_view bytes) { return shape_.match(bytes); }
    void take_match(ReplySink& sink);
    // The general path alone.
    static void apply_general(std::string_view payload, ReplySink& sink, StreamResult& result);

private:
    bool apply_common(std::string_view payload, ReplySink& sink, StreamResult& result);
    void learn_shape(std::string_view payload);

    std::unique_ptr<FastJson> json_;
    ChunkTemplate shape_;
    // Learnt shapes not matched since: a host whose every chunk differs
    // (a random padding field) would otherwise pay to learn each one.
    int unused_shapes_ = 0;
};

// OpenAI Chat Completions, spoken by OpenAI itself, Azure OpenAI and every
// OpenAI-compatible host (Ollama, LM Studio, OpenRouter, Groq...).
class OpenAiWireFormat final : public WireFormat {
public:
    HttpRequest chat_request(const ProviderProfile& profile, const ChatRequest& request,
                             std::string_view key) const override;
    std::unique_ptr<StreamDecoder> stream_decoder(ReplySink& sink) const override;
    HttpRequest models_request(const ProviderProfile& profile, std::string_view key,
                               const std::string& page_token) const override;

protected:
    StreamResult do_decode_complete(std::string_view body, ReplySink& sink) const override;
    ProviderError do_http_error(int status, const HttpResponseHead& head, std::string_view body) const override;
    ModelPage do_parse_models(std::string_view body) const override;
};

}  // namespace parley
