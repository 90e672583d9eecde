#include "providers/wire-format.h"

#include "net/network-error.h"
#include "providers/anthropic-wire-format.h"
#include "providers/gemini-wire-format.h"
#include "providers/openai-wire-format.h"
#include "providers/wire-support.h"

#include <nlohmann/json.hpp>

namespace parley {

namespace {

ProviderError unexpected_shape(const nlohmann::json::exception& e) {
    return ProviderError(ProviderError::Category::network, "", 0,
                         std::string("the reply has an unexpected shape (") + e.what() + ")");
}

}  // namespace

void StreamDecoder::feed(std::string_view bytes) {
    try {
        do_feed(bytes);
    } catch (const nlohmann::json::exception& e) {
        throw unexpected_shape(e);
    }
}

void StreamDecoder::finish() {
    try {
        do_finish();
    } catch (const nlohmann::json::exception& e) {
        throw unexpected_shape(e);
    }
}

SseStreamDecoder::SseStreamDecoder(std::string provider, std::string terminator, SseParser::LineHandler on_other_line)
    : provider_(std::move(provider)),
      terminator_(std::move(terminator)),
      parser_([this](const SseEvent& event) { on_event(event); }, std::move(on_other_line)) {}

void SseStreamDecoder::do_feed(std::string_view bytes) {
    try {
        parser_.feed(bytes);
    } catch (const NetworkError& e) {
        throw ProviderError(ProviderError::Category::network, provider_, 0, e.what());
    }
}

void SseStreamDecoder::do_finish() {
    parser_.finish();
    on_end();
    if (!result_.complete) {
        throw ProviderError(ProviderError::Category::network, provider_, 0,
                            "the stream ended before the reply was complete (no " + terminator_ + ")");
    }
}

StreamResult WireFormat::decode_complete(std::string_view body, ReplySink& sink) const {
    try {
        return do_decode_complete(body, sink);
    } catch (const nlohmann::json::exception& e) {
        throw unexpected_shape(e);
    }
}

ProviderError WireFormat::http_error(int status, const HttpResponseHead& head, std::string_view body) const {
    try {
        return do_http_error(status, head, body);
    } catch (const nlohmann::json::exception&) {
        // An error body of an unknown shape still tells its status and words.
        return make_http_error("", status, head, error_message_from_body(body), false);
    }
}

ModelPage WireFormat::parse_models(std::string_view body) const {
    try {
        return do_parse_models(body);
    } catch (const nlohmann::json::exception& e) {
        throw unexpected_shape(e);
    }
}

std::unique_ptr<WireFormat> make_wire_format(const ProviderProfile& profile) {
    switch (profile.kind) {
        case ProviderKind::anthropic: return std::make_unique<AnthropicWireFormat>();
        case ProviderKind::gemini: return std::make_unique<GeminiWireFormat>();
        case ProviderKind::openai:
        case ProviderKind::openai_compatible: return std::make_unique<OpenAiWireFormat>();
    }
    return std::make_unique<OpenAiWireFormat>();
}

}  // namespace parley
