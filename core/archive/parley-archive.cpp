#include "archive/parley-archive.h"

#include "archive/json-element-stream.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>

#include <map>
#include <sstream>

namespace parley {

namespace {

using nlohmann::json;

const json kNull;

constexpr const char* kFormat = "parley.conversation";
constexpr int kVersion = 1;

std::string base64_of(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

std::string bytes_of_base64(const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    std::string out((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
    if (decoder.bad()) throw ArchiveError("attachment data is not valid base64");
    return out;
}

json text_or_null(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }
json optional_int(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

std::string string_field(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return {};
    if (!it->is_string()) throw ArchiveError(std::string("field '") + key + "' must be a string");
    return it->get<std::string>();
}

std::optional<std::int64_t> int_field(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_integer()) throw ArchiveError(std::string("field '") + key + "' must be a whole number");
    return it->get<std::int64_t>();
}

std::int64_t time_field(const json& object, const char* key) {
    const std::string text = string_field(object, key);
    if (text.empty()) return 0;
    const auto parsed = parse_timestamp(text);
    if (!parsed) throw ArchiveError(std::string("field '") + key + "' is not an ISO 8601 time: " + text);
    return *parsed;
}

}  // namespace

nlohmann::json export_conversation_json(const Conversation& c, const HistoryStore& history) {
    json messages = json::array();
    for (const auto& m : c.messages) {
        json attachments = json::array();
        for (const auto& a : m.attachments) {
            attachments.push_back({{"name", a.name},
                                   {"mime_type", a.mime_type},
                                   {"sha256", a.sha256},
                                   {"data_base64", base64_of(history.attachment_data(a.sha256))}});
        }
        json out = {{"id", m.id},
                    {"parent_id", optional_int(m.parent_id)},
                    {"role", m.role},
                    {"content", m.content},
                    {"reasoning", m.reasoning},
                    {"status", to_string(m.status)},
                    {"provider", text_or_null(m.provider)},
                    {"model", text_or_null(m.model)},
                    {"input_tokens", optional_int(m.input_tokens)},
                    {"output_tokens", optional_int(m.output_tokens)},
                    {"finish_reason", text_or_null(m.finish_reason)},
                    {"cost_usd", m.cost_usd ? json(*m.cost_usd) : json(nullptr)},
                    {"error", text_or_null(m.error)},
                    {"created_at", format_timestamp(m.created_at)},
                    {"attachments", attachments}};
        messages.push_back(std::move(out));
    }
    return {{"format", kFormat},
            {"version", kVersion},
            {"uuid", c.uuid},
            {"title", c.summary.title},
            {"created_at", format_timestamp(c.summary.created_at)},
            {"updated_at", format_timestamp(c.summary.updated_at)},
            {"pinned", c.summary.pinned},
            {"archived", c.summary.archived},
            {"provider", text_or_null(c.provider)},
            {"model", text_or_null(c.model)},
            {"system_prompt", text_or_null(c.system_prompt)},
            {"current_leaf_id", optional_int(c.current_leaf_id)},
            {"messages", messages}};
}

bool is_parley_conversation(const nlohmann::json& element) {
    return element.is_object() && element.value("format", "") == kFormat;
}

ImportedConversation conversation_from_parley_json(const nlohmann::json& element) {
    if (!is_parley_conversation(element)) throw ArchiveError("not a Parley conversation export");
    if (const auto version = int_field(element, "version"); version && *version > kVersion) {
        throw ArchiveError("written by a newer Parley (format version " + std::to_string(*version) +
                           "); update Parley to import it");
    }
    ImportedConversation c;
    c.uuid = string_field(element, "uuid");
    if (c.uuid.empty()) throw ArchiveError("the conversation has no uuid");
    c.title = string_field(element, "title");
    c.created_at = time_field(element, "created_at");
    c.updated_at = time_field(element, "updated_at");
    c.pinned = element.value("pinned", false);
    c.archived = element.value("archived", false);
    c.provider = string_field(element, "provider");
    c.model = string_field(element, "model");
    c.system_prompt = string_field(element, "system_prompt");
    const auto leaf = int_field(element, "current_leaf_id");
    const auto messages = element.find("messages");
    if (messages == element.end() || !messages->is_array()) throw ArchiveError("the conversation has no messages array");
    std::map<std::int64_t, std::size_t> index_of;
    for (const auto& m : *messages) {
        if (!m.is_object()) throw ArchiveError("a message is not an object");
        const auto id = int_field(m, "id");
        if (!id) throw ArchiveError("a message has no id");
        const std::string where = "message " + std::to_string(*id) + ": ";
        ImportedMessage imported;
        if (const auto parent = int_field(m, "parent_id")) {
            const auto it = index_of.find(*parent);
            if (it == index_of.end()) throw ArchiveError(where + "its parent " + std::to_string(*parent) + " comes later or is missing");
            imported.parent = it->second;
        }
        auto& r = imported.record;
        r.role = string_field(m, "role");
        if (r.role != "user" && r.role != "assistant" && r.role != "system") throw ArchiveError(where + "unknown role '" + r.role + "'");
        r.content = string_field(m, "content");
        r.reasoning = string_field(m, "reasoning");
        const auto status = parse_message_status(string_field(m, "status"));
        if (!status) throw ArchiveError(where + "unknown status");
        r.status = *status;
        r.provider = string_field(m, "provider");
        r.model = string_field(m, "model");
        r.input_tokens = int_field(m, "input_tokens");
        r.output_tokens = int_field(m, "output_tokens");
        r.finish_reason = string_field(m, "finish_reason");
        if (const auto cost = m.find("cost_usd"); cost != m.end() && cost->is_number()) r.cost_usd = cost->get<double>();
        r.error = string_field(m, "error");
        r.created_at = time_field(m, "created_at");
        for (const auto& a : json_member(m, "attachments", kNull)) {
            AttachmentBlob blob{string_field(a, "mime_type"), string_field(a, "name"),
                                bytes_of_base64(string_field(a, "data_base64"))};
            imported.attachments.push_back(std::move(blob));
        }
        index_of[*id] = c.messages.size();
        c.messages.push_back(std::move(imported));
    }
    if (leaf) {
        const auto it = index_of.find(*leaf);
        if (it == index_of.end()) throw ArchiveError("current_leaf_id " + std::to_string(*leaf) + " is not a message");
        c.current_leaf = it->second;
    }
    return c;
}

}  // namespace parley
