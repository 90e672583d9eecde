#include "providers/gemini-wire-format.h"

#include "net/sse-parser.h"
#include "providers/fast-json.h"
#include "providers/wire-support.h"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace parley {

namespace {

constexpr const char* kProvider = "Gemini";

std::string model_path(const std::string& model) {
    return "/v1beta/models/" + encode_url_component(model.starts_with("models/") ? model.substr(7) : model);
}

ProviderError error_from_payload(const nlohmann::json& payload) {
    const auto& error = payload["error"];
    std::string message = json_string_or_empty(error, "message");
    if (message.empty()) message = error.dump();
    const std::string status = json_string_or_empty(error, "status");
    // An HTTP status, when the server put a plausible one there.
    const auto status_code = error.is_object() ? error.find("code") : error.end();
    const int code = status_code != error.end() && status_code->is_number_integer() &&
                             status_code->get<std::int64_t>() >= 100 && status_code->get<std::int64_t>() <= 599
                         ? static_cast<int>(status_code->get<std::int64_t>())
                         : 0;
    return ProviderError(ProviderError::Category::refused, kProvider, code,
                         "error in the stream: " + (status.empty() ? message : status + ": " + message));
}

// Applies one GenerateContentResponse; returns true when it carried a
// finishReason, Gemini's only end-of-reply marker.
bool apply_response(const nlohmann::json& response, ReplySink& sink, StreamResult& result) {
    if (!response.is_object()) return false;
    if (response.contains("error")) throw error_from_payload(response);
    if (const auto usage = response.find("usageMetadata"); usage != response.end() && usage->is_object()) {
        // Cumulative on every chunk; thinking tokens are billed as output.
        // Each count is at most kMaxTokenCount, so the sum cannot overflow.
        result.usage.input_tokens = token_count(*usage, "promptTokenCount").value_or(0);
        result.usage.output_tokens = token_count(*usage, "candidatesTokenCount").value_or(0) +
                                     token_count(*usage, "thoughtsTokenCount").value_or(0);
        result.usage.known = true;
    }
    const auto candidates = response.find("candidates");
    if (candidates == response.end() || !candidates->is_array() || candidates->empty()) {
        if (const auto feedback = response.find("promptFeedback"); feedback != response.end()) {
            const std::string reason = json_string_or_empty(*feedback, "blockReason");
            if (!reason.empty()) {
                std::string message = json_string_or_empty(*feedback, "blockReasonMessage");
                throw ProviderError(ProviderError::Category::refused, kProvider, 0,
                                    "the prompt was blocked (" + reason + ")" +
                                        (message.empty() ? std::string() : ": " + message));
            }
        }
        return false;
    }
    const auto& candidate = candidates->front();
    if (const auto content = candidate.find("content"); content != candidate.end() && content->is_object()) {
        if (const auto parts = content->find("parts"); parts != content->end() && parts->is_array()) {
            for (const auto& part : *parts) {
                const std::string text = json_string_or_empty(part, "text");
                if (text.empty()) continue;
                if (part.value("thought", false)) {
                    sink.on_reasoning(text);
                } else {
                    sink.on_text(text);
                }
            }
        }
    }
    if (std::string reason = json_string_or_empty(candidate, "finishReason"); !reason.empty()) {
        result.finish_reason = std::move(reason);
        return true;
    }
    return false;
}

class GeminiStreamDecoder final : public SseStreamDecoder {
public:
    explicit GeminiStreamDecoder(ReplySink& sink)
        : SseStreamDecoder(kProvider, "finishReason", [this](std::string_view line) { on_bare_line(line); }),
          sink_(sink) {}

private:
    void on_end() override {
        if (!bare_json_.empty()) {
            throw ProviderError(ProviderError::Category::network, kProvider, 0,
                                "the stream ended inside an unterminated JSON object");
        }
    }

    void on_event(const SseEvent& event) override {
        if (event.data.empty()) return;
        if (apply_common(event.data)) return;
        const auto response = parse_provider_json(event.data, kProvider);
        if (apply_response(response, sink_, result_)) result_.complete = true;
    }

