#include "providers/openai-wire-format.h"

#include "net/sse-parser.h"
#include "providers/fast-json.h"
#include "providers/wire-support.h"
#include "vault/secret.h"

#include <nlohmann/json.hpp>

namespace parley {

namespace {

constexpr const char* kProvider = "OpenAI";

bool is_azure(const ProviderProfile& profile) { return profile.preset == "azure"; }

std::string azure_api_version(const ProviderProfile& profile) {
    return encode_url_component(profile.api_version.empty() ? "2024-10-21" : profile.api_version);
}

nlohmann::json message_content(const ChatTurn& turn) {
    if (turn.attachments.empty()) return turn.text;
    nlohmann::json parts = nlohmann::json::array();
    if (!turn.text.empty()) parts.push_back({{"type", "text"}, {"text", turn.text}});
    for (const auto& attachment : turn.attachments) {
        parts.push_back({{"type", "image_url"},
                         {"image_url",
                          {{"url", "data:" + attachment.mime_type + ";base64," + base64_encode(attachment.data)}}}});
    }
    return parts;
}

void read_usage(const nlohmann::json& usage, StreamResult& result) {
    if (!usage.is_object()) return;
    result.usage.input_tokens = token_count(usage, "prompt_tokens").value_or(0);
    result.usage.output_tokens = token_count(usage, "completion_tokens").value_or(0);
    result.usage.known = true;
}

// Applies one chunk (or a whole non-streamed completion, whose `message`
// has the same fields as a chunk's `delta`).
void apply_choice(const nlohmann::json& choice, const char* field, ReplySink& sink, StreamResult& result) {
    if (!choice.is_object()) return;
    if (const auto delta = choice.find(field); delta != choice.end() && delta->is_object()) {
        // Reasoning arrives under host-specific names: DeepSeek
        // reasoning_content, Ollama and OpenRouter reasoning.
        for (const char* name : {"reasoning_content", "reasoning"}) {
            const std::string thought = json_string_or_empty(*delta, name);
            if (!thought.empty()) sink.on_reasoning(thought);
        }
        for (const char* name : {"content", "refusal"}) {
            const std::string text = json_string_or_empty(*delta, name);
            if (!text.empty()) sink.on_text(text);
        }
    }
    if (const std::string reason = json_string_or_empty(choice, "finish_reason"); !reason.empty()) {
        result.finish_reason = reason;
    }
}

void throw_if_error_payload(const nlohmann::json& payload, const std::string& provider) {
    if (!payload.is_object()) return;
    const auto error = payload.find("error");
    const bool vllm_style = json_string_or_empty(payload, "object") == "error";
    if ((error != payload.end() && !error->is_null()) || vllm_style) {
        throw ProviderError(ProviderError::Category::refused, provider, 0,
                            "error in the stream: " + error_message_from_body(payload.dump()));
    }
}

class OpenAiStreamDecoder final : public SseStreamDecoder, private SseFastPath {
public:
    explicit OpenAiStreamDecoder(ReplySink& sink) : SseStreamDecoder(kProvider, "[DONE]"), sink_(sink) {
        use_fast_path(*this);
    }

private:
    // A chunk of the learnt shape in a "message" event is what on_event()
    // would hand to apply(), where it would take the same path.
    std::optional<std::size_t> match(std::string_view rest) override {
        if (result_.complete) return std::nullopt;
        return chunks_.match(rest);
    }
    void take() override { chunks_.take_match(sink_); }

    void on_event(const SseEvent& event) override {
        if (result_.complete) return;
        if (event.data.starts_with("[DONE]")) {
            result_.complete = true;
            return;
        }
        if (event.data.empty()) return;
        if (event.type == "error") {
            throw_if_error_payload(parse_provider_json(event.data, kProvider), kProvider);
            throw ProviderError(ProviderError::Category::refused, kProvider, 0,
                                "error in the stream: " + error_message_from_body(event.data));
        }
        chunks_.apply(event.data, sink_, result_);
    }

