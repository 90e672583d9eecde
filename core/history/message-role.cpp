#include "history/message-role.h"

#include <algorithm>

namespace parley {

std::string role_label(const std::string& role) {
    if (role == "user") return "You";
    if (role == "assistant") return "Assistant";
    return "System";
}

std::string message_heading(const MessageRecord& message) {
    std::string heading = role_label(message.role);
    if (message.role == "assistant" && !message.model.empty()) heading += " · " + message.model;
    if (message.status == MessageStatus::interrupted || message.status == MessageStatus::error) {
        heading += " · " + std::string(to_string(message.status));
    }
    return heading;
}

const MessageRecord* last_reply(const std::vector<MessageRecord>& branch) {
    const auto found =
        std::find_if(branch.rbegin(), branch.rend(), [](const MessageRecord& m) { return m.role == "assistant"; });
    return found == branch.rend() ? nullptr : &*found;
}

}  // namespace parley