    // A response of text parts and integer token counts, the shape of nearly
    // every chunk, read by simdjson as views with no allocation per chunk.
    // Decides before anything reaches the sink; false leaves the chunk to
    // apply_response(), which reads every chunk this accepts the same way.
    bool apply_common(std::string_view data) {
        simdjson::dom::object response;
        if (json_.parse(data).get(response) != simdjson::SUCCESS) return false;
        const auto top = unique_fields<4>(response, {"error", "promptFeedback", "usageMetadata", "candidates"});
        if (!top) return false;
        const auto& [error, feedback, usage, candidates] = *top;
        if (error || feedback) return false;

        std::optional<std::array<std::int64_t, 3>> counts;
        if (simdjson::dom::object fields; usage && usage->get(fields) == simdjson::SUCCESS) {
            const auto named =
                unique_fields<3>(fields, {"promptTokenCount", "candidatesTokenCount", "thoughtsTokenCount"});
            if (!named) return false;
            counts.emplace();
            for (std::size_t i = 0; i < counts->size(); ++i) {
                // nlohmann also converts floats and booleans: left to it.
                if ((*named)[i] && (*named)[i]->get((*counts)[i]) != simdjson::SUCCESS) return false;
            }
        }
        std::optional<simdjson::dom::array> parts;
        std::string_view finish_reason;
        if (simdjson::dom::array list; candidates && candidates->get(list) == simdjson::SUCCESS && list.size() > 0) {
            if (simdjson::dom::object candidate; list.at(0).get(candidate) == simdjson::SUCCESS) {
                const auto found = unique_fields<2>(candidate, {"content", "finishReason"});
                if (!found) return false;
                const auto& [content, reason] = *found;
                if (simdjson::dom::object content_fields;
                    content && content->get(content_fields) == simdjson::SUCCESS) {
                    const auto named = unique_fields<1>(content_fields, {"parts"});
                    if (!named) return false;
                    if (simdjson::dom::array list_of_parts;
                        (*named)[0] && (*named)[0]->get(list_of_parts) == simdjson::SUCCESS) {
                        parts = list_of_parts;
                    }
                }
                finish_reason = string_or_empty(reason);
            }
        }
        std::int64_t output_tokens = 0;
        if (counts && __builtin_add_overflow((*counts)[1], (*counts)[2], &output_tokens)) return false;
        // In apply_response()'s order, once every part is known to be
        // readable: usage, then the parts, then the finish reason.
        for (const bool emit : {false, true}) {
            if (emit && counts) {
                result_.usage.input_tokens = (*counts)[0];
                result_.usage.output_tokens = output_tokens;
                result_.usage.known = true;
            }
            if (!parts) continue;
            for (const auto part : *parts) {
                simdjson::dom::object part_fields;
                if (part.get(part_fields) != simdjson::SUCCESS) continue;
                const auto named = unique_fields<2>(part_fields, {"text", "thought"});
                if (!named) return false;
                const std::string_view text = string_or_empty((*named)[0]);
                if (text.empty()) continue;
                bool thought = false;
                if ((*named)[1] && (*named)[1]->get(thought) != simdjson::SUCCESS) return false;
                if (!emit) continue;
                if (thought)
                    sink_.on_reasoning(text);
                else
                    sink_.on_text(text);
            }
        }
        if (!finish_reason.empty()) {
            result_.finish_reason.assign(finish_reason);
            result_.complete = true;
        }
        return true;
    }

    // Gemini reports an error after the 200 as a pretty-printed JSON object
    // without data: prefixes; collect its lines until the braces balance.
    void on_bare_line(std::string_view line) {
        // An object that never closes would otherwise grow without bound.
        if (bare_json_.size() + line.size() + 1 > SseLimits{}.max_event) {
            throw ProviderError(ProviderError::Category::network, kProvider, 0,
                                "the stream sent an unterminated JSON object larger than " +
                                    std::to_string(SseLimits{}.max_event / (1024 * 1024)) + " MiB");
        }
        bare_json_.append(line);
        bare_json_.push_back('\n');
        for (char c : line) {
            if (c == '{') ++depth_;
            if (c == '}') --depth_;
        }
        if (depth_ > 0) return;
        const auto payload = parse_json_or_discarded(bare_json_);
        bare_json_.clear();
        depth_ = 0;
        if (payload.is_object() && payload.contains("error")) throw error_from_payload(payload);
    }

