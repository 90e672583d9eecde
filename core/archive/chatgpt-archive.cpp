#include "archive/chatgpt-archive.h"

#include "archive/json-element-stream.h"

#include <cmath>
#include <map>
#include <optional>
#include <vector>

namespace parley {

namespace {

using nlohmann::json;

const json kNull;
const json kEmptyObject = json::object();

std::string text_or_empty(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// ChatGPT writes times as seconds since the epoch, with a fraction; 0 when
// absent. A number no calendar holds is refused before it is converted.
std::int64_t millis_of(const json& object, const char* key) {
    const json& seconds = json_member(object, key, kNull);
    if (!seconds.is_number()) return 0;
    const double millis = seconds.get<double>() * 1000.0;
    if (!(millis >= static_cast<double>(kEarliestTimestampMs) && millis <= static_cast<double>(kLatestTimestampMs))) {
        throw ArchiveError(std::string("'") + key + "' is not a time between the years 1 and 9999: " + seconds.dump());
    }
    return std::llround(millis);
}

// The visible text of a message, or nullopt for content that is not part
// of the conversation a person saw.
std::optional<std::string> visible_text(const json& content) {
    const std::string type = text_or_empty(content, "content_type");
    if (type == "text" || type == "multimodal_text") {
        std::string text;
        for (const auto& part : json_member(content, "parts", kNull)) {
            if (part.is_string()) {
                text += part.get<std::string>();
            } else if (part.is_object()) {
                const std::string part_type = text_or_empty(part, "content_type");
                if (part_type == "image_asset_pointer") {
                    text += (text.empty() ? "" : "\n") + std::string("[image: ") + text_or_empty(part, "asset_pointer") + "]";
                } else if (const std::string t = text_or_empty(part, "text"); !t.empty()) {
                    text += t;
                }
            }
        }
        return text;
    }
    if (type == "code") {
        const std::string language = text_or_empty(content, "language");
        return "```" + (language == "unknown" ? "" : language) + "\n" + text_or_empty(content, "text") + "\n```";
    }
    return std::nullopt;
}

struct Node {
    std::string parent;
    std::vector<std::string> children;
    const json* message = nullptr;
};

}  // namespace

bool is_chatgpt_conversation(const nlohmann::json& element) {
    return element.is_object() && element.contains("mapping");
}

ImportedConversation conversation_from_chatgpt(const nlohmann::json& element, std::size_t& skipped) {
    const json& mapping = element.at("mapping");
    if (!mapping.is_object()) throw ArchiveError("'mapping' is not an object");
    std::map<std::string, Node> nodes;
    for (const auto& [id, node] : mapping.items()) {
        if (!node.is_object()) throw ArchiveError("mapping node '" + id + "' is not an object");
        Node n;
        n.parent = text_or_empty(node, "parent");
        for (const auto& child : json_member(node, "children", kNull)) {
            if (child.is_string()) n.children.push_back(child.get<std::string>());
        }
        if (const auto m = node.find("message"); m != node.end() && m->is_object()) n.message = &*m;
        nodes.emplace(id, std::move(n));
    }

    ImportedConversation c;
    const std::string id = !text_or_empty(element, "conversation_id").empty() ? text_or_empty(element, "conversation_id")
                                                                             : text_or_empty(element, "id");
    if (id.empty()) throw ArchiveError("the conversation has no id");
    c.uuid = "chatgpt:" + id;
    c.title = text_or_empty(element, "title");
    c.created_at = millis_of(element, "create_time");
    c.updated_at = millis_of(element, "update_time");
    c.archived = element.value("is_archived", false);
    c.model = text_or_empty(element, "default_model_slug");

    // Walk from the roots, parents before children; `kept` maps a node to the
    // index of the message it became or, for a left-out node, that of its
    // nearest kept ancestor.
    std::map<std::string, std::optional<std::size_t>> kept;
    std::vector<std::pair<std::string, std::optional<std::size_t>>> pending;
    for (const auto& [node_id, node] : nodes) {
        if (node.parent.empty()) {
            pending.emplace_back(node_id, std::nullopt);
        } else if (!nodes.contains(node.parent)) {
            throw ArchiveError("mapping node '" + node_id + "' names parent '" + node.parent + "', which is not in the conversation");
        }
    }
    while (!pending.empty()) {
        auto [node_id, parent_index] = pending.back();
        pending.pop_back();
        if (kept.contains(node_id)) throw ArchiveError("mapping node '" + node_id + "' is reached twice (a cycle)");
        const Node& node = nodes.at(node_id);
        std::optional<std::size_t> index = parent_index;
        if (node.message) {
            const json& m = *node.message;
            const json& author = json_member(m, "author", kEmptyObject);
            const std::string role = text_or_empty(author, "role");
            const json& metadata = json_member(m, "metadata", kEmptyObject);
            const bool hidden = metadata.value("is_visually_hidden_from_conversation", false);
            const std::string recipient = text_or_empty(m, "recipient");
            const auto text = visible_text(json_member(m, "content", kEmptyObject));
            const bool shown = (role == "user" || role == "assistant" || role == "system") && !hidden &&
                               (recipient.empty() || recipient == "all") && text && !text->empty();
            if (shown) {
                ImportedMessage message;
                message.parent = parent_index;
                message.record.role = role;
                message.record.content = *text;
                message.record.created_at = millis_of(m, "create_time");
                if (message.record.created_at == 0) message.record.created_at = c.created_at;
                message.record.model = role == "assistant" ? text_or_empty(metadata, "model_slug") : "";
                const std::string status = text_or_empty(m, "status");
                message.record.status = status == "in_progress" || status == "finished_partial_completion"
                                            ? MessageStatus::interrupted
                                            : MessageStatus::complete;
                if (const auto details = metadata.find("finish_details"); details != metadata.end() && details->is_object()) {
                    message.record.finish_reason = text_or_empty(*details, "type");
                }
                index = c.messages.size();
                c.messages.push_back(std::move(message));
            } else {
                ++skipped;
            }
        }
        kept[node_id] = index;
        // Reversed so the first child is taken first: children keep their order.
        for (auto child = node.children.rbegin(); child != node.children.rend(); ++child) {
            if (!nodes.contains(*child)) {
                throw ArchiveError("mapping node '" + node_id + "' lists child '" + *child + "', which is not in the conversation");
            }
            if (nodes.at(*child).parent == node_id) pending.emplace_back(*child, index);
        }
    }
    const std::string current = text_or_empty(element, "current_node");
    if (!current.empty()) {
        const auto it = kept.find(current);
        if (it == kept.end()) throw ArchiveError("current_node '" + current + "' is not in the conversation");
        c.current_leaf = it->second;
    }
    return c;
}

}  // namespace parley
