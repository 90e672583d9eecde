#include "chat/message-actions.h"

#include <string>

namespace parley {

ChatOptions edit_options(const MessageRecord& target, ChatOptions options) {
    if (target.role != "user") {
        throw MessageActionError("message " + std::to_string(target.id) +
                                 " is a reply; only your own messages can be edited");
    }
    options.conversation_id = target.conversation_id;
    options.branch_from = ChatOptions::BranchPoint{target.parent_id};
    return options;
}

ChatOptions regenerate_options(const MessageRecord& target, ChatOptions options) {
    if (target.role != "assistant") {
        throw MessageActionError("message " + std::to_string(target.id) +
                                 " is yours; only a reply can be asked for again");
    }
    options.conversation_id = target.conversation_id;
    return options;
}

}  // namespace parley
