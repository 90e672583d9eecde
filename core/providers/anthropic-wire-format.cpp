#include "providers/anthropic-wire-format.h"

#include "net/sse-parser.h"
#include "providers/fast-json.h"
#include "providers/wire-support.h"

#include <nlohmann/json.hpp>

namespace parley {

namespace {

constexpr const char* kProvider = "Anthropic";
constexpr const char* kApiVersion = "2023-06-01";

void add_auth_headers(HttpRequest& http, std::string_view key) {
    http.headers.emplace_back("x-api-key", std::string(key));
    http.headers.emplace_back("anthropic-version", kApiVersion);
}

nlohmann::json message_content(const ChatTurn& turn) {
    if (turn.attachments.empty()) return turn.text;
    nlohmann::json blocks = nlohmann::json::array();
    // Images before the question, as Anthropic's documentation recommends.
    for (const auto& attachment : turn.attachments) {
        blocks.push_back({{"type", "image"},
                          {"source",
                           {{"type", "base64"},
                            {"media_type", attachment.mime_type},
                            {"data", base64_encode(attachment.data)}}}});
    }
    if (!turn.text.empty()) blocks.push_back({{"type", "text"}, {"text", turn.text}});
    return blocks;
}

void read_usage(const nlohmann::json& usage, StreamResult& result) {
    if (!usage.is_object()) return;
    if (const auto input = token_count(usage, "input_tokens")) {
        result.usage.input_tokens = *input;
        result.usage.known = true;
    }
    if (const auto output = token_count(usage, "output_tokens")) {
        // message_delta usage is cumulative: the last value is the total.
        result.usage.output_tokens = *output;
        result.usage.known = true;
    }
}

ProviderError stream_error(const nlohmann::json& payload) {
    const auto& error = payload.contains("error") ? payload["error"] : payload;
    std::string type = json_string_or_empty(error, "type");
    std::string message = json_string_or_empty(error, "message");
    if (message.empty()) message = payload.dump();
    return ProviderError(ProviderError::Category::refused, kProvider, 0,
                         "error in the stream: " + (type.empty() ? message : type + ": " + message));
}

class AnthropicStreamDecoder final : public SseStreamDecoder {
public:
    explicit AnthropicStreamDecoder(ReplySink& sink) : SseStreamDecoder(kProvider, "message_stop"), sink_(sink) {}

private:
    void on_event(const SseEvent& event) override {
        if (result_.complete || event.data.empty()) return;
        if (apply_content_delta(event)) return;
        const auto payload = parse_provider_json(event.data, kProvider);
        // The SDKs route on the event: name; the payload's type is the same
        // value and serves hosts that omit event: lines.
        const std::string type =
            event.type != "message" ? std::string(event.type) : json_string_or_empty(payload, "type");
        if (type == "error") throw stream_error(payload);
        if (type == "message_start") {
            if (payload.contains("message")) read_usage(payload["message"].value("usage", nlohmann::json()), result_);
        } else if (type == "content_block_delta") {
            const auto& delta = payload.value("delta", nlohmann::json::object());
            const std::string delta_type = json_string_or_empty(delta, "type");
            if (delta_type == "text_delta") {
                const std::string text = json_string_or_empty(delta, "text");
                if (!text.empty()) sink_.on_text(text);
            } else if (delta_type == "thinking_delta") {
                const std::string thought = json_string_or_empty(delta, "thinking");
                if (!thought.empty()) sink_.on_reasoning(thought);
            }
        } else if (type == "message_delta") {
            const auto& delta = payload.value("delta", nlohmann::json::object());
            if (std::string reason = json_string_or_empty(delta, "stop_reason"); !reason.empty()) {
                result_.finish_reason = std::move(reason);
            }
            read_usage(payload.value("usage", nlohmann::json()), result_);
        } else if (type == "message_stop") {
            result_.complete = true;
        }
        // ping and event types added after this was written are ignored, as
        // Anthropic's streaming documentation asks clients to do.
    }

    // The reply's text arrives in content_block_delta events: read by
    // simdjson as views, with no allocation per event. Decides before
    // anything reaches the sink; false leaves the event to the nlohmann
    // path above, which reads every payload this accepts the same way.
    bool apply_content_delta(const SseEvent& event) {
        if (event.type != "content_block_delta" && event.type != "message") return false;
        simdjson::dom::object payload;
        if (json_.parse(event.data).get(payload) != simdjson::SUCCESS) return false;
        const auto top = unique_fields<2>(payload, {"type", "delta"});
        if (!top) return false;
        const auto& [type, delta] = *top;
        if (event.type == "message" && string_or_empty(type) != "content_block_delta") return false;
        std::string_view text;
        std::string_view thought;
        if (simdjson::dom::object fields; delta && delta->get(fields) == simdjson::SUCCESS) {
            const auto named = unique_fields<3>(fields, {"type", "text", "thinking"});
            if (!named) return false;
            const auto& [delta_type, delta_text, delta_thinking] = *named;
            if (string_or_empty(delta_type) == "text_delta")
                text = string_or_empty(delta_text);
            else if (string_or_empty(delta_type) == "thinking_delta")
                thought = string_or_empty(delta_thinking);
        }
        if (!text.empty()) sink_.on_text(text);
        if (!thought.empty()) sink_.on_reasoning(thought);
        return true;
    }

