#include "archive/claude-archive.h"

#include "archive/json-element-stream.h"

#include <map>

namespace parley {

namespace {

using nlohmann::json;

const json kNull;

// Claude marks a first message's parent with this all-zero uuid.
constexpr const char* kRootParent = "00000000-0000-4000-8000-000000000000";

std::string text_or_empty(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t time_of(const json& object, const char* key, std::int64_t fallback) {
    const std::string text = text_or_empty(object, key);
    if (text.empty()) return fallback;
    const auto parsed = parse_timestamp(text);
    if (!parsed) throw ArchiveError(std::string("'") + key + "' is not an ISO 8601 time: " + text);
    return *parsed;
}

}  // namespace

bool is_claude_conversation(const nlohmann::json& element) {
    return element.is_object() && element.contains("chat_messages");
}

ImportedConversation conversation_from_claude(const nlohmann::json& element, std::size_t& skipped) {
    ImportedConversation c;
    const std::string uuid = text_or_empty(element, "uuid");
    if (uuid.empty()) throw ArchiveError("the conversation has no uuid");
    c.uuid = "claude:" + uuid;
    c.title = text_or_empty(element, "name");
    c.created_at = time_of(element, "created_at", 0);
    c.updated_at = time_of(element, "updated_at", c.created_at);
    const json& messages = element.at("chat_messages");
    if (!messages.is_array()) throw ArchiveError("'chat_messages' is not an array");

    std::map<std::string, std::size_t> index_of;
    std::optional<std::size_t> previous;
    for (const auto& m : messages) {
        if (!m.is_object()) throw ArchiveError("a chat message is not an object");
        const std::string id = text_or_empty(m, "uuid");
        const std::string where = "message '" + id + "': ";
        const std::string sender = text_or_empty(m, "sender");
        if (sender != "human" && sender != "assistant") throw ArchiveError(where + "unknown sender '" + sender + "'");
        ImportedMessage imported;
        auto& r = imported.record;
        r.role = sender == "human" ? "user" : "assistant";
        r.created_at = time_of(m, "created_at", c.created_at);
        if (const auto content = m.find("content"); content != m.end() && content->is_array() && !content->empty()) {
            for (const auto& block : *content) {
                const std::string type = text_or_empty(block, "type");
                if (type == "text") r.content += text_or_empty(block, "text");
                else if (type == "thinking") r.reasoning += text_or_empty(block, "thinking");
            }
        } else {
            r.content = text_or_empty(m, "text");
        }
        for (const auto& attachment : json_member(m, "attachments", kNull)) {
            const std::string extracted = text_or_empty(attachment, "extracted_content");
            const std::string name = text_or_empty(attachment, "file_name");
            r.content += "\n\n[attachment: " + name + "]";
            if (!extracted.empty()) r.content += "\n```\n" + extracted + "\n```";
        }
        for (const auto& file : json_member(m, "files", kNull)) {
            r.content += "\n\n[file: " + text_or_empty(file, "file_name") + "]";
        }
        if (r.content.empty() && r.reasoning.empty()) {
            ++skipped;
            continue;
        }
        const std::string parent = text_or_empty(m, "parent_message_uuid");
        if (!parent.empty() && parent != kRootParent) {
            const auto it = index_of.find(parent);
            if (it == index_of.end()) throw ArchiveError(where + "its parent '" + parent + "' comes later or is missing");
            imported.parent = it->second;
        } else if (parent.empty()) {
            imported.parent = previous;
        }
        if (!id.empty()) index_of[id] = c.messages.size();
        previous = c.messages.size();
        c.messages.push_back(std::move(imported));
    }
    if (!c.messages.empty()) c.current_leaf = c.messages.size() - 1;
    return c;
}

}  // namespace parley