    ReplySink& sink_;
    OpenAiChunkDecoder chunks_;
};

}  // namespace

OpenAiChunkDecoder::OpenAiChunkDecoder() : json_(std::make_unique<FastJson>()) {}

OpenAiChunkDecoder::~OpenAiChunkDecoder() = default;

void OpenAiChunkDecoder::apply(std::string_view payload, ReplySink& sink, StreamResult& result) {
    if (shape_.text_of(payload)) {
        take_match(sink);
        return;
    }
    if (!apply_common(payload, sink, result)) apply_general(payload, sink, result);
}

void OpenAiChunkDecoder::take_match(ReplySink& sink) {
    unused_shapes_ = 0;
    if (const auto text = shape_.matched_text(); !text.empty()) sink.on_text(text);
}

void OpenAiChunkDecoder::learn_shape(std::string_view payload) {
    constexpr int kMaxUnusedShapes = 8;
    if (unused_shapes_ >= kMaxUnusedShapes) return;
    const auto text = json_->string_offset("/choices/0/delta/content");
    if (!text) return;
    // OpenAI pads every chunk with a random string, read by no one.
    std::vector<std::size_t> ignored;
    if (const auto padding = json_->string_offset("/obfuscation")) ignored.push_back(*padding);
    shape_.learn(payload, *text, ignored);
    ++unused_shapes_;
}

void OpenAiChunkDecoder::apply_general(std::string_view payload, ReplySink& sink, StreamResult& result) {
    const auto chunk = parse_provider_json(payload, kProvider);
    throw_if_error_payload(chunk, kProvider);
    if (const auto choices = chunk.find("choices"); choices != chunk.end() && choices->is_array()) {
        for (const auto& choice : *choices) apply_choice(choice, "delta", sink, result);
    }
    if (const auto usage = chunk.find("usage"); usage != chunk.end()) read_usage(*usage, result);
}

// Decides, before anything reaches the sink, whether the payload has the
// common shape; false leaves it to the general path untouched.
bool OpenAiChunkDecoder::apply_common(std::string_view payload, ReplySink& sink, StreamResult& result) {
    simdjson::dom::object chunk;
    if (json_->parse(payload).get(chunk) != simdjson::SUCCESS) return false;
    const auto top = unique_fields<4>(chunk, {"choices", "usage", "error", "object"});
    if (!top) return false;
    const auto& [choices, usage, error, object] = *top;
    // Usage and errors come once a stream at most: the general path reads them.
    if ((usage && !usage->is_null()) || (error && !error->is_null()) || string_or_empty(object) == "error") {
        return false;
    }
    // In the order apply_choice() reads them: reasoning first, then text.
    std::array<std::string_view, 4> parts;
    std::string_view finish_reason;
    if (simdjson::dom::array list; choices && choices->get(list) == simdjson::SUCCESS) {
        if (list.size() > 1) return false;
        for (const auto choice : list) {
            simdjson::dom::object fields;
            if (choice.get(fields) != simdjson::SUCCESS) continue;
            const auto found = unique_fields<2>(fields, {"delta", "finish_reason"});
            if (!found) return false;
            const auto& [delta, reason] = *found;
            if (simdjson::dom::object delta_fields; delta && delta->get(delta_fields) == simdjson::SUCCESS) {
                const auto named =
                    unique_fields<4>(delta_fields, {"reasoning_content", "reasoning", "content", "refusal"});
                if (!named) return false;
                for (std::size_t i = 0; i < parts.size(); ++i) parts[i] = string_or_empty((*named)[i]);
            }
            finish_reason = string_or_empty(reason);
        }
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].empty()) continue;
        if (i < 2)
            sink.on_reasoning(parts[i]);
        else
            sink.on_text(parts[i]);
    }
    if (!finish_reason.empty()) result.finish_reason.assign(finish_reason);
    // A chunk of text alone is the shape the next ones most likely repeat.
    if (!parts[2].empty() && parts[0].empty() && parts[1].empty() && parts[3].empty() && finish_reason.empty()) {
        learn_shape(payload);
    }
    return true;
}