    ReplySink& sink_;
    FastJson json_;
};

}  // namespace

int anthropic_default_max_tokens(const std::string& model) {
    if (model.find("claude-3-") != std::string::npos && model.find("claude-3-5") == std::string::npos &&
        model.find("claude-3-7") == std::string::npos) {
        return 4096;
    }
    if (model.find("opus") != std::string::npos) return 16000;
    return 8192;
}

HttpRequest AnthropicWireFormat::chat_request(const ProviderProfile& profile, const ChatRequest& request,
                                              std::string_view key) const {
    nlohmann::json messages = nlohmann::json::array();
    for (const auto& turn : request.turns) {
        messages.push_back(
            {{"role", turn.role == Role::user ? "user" : "assistant"}, {"content", message_content(turn)}});
    }
    nlohmann::json body = {{"model", request.model},
                           {"max_tokens", request.max_tokens.value_or(anthropic_default_max_tokens(request.model))},
                           {"messages", messages}};
    if (request.stream) body["stream"] = true;
    if (!request.system.empty()) body["system"] = request.system;
    if (request.temperature) body["temperature"] = *request.temperature;

    HttpRequest http;
    http.url = profile.effective_base_url() + "/v1/messages";
    add_auth_headers(http, key);
    http.headers.emplace_back("content-type", "application/json");
    http.headers.emplace_back("accept", request.stream ? "text/event-stream" : "application/json");
    http.body = body.dump();
    return http;
}

std::unique_ptr<StreamDecoder> AnthropicWireFormat::stream_decoder(ReplySink& sink) const {
    return std::make_unique<AnthropicStreamDecoder>(sink);
}

StreamResult AnthropicWireFormat::do_decode_complete(std::string_view body, ReplySink& sink) const {
    const auto message = parse_provider_json(body, kProvider);
    if (json_string_or_empty(message, "type") == "error") throw stream_error(message);
    StreamResult result;
    if (const auto content = message.find("content"); content != message.end() && content->is_array()) {
        for (const auto& block : *content) {
            const std::string type = json_string_or_empty(block, "type");
            if (type == "text") sink.on_text(json_string_or_empty(block, "text"));
            if (type == "thinking") sink.on_reasoning(json_string_or_empty(block, "thinking"));
        }
    }
    result.finish_reason = json_string_or_empty(message, "stop_reason");
    read_usage(message.value("usage", nlohmann::json()), result);
    result.complete = true;
    return result;
}

ProviderError AnthropicWireFormat::do_http_error(int status, const HttpResponseHead& head, std::string_view body) const {
    const auto json = parse_json_or_discarded(body);
    std::string message = error_message_from_body(body);
    bool not_retryable = false;
    if (json.is_object() && json.contains("error") && json["error"].is_object()) {
        const auto& error = json["error"];
        if (std::string type = json_string_or_empty(error, "type"); !type.empty()) message = type + ": " + message;
        // A spend limit answers 429 but waiting will not lift it.
        if (error.contains("details") && error["details"].is_object() &&
            json_string_or_empty(error["details"], "error_code") == "enforced_spend_limit_reached") {
            not_retryable = true;
        }
    }
    return make_http_error(kProvider, status, head, message, not_retryable);
}

HttpRequest AnthropicWireFormat::models_request(const ProviderProfile& profile, std::string_view key,
                                                const std::string& page_token) const {
    HttpRequest http;
    http.method = "GET";
    http.url = profile.effective_base_url() + "/v1/models?limit=1000";
    if (!page_token.empty()) http.url += "&after_id=" + encode_url_component(page_token);
    add_auth_headers(http, key);
    return http;
}

ModelPage AnthropicWireFormat::do_parse_models(std::string_view body) const {
    const auto json = parse_provider_json(body, kProvider);
    ModelPage page;
    if (const auto data = json.find("data"); data != json.end() && data->is_array()) {
        for (const auto& model : *data) {
            if (std::string id = json_string_or_empty(model, "id"); !id.empty()) page.ids.push_back(std::move(id));
        }
    }
    if (json.value("has_more", false)) page.next_page_token = json_string_or_empty(json, "last_id");
    return page;
}

}  // namespace parley
