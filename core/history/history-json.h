#pragma once

#include "history/history-types.h"

#include <nlohmann/json.hpp>

namespace parley {

// The JSON shapes of DESIGN.md's CLI contract (history list/show --json).
nlohmann::json to_json(const MessageRecord& message);
nlohmann::json to_json(const ConversationSummary& summary);
nlohmann::json to_json(const Conversation& conversation);

}  // namespace parley
