#pragma once

#include "history/history-store.h"

#include <nlohmann/json.hpp>

namespace parley {

// Parley's own lossless export: every message of every branch, with usage,
// status, reasoning and attachment bytes, and the branch that was shown.
nlohmann::json export_conversation_json(const Conversation& conversation, const HistoryStore& history);

bool is_parley_conversation(const nlohmann::json& element);
// Throws ArchiveError naming what is wrong.
ImportedConversation conversation_from_parley_json(const nlohmann::json& element);

}  // namespace parley