HttpRequest OpenAiWireFormat::chat_request(const ProviderProfile& profile, const ChatRequest& request,
                                           std::string_view key) const {
    nlohmann::json messages = nlohmann::json::array();
    if (!request.system.empty()) messages.push_back({{"role", "system"}, {"content", request.system}});
    for (const auto& turn : request.turns) {
        messages.push_back(
            {{"role", turn.role == Role::user ? "user" : "assistant"}, {"content", message_content(turn)}});
    }
    nlohmann::json body = {{"model", request.model}, {"messages", messages}, {"stream", request.stream}};
    if (request.stream) body["stream_options"] = {{"include_usage", true}};
    if (request.temperature) body["temperature"] = *request.temperature;
    if (request.max_tokens) {
        // OpenAI deprecated max_tokens (o-series models reject it); other
        // hosts only know max_tokens.
        body[profile.kind == ProviderKind::openai ? "max_completion_tokens" : "max_tokens"] = *request.max_tokens;
    }

    HttpRequest http;
    const std::string base = profile.effective_base_url();
    if (is_azure(profile)) {
        http.url = base + "/openai/deployments/" + encode_url_component(request.model) +
                   "/chat/completions?api-version=" + azure_api_version(profile);
        http.headers.emplace_back("api-key", std::string(key));
    } else {
        http.url = base + "/chat/completions";
        if (!key.empty()) http.headers.emplace_back("Authorization", join_secret("Bearer ", key));
    }
    http.headers.emplace_back("Content-Type", "application/json");
    http.headers.emplace_back("Accept", request.stream ? "text/event-stream" : "application/json");
    http.body = body.dump();
    return http;
}

std::unique_ptr<StreamDecoder> OpenAiWireFormat::stream_decoder(ReplySink& sink) const {
    return std::make_unique<OpenAiStreamDecoder>(sink);
}

StreamResult OpenAiWireFormat::do_decode_complete(std::string_view body, ReplySink& sink) const {
    const auto completion = parse_provider_json(body, kProvider);
    throw_if_error_payload(completion, kProvider);
    StreamResult result;
    if (const auto choices = completion.find("choices"); choices != completion.end() && choices->is_array()) {
        for (const auto& choice : *choices) apply_choice(choice, "message", sink, result);
    }
    if (const auto usage = completion.find("usage"); usage != completion.end()) read_usage(*usage, result);
    result.complete = true;
    return result;
}

ProviderError OpenAiWireFormat::do_http_error(int status, const HttpResponseHead& head, std::string_view body) const {
    const auto json = parse_json_or_discarded(body);
    bool not_retryable = false;
    if (json.is_object() && json.contains("error") && json["error"].is_object()) {
        // A spent quota answers 429 too, but waiting will not fix it.
        not_retryable = json_string_or_empty(json["error"], "code") == "insufficient_quota" ||
                        json_string_or_empty(json["error"], "type") == "insufficient_quota";
    }
    return make_http_error(kProvider, status, head, error_message_from_body(body), not_retryable);
}

HttpRequest OpenAiWireFormat::models_request(const ProviderProfile& profile, std::string_view key,
                                             const std::string&) const {
    HttpRequest http;
    http.method = "GET";
    const std::string base = profile.effective_base_url();
    if (is_azure(profile)) {
        http.url = base + "/openai/models?api-version=" + azure_api_version(profile);
        http.headers.emplace_back("api-key", std::string(key));
    } else {
        http.url = base + "/models";
        if (!key.empty()) http.headers.emplace_back("Authorization", join_secret("Bearer ", key));
    }
    return http;
}

ModelPage OpenAiWireFormat::do_parse_models(std::string_view body) const {
    const auto json = parse_provider_json(body, kProvider);
    ModelPage page;
    if (const auto data = json.find("data"); data != json.end() && data->is_array()) {
        for (const auto& model : *data) {
            if (std::string id = json_string_or_empty(model, "id"); !id.empty()) page.ids.push_back(std::move(id));
        }
    }
    return page;
}

}  // namespace parley
