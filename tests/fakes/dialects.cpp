// Byte shapes follow the providers' API references and what their servers
// really send, including fields a client must ignore.
#include "dialects.h"

namespace parley::fake {
namespace {

using nlohmann::json;

constexpr long long kCreated = 1767225600;

long long output_tokens(const Reply& r) { return static_cast<long long>(r.text.size() + r.reasoning.size()); }

json openai_chunk(const Reply& r, json choices, bool extras) {
    json chunk = {{"id", "chatcmpl-fake0001"}, {"object", "chat.completion.chunk"}, {"created", kCreated},
                  {"model", r.model}, {"choices", std::move(choices)}};
    if (extras) {
        chunk["system_fingerprint"] = "fp_fake";
        chunk["service_tier"] = "default";
        chunk["obfuscation"] = "x1y2";
    }
    return chunk;
}

json openai_delta(const Reply& r, json delta, json finish, bool extras) {
    return openai_chunk(r, json::array({{{"index", 0}, {"delta", std::move(delta)}, {"logprobs", nullptr},
                                         {"finish_reason", std::move(finish)}}}),
                        extras);
}

std::vector<Event> openai_events(const Reply& r, bool extras) {
    std::vector<Event> events;
    events.push_back({"", openai_delta(r, {{"role", "assistant"}, {"content", ""}, {"refusal", nullptr}}, nullptr, extras)});
    for (const auto& piece : r.reasoning) events.push_back({"", openai_delta(r, {{"reasoning_content", piece}}, nullptr, extras)});
    for (const auto& piece : r.text) events.push_back({"", openai_delta(r, {{"content", piece}}, nullptr, extras)});
    events.push_back({"", openai_delta(r, json::object(), r.cut_by_max_tokens ? "length" : "stop", extras)});
    json usage = openai_chunk(r, json::array(), extras);
    usage["usage"] = {{"prompt_tokens", r.input_tokens},
                      {"completion_tokens", output_tokens(r)},
                      {"total_tokens", r.input_tokens + output_tokens(r)}};
    events.push_back({"", usage});
    events.push_back({"", "[DONE]"});
    return events;
}

json anthropic_event(const std::string& type, json fields) {
    fields["type"] = type;
    return fields;
}

std::vector<Event> anthropic_events(const Reply& r, bool extras) {
    std::vector<Event> events;
    auto add = [&events](const std::string& type, json fields) {
        events.push_back({type, anthropic_event(type, std::move(fields))});
    };
    add("message_start", {{"message",
                           {{"id", "msg_fake0001"}, {"type", "message"}, {"role", "assistant"},
                            {"content", json::array()}, {"model", r.model}, {"stop_reason", nullptr},
                            {"stop_sequence", nullptr},
                            {"usage", {{"input_tokens", r.input_tokens}, {"output_tokens", 1}}}}}});
    add("ping", json::object());
    if (extras) add("future_event", {{"detail", "clients must ignore event types they do not know"}});
    int index = 0;
    if (!r.reasoning.empty()) {
        add("content_block_start", {{"index", index}, {"content_block", {{"type", "thinking"}, {"thinking", ""}}}});
        for (const auto& piece : r.reasoning) {
            add("content_block_delta", {{"index", index}, {"delta", {{"type", "thinking_delta"}, {"thinking", piece}}}});
        }
        add("content_block_delta", {{"index", index}, {"delta", {{"type", "signature_delta"}, {"signature", "EqQBCgIYAhIM"}}}});
        add("content_block_stop", {{"index", index}});
        ++index;
    }
    add("content_block_start", {{"index", index}, {"content_block", {{"type", "text"}, {"text", ""}}}});
    for (const auto& piece : r.text) {
        add("content_block_delta", {{"index", index}, {"delta", {{"type", "text_delta"}, {"text", piece}}}});
    }
    add("content_block_stop", {{"index", index}});
    add("message_delta", {{"delta", {{"stop_reason", r.cut_by_max_tokens ? "max_tokens" : "end_turn"},
                                     {"stop_sequence", nullptr}}},
                          {"usage", {{"output_tokens", output_tokens(r)}}}});
    add("message_stop", json::object());
    return events;
}

json gemini_usage(const Reply& r) {
    return {{"promptTokenCount", r.input_tokens},
            {"candidatesTokenCount", static_cast<long long>(r.text.size())},
            {"thoughtsTokenCount", static_cast<long long>(r.reasoning.size())},
            {"totalTokenCount", r.input_tokens + output_tokens(r)}};
}

json gemini_chunk(const Reply& r, json parts, const char* finish, bool extras) {
    json candidate = {{"content", {{"parts", std::move(parts)}, {"role", "model"}}}, {"index", 0}};
    if (finish) candidate["finishReason"] = finish;
    json chunk = {{"candidates", json::array({candidate})}, {"usageMetadata", gemini_usage(r)},
                  {"modelVersion", r.model}};
    if (extras) {
        chunk["responseId"] = "fakeResponse0001";
        chunk["candidates"][0]["avgLogprobs"] = -0.25;
        chunk["candidates"][0]["citationMetadata"] = {{"citationSources", json::array()}};
    }
    return chunk;
}

std::vector<Event> gemini_events(const Reply& r, bool extras) {
    std::vector<Event> events;
    for (const auto& piece : r.reasoning) {
        events.push_back({"", gemini_chunk(r, json::array({{{"text", piece}, {"thought", true}}}), nullptr, extras)});
    }
    for (const auto& piece : r.text) {
        events.push_back({"", gemini_chunk(r, json::array({{{"text", piece}}}), nullptr, extras)});
    }
    events.push_back({"", gemini_chunk(r, json::array({{{"text", ""}}}),
                                       r.cut_by_max_tokens ? "MAX_TOKENS" : "STOP", extras)});
    return events;
}

std::string joined(const std::vector<std::string>& pieces) {
    std::string out;
    for (const auto& p : pieces) out += p;
    return out;
}

const char* anthropic_error_type(int status) {
    switch (status) {
        case 400: return "invalid_request_error";
        case 401: return "authentication_error";
        case 403: return "permission_error";
        case 404: return "not_found_error";
        case 413: return "request_too_large";
        case 429: return "rate_limit_error";
        case 529: return "overloaded_error";
        default: return "api_error";
    }
}

const char* grpc_status(int status) {
    switch (status) {
        case 400: return "INVALID_ARGUMENT";
        case 401: return "UNAUTHENTICATED";
        case 403: return "PERMISSION_DENIED";
        case 404: return "NOT_FOUND";
        case 429: return "RESOURCE_EXHAUSTED";
        case 503: return "UNAVAILABLE";
        case 504: return "DEADLINE_EXCEEDED";
        default: return "INTERNAL";
    }
}

std::string error_message(int status, const std::string& model, bool quota) {
    if (quota) return "You exceeded your current quota, please check your plan and billing details.";
    switch (status) {
        case 400: return "Invalid value for 'messages': the request was malformed.";
        case 401: return "Incorrect API key provided.";
        case 403: return "Your organization does not have access to this resource.";
        case 404: return "The model `" + model + "` does not exist or you do not have access to it.";
        case 429: return "Rate limit reached for requests. Please try again shortly.";
        case 503: return "The server is overloaded or not ready yet.";
        case 529: return "Overloaded";
        default: return "The server had an error while processing your request.";
    }
}

// Enough models to need more than one page where the provider pages.
const std::vector<std::string>& model_ids(Dialect dialect) {
    static const std::vector<std::string> openai = {"gpt-4o", "gpt-4o-mini", "o3-mini", "text-embedding-3-small"};
    static const std::vector<std::string> anthropic = {"claude-sonnet-4-5", "claude-opus-4-1", "claude-3-5-haiku-latest"};
    static const std::vector<std::string> gemini = {"gemini-2.5-pro", "gemini-2.5-flash", "text-embedding-004"};
    switch (dialect) {
        case Dialect::openai: return openai;
        case Dialect::anthropic: return anthropic;
        case Dialect::gemini: return gemini;
    }
    return openai;
}

}  // namespace

std::vector<Event> stream_events(Dialect dialect, const Reply& reply, bool unknown_extras) {
    switch (dialect) {
        case Dialect::openai: return openai_events(reply, unknown_extras);
        case Dialect::anthropic: return anthropic_events(reply, unknown_extras);
        case Dialect::gemini: return gemini_events(reply, unknown_extras);
    }
    return {};
}

std::size_t events_before_text(Dialect dialect, const Reply& reply) {
    switch (dialect) {
        case Dialect::openai: return 1 + reply.reasoning.size();
        case Dialect::anthropic: return 3 + (reply.reasoning.empty() ? 0 : reply.reasoning.size() + 3);
        case Dialect::gemini: return reply.reasoning.size();
    }
    return 0;
}

std::size_t terminator_events(Dialect dialect) { return dialect == Dialect::gemini ? 1 : 3; }

Event midstream_error(Dialect dialect) {
    switch (dialect) {
        case Dialect::openai:
            return {"", {{"error", {{"message", "The server had an error while processing your request."},
                                    {"type", "server_error"}, {"param", nullptr}, {"code", nullptr}}}}};
        case Dialect::anthropic:
            return {"error", {{"type", "error"}, {"error", {{"type", "overloaded_error"}, {"message", "Overloaded"}}}}};
        case Dialect::gemini:
            return {"", {{"error", {{"code", 500}, {"message", "An internal error has occurred."}, {"status", "INTERNAL"}}}}};
    }
    return {};
}

nlohmann::json complete_body(Dialect dialect, const Reply& r) {
    switch (dialect) {
        case Dialect::openai: {
            json message = {{"role", "assistant"}, {"content", joined(r.text)}, {"refusal", nullptr}};
            if (!r.reasoning.empty()) message["reasoning_content"] = joined(r.reasoning);
            return {{"id", "chatcmpl-fake0001"}, {"object", "chat.completion"}, {"created", kCreated}, {"model", r.model},
                    {"choices", json::array({{{"index", 0}, {"message", message}, {"logprobs", nullptr},
                                              {"finish_reason", r.cut_by_max_tokens ? "length" : "stop"}}})},
                    {"usage", {{"prompt_tokens", r.input_tokens}, {"completion_tokens", output_tokens(r)},
                               {"total_tokens", r.input_tokens + output_tokens(r)}}}};
        }
        case Dialect::anthropic: {
            json content = json::array();
            if (!r.reasoning.empty()) {
                content.push_back({{"type", "thinking"}, {"thinking", joined(r.reasoning)}, {"signature", "EqQBCgIYAhIM"}});
            }
            content.push_back({{"type", "text"}, {"text", joined(r.text)}});
            return {{"id", "msg_fake0001"}, {"type", "message"}, {"role", "assistant"}, {"model", r.model},
                    {"content", content}, {"stop_reason", r.cut_by_max_tokens ? "max_tokens" : "end_turn"},
                    {"stop_sequence", nullptr},
                    {"usage", {{"input_tokens", r.input_tokens}, {"output_tokens", output_tokens(r)}}}};
        }
        case Dialect::gemini: {
            json parts = json::array();
            if (!r.reasoning.empty()) parts.push_back({{"text", joined(r.reasoning)}, {"thought", true}});
            parts.push_back({{"text", joined(r.text)}});
            return gemini_chunk(r, parts, r.cut_by_max_tokens ? "MAX_TOKENS" : "STOP", false);
        }
    }
    return {};
}

nlohmann::json error_body(Dialect dialect, int status, const std::string& model, bool quota) {
    const std::string message = error_message(status, model, quota);
    switch (dialect) {
        case Dialect::openai: {
            const char* code = quota ? "insufficient_quota"
                               : status == 401 ? "invalid_api_key"
                               : status == 404 ? "model_not_found"
                               : status == 429 ? "rate_limit_exceeded"
                                               : nullptr;
            const char* type = quota ? "insufficient_quota" : status >= 500 ? "server_error" : "invalid_request_error";
            return {{"error", {{"message", message}, {"type", type}, {"param", nullptr},
                               {"code", code ? json(code) : json(nullptr)}}}};
        }
        case Dialect::anthropic:
            return {{"type", "error"}, {"error", {{"type", anthropic_error_type(status)}, {"message", message}}},
                    {"request_id", "req_fake0001"}};
        case Dialect::gemini: {
            json error = {{"code", status}, {"message", message}, {"status", grpc_status(status)}};
            if (status == 429) {
                error["details"] = json::array(
                    {{{"@type", "type.googleapis.com/google.rpc.QuotaFailure"},
                      {"violations", json::array({{{"quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests"}}})}},
                     {{"@type", "type.googleapis.com/google.rpc.RetryInfo"}, {"retryDelay", "0s"}}});
            }
            return {{"error", error}};
        }
    }
    return {};
}

nlohmann::json models_page(Dialect dialect, const std::string& cursor) {
    const auto& ids = model_ids(dialect);
    switch (dialect) {
        case Dialect::openai: {
            json data = json::array();
            for (const auto& id : ids) data.push_back({{"id", id}, {"object", "model"}, {"created", kCreated}, {"owned_by", "system"}});
            return {{"object", "list"}, {"data", data}};
        }
        case Dialect::anthropic: {
            // Two per page, continued with after_id.
            std::size_t start = 0;
            while (!cursor.empty() && start < ids.size() && ids[start] != cursor) ++start;
            if (!cursor.empty()) ++start;
            json data = json::array();
            for (std::size_t i = start; i < ids.size() && i < start + 2; ++i) {
                data.push_back({{"type", "model"}, {"id", ids[i]}, {"display_name", ids[i]}, {"created_at", "2025-09-29T00:00:00Z"}});
            }
            const bool more = start + 2 < ids.size();
            return {{"data", data}, {"has_more", more},
                    {"first_id", data.empty() ? json(nullptr) : data.front()["id"]},
                    {"last_id", data.empty() ? json(nullptr) : data.back()["id"]}};
        }
        case Dialect::gemini: {
            // Two per page, continued with an opaque pageToken.
            const std::size_t start = cursor.empty() ? 0 : std::stoul(cursor.substr(4));
            json models = json::array();
            for (std::size_t i = start; i < ids.size() && i < start + 2; ++i) {
                const bool embedding = ids[i].find("embedding") != std::string::npos;
                models.push_back({{"name", "models/" + ids[i]}, {"displayName", ids[i]}, {"inputTokenLimit", 1048576},
                                  {"supportedGenerationMethods", embedding ? json::array({"embedContent"})
                                                                           : json::array({"generateContent", "countTokens"})}});
            }
            json page = {{"models", models}};
            if (start + 2 < ids.size()) page["nextPageToken"] = "page" + std::to_string(start + 2);
            return page;
        }
    }
    return {};
}

}  // namespace parley::fake
