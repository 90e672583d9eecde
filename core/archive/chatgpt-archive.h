#pragma once

#include "history/history-types.h"

#include <nlohmann/json.hpp>

namespace parley {

// One conversation of ChatGPT's data export (conversations.json): the
// `mapping` node tree with its branches and `current_node`. Hidden system
// nodes, tool calls and tool output are left out; their children attach to
// the nearest kept ancestor. Images, which the export keeps outside this
// file, become a placeholder line.
bool is_chatgpt_conversation(const nlohmann::json& element);
// `skipped` counts the nodes left out. Throws ArchiveError naming the node.
ImportedConversation conversation_from_chatgpt(const nlohmann::json& element, std::size_t& skipped);

}  // namespace parley
