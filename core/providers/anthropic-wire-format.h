#pragma once

#include "providers/wire-format.h"

namespace parley {

// Anthropic Messages API (api.anthropic.com/v1/messages).
class AnthropicWireFormat final : public WireFormat {
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

// max_tokens is required by the API; this is the default when the user set
// none, sized to each model family's output limit.
int anthropic_default_max_tokens(const std::string& model);

}  // namespace parley
