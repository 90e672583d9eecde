#include "history/conversation-usage.h"

#include <cstdio>

namespace parley {

namespace {

std::string with_thousands(std::int64_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

ConversationUsage conversation_usage(const Conversation& conversation) {
    ConversationUsage usage;
    for (const auto& m : conversation.messages) {
        usage.input_tokens += m.input_tokens.value_or(0);
        usage.output_tokens += m.output_tokens.value_or(0);
        if (m.cost_usd) usage.cost_usd = usage.cost_usd.value_or(0) + *m.cost_usd;
    }
    return usage;
}

std::string format_cost(double usd) {
    char cost[32];
    std::snprintf(cost, sizeof cost, "$%.4f", usd);
    return cost;
}

std::string format_usage(const ConversationUsage& usage) {
    std::string out = with_thousands(usage.input_tokens + usage.output_tokens) + " tokens";
    if (usage.cost_usd) out += " · " + format_cost(*usage.cost_usd);
    return out;
}

}  // namespace parley
