#pragma once

#include "history/history-types.h"

#include <cstdint>
#include <optional>
#include <string>

namespace parley {

// What a conversation has cost so far, over every branch: each reply was
// paid for, whichever branch is shown now.
struct ConversationUsage {
    std::int64_t input_tokens = 0;
    std::int64_t output_tokens = 0;
    std::optional<double> cost_usd;  // empty when no reply had a known price
};

ConversationUsage conversation_usage(const Conversation& conversation);

// "$0.0123": US dollars to a hundredth of a cent.
std::string format_cost(double usd);

// "1,234 tokens · $0.0123" (the cost left out when unknown).
std::string format_usage(const ConversationUsage& usage);

}  // namespace parley