    ReplySink& sink_;
    FastJson json_;
    std::string bare_json_;
    int depth_ = 0;
};

nlohmann::json parts_of(const ChatTurn& turn) {
    nlohmann::json parts = nlohmann::json::array();
    if (!turn.text.empty()) parts.push_back({{"text", turn.text}});
    for (const auto& attachment : turn.attachments) {
        parts.push_back({{"inlineData", {{"mimeType", attachment.mime_type}, {"data", base64_encode(attachment.data)}}}});
    }
    return parts;
}

}  // namespace

HttpRequest GeminiWireFormat::chat_request(const ProviderProfile& profile, const ChatRequest& request,
                                           std::string_view key) const {
    nlohmann::json contents = nlohmann::json::array();
    for (const auto& turn : request.turns) {
        contents.push_back({{"role", turn.role == Role::user ? "user" : "model"}, {"parts", parts_of(turn)}});
    }
    nlohmann::json body = {{"contents", contents}};
    if (!request.system.empty()) body["systemInstruction"] = {{"parts", {{{"text", request.system}}}}};
    nlohmann::json config = nlohmann::json::object();
    if (request.temperature) config["temperature"] = *request.temperature;
    if (request.max_tokens) config["maxOutputTokens"] = *request.max_tokens;
    if (!config.empty()) body["generationConfig"] = config;

    HttpRequest http;
    http.url = profile.effective_base_url() + model_path(request.model) +
               (request.stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    http.headers.emplace_back("x-goog-api-key", std::string(key));
    http.headers.emplace_back("Content-Type", "application/json");
    http.body = body.dump();
    return http;
}

std::unique_ptr<StreamDecoder> GeminiWireFormat::stream_decoder(ReplySink& sink) const {
    return std::make_unique<GeminiStreamDecoder>(sink);
}

StreamResult GeminiWireFormat::do_decode_complete(std::string_view body, ReplySink& sink) const {
    const auto response = parse_provider_json(body, kProvider);
    StreamResult result;
    apply_response(response, sink, result);
    result.complete = true;
    return result;
}

ProviderError GeminiWireFormat::do_http_error(int status, const HttpResponseHead& head, std::string_view body) const {
    auto json = parse_json_or_discarded(body);
    if (json.is_array() && !json.empty()) json = json.front();
    std::string message = error_message_from_body(body);
    std::optional<double> retry_delay;
    if (json.is_object() && json.contains("error") && json["error"].is_object()) {
        const auto& error = json["error"];
        if (std::string rpc = json_string_or_empty(error, "status"); !rpc.empty()) message = rpc + ": " + message;
        // The retry hint is a google.rpc.RetryInfo detail ("12s", "2.5s").
        if (const auto details = error.find("details"); details != error.end() && details->is_array()) {
            for (const auto& detail : *details) {
                const std::string delay = json_string_or_empty(detail, "retryDelay");
                if (!delay.empty() && delay.back() == 's') {
                    try {
                        retry_delay = std::stod(delay.substr(0, delay.size() - 1));
                    } catch (const std::exception&) {
                        retry_delay.reset();
                    }
                }
            }
        }
    }
    auto error = make_http_error(kProvider, status, head, message, false);
    if (retry_delay && !error.retry_after_s()) error.set_retry_after_s(*retry_delay);
    return error;
}

HttpRequest GeminiWireFormat::models_request(const ProviderProfile& profile, std::string_view key,
                                             const std::string& page_token) const {
    HttpRequest http;
    http.method = "GET";
    http.url = profile.effective_base_url() + "/v1beta/models?pageSize=1000";
    if (!page_token.empty()) {
        http.url += "&pageToken=" + encode_url_component(page_token);
    }
    http.headers.emplace_back("x-goog-api-key", std::string(key));
    return http;
}

ModelPage GeminiWireFormat::do_parse_models(std::string_view body) const {
    const auto json = parse_provider_json(body, kProvider);
    ModelPage page;
    if (const auto models = json.find("models"); models != json.end() && models->is_array()) {
        for (const auto& model : *models) {
            std::string name = json_string_or_empty(model, "name");
            if (name.empty()) continue;
            if (const auto methods = model.find("supportedGenerationMethods");
                methods != model.end() && methods->is_array()) {
                bool chat = false;
                for (const auto& method : *methods) chat = chat || (method.is_string() && method == "generateContent");
                if (!chat) continue;
            }
            page.ids.push_back(name.starts_with("models/") ? name.substr(7) : name);
        }
    }
    page.next_page_token = json_string_or_empty(json, "nextPageToken");
    return page;
}

}  // namespace parley
