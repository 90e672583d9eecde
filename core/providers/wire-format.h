#pragma once

#include "net/http-client.h"
#include "net/sse-parser.h"
#include "providers/chat-request.h"
#include "providers/provider-error.h"
#include "providers/provider-profile.h"
#include "providers/reply-sink.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

struct StreamResult {
    std::string finish_reason;
    Usage usage;
    bool complete = false;  // the provider's own end-of-reply marker was seen
};

// Decodes one streamed response body, fed in arbitrary pieces. Throws
// ProviderError for an error the provider reports inside the stream, and
// for bytes no provider would send: nothing else ever escapes.
class StreamDecoder {
public:
    virtual ~StreamDecoder() = default;
    void feed(std::string_view bytes);
    // End of body. Throws ProviderError (network) when the stream ended
    // before the provider's terminator: a cut-off reply is never a success.
    void finish();
    const StreamResult& result() const { return result_; }

protected:
    virtual void do_feed(std::string_view bytes) = 0;
    virtual void do_finish() = 0;
    StreamResult result_;
};

// A StreamDecoder over server-sent events, as every supported provider
// streams: the provider's decoder sees whole events and says what its end of
// reply looks like.
class SseStreamDecoder : public StreamDecoder {
protected:
    // `terminator` names what a complete stream ends with, for the error when
    // it is missing; `on_other_line` receives lines that are not SSE fields.
    SseStreamDecoder(std::string provider, std::string terminator, SseParser::LineHandler on_other_line = {});

    virtual void on_event(const SseEvent& event) = 0;
    // For a decoder that recognises its common events whole (see SseFastPath).
    void use_fast_path(SseFastPath& fast) { parser_.set_fast_path(&fast); }
    // At the end of the body, before the check for the terminator.
    virtual void on_end() {}

private:
    void do_feed(std::string_view bytes) final;
    void do_finish() final;

    std::string provider_;
    std::string terminator_;
    SseParser parser_;
};

struct ModelPage {
    std::vector<std::string> ids;
    std::string next_page_token;  // empty on the last page
};

// Everything that differs between providers' HTTP APIs: how to build a
// request, decode a reply and read an error. One implementation per API.
// Decoding reads untrusted bytes: JSON of an unexpected shape becomes a
// ProviderError here, once, rather than in every decoder.
class WireFormat {
public:
    virtual ~WireFormat() = default;

    virtual HttpRequest chat_request(const ProviderProfile& profile, const ChatRequest& request,
                                     std::string_view key) const = 0;
    virtual std::unique_ptr<StreamDecoder> stream_decoder(ReplySink& sink) const = 0;
    // Decodes a non-streamed reply body into the sink.
    StreamResult decode_complete(std::string_view body, ReplySink& sink) const;
    ProviderError http_error(int status, const HttpResponseHead& head, std::string_view body) const;

    virtual HttpRequest models_request(const ProviderProfile& profile, std::string_view key,
                                       const std::string& page_token) const = 0;
    ModelPage parse_models(std::string_view body) const;

protected:
    virtual StreamResult do_decode_complete(std::string_view body, ReplySink& sink) const = 0;
    virtual ProviderError do_http_error(int status, const HttpResponseHead& head, std::string_view body) const = 0;
    virtual ModelPage do_parse_models(std::string_view body) const = 0;
};

std::unique_ptr<WireFormat> make_wire_format(const ProviderProfile& profile);

}  // namespace parley
