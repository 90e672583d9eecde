#include "history/history-json.h"

namespace parley {

namespace {
nlohmann::json optional_int(const std::optional<std::int64_t>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}
nlohmann::json text_or_null(const std::string& text) {
    return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}
}  // namespace

nlohmann::json to_json(const MessageRecord& m) {
    nlohmann::json usage = nullptr;
    if (m.input_tokens || m.output_tokens) {
        usage = {{"input_tokens", optional_int(m.input_tokens)}, {"output_tokens", optional_int(m.output_tokens)}};
    }
    nlohmann::json out = {{"id", m.id},
                          {"parent_id", optional_int(m.parent_id)},
                          {"role", m.role},
                          {"content", m.content},
                          {"status", to_string(m.status)},
                          {"provider", text_or_null(m.provider)},
                          {"model", text_or_null(m.model)},
                          {"usage", usage},
                          {"created_at", format_timestamp(m.created_at)}};
    if (!m.reasoning.empty()) out["reasoning"] = m.reasoning;
    if (!m.finish_reason.empty()) out["finish_reason"] = m.finish_reason;
    if (m.cost_usd) out["cost_usd"] = *m.cost_usd;
    if (!m.error.empty()) out["error"] = m.error;
    return out;
}

nlohmann::json to_json(const ConversationSummary& s) {
    return {{"id", s.id},
            {"title", s.title},
            {"created_at", format_timestamp(s.created_at)},
            {"updated_at", format_timestamp(s.updated_at)},
            {"message_count", s.message_count},
            {"pinned", s.pinned},
            {"archived", s.archived}};
}

nlohmann::json to_json(const Conversation& c) {
    nlohmann::json messages = nlohmann::json::array();
    for (const auto& m : c.messages) messages.push_back(to_json(m));
    return {{"id", c.summary.id},
            {"title", c.summary.title},
            {"created_at", format_timestamp(c.summary.created_at)},
            {"updated_at", format_timestamp(c.summary.updated_at)},
            {"provider", text_or_null(c.provider)},
            {"model", text_or_null(c.model)},
            {"system_prompt", text_or_null(c.system_prompt)},
            {"current_leaf_id", optional_int(c.current_leaf_id)},
            {"messages", messages}};
}

}  // namespace parley
