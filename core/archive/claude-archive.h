#pragma once

#include "history/history-types.h"

#include <nlohmann/json.hpp>

namespace parley {

// One conversation of Claude's data export (conversations.json with
// `chat_messages`). Thinking blocks become reasoning; the text extracted
// from attached files is kept in the message, in a fenced block. Messages
// follow `parent_message_uuid` where the export has it, else their order.
bool is_claude_conversation(const nlohmann::json& element);
// Throws ArchiveError naming the message.
ImportedConversation conversation_from_claude(const nlohmann::json& element, std::size_t& skipped);

}  // namespace parley
