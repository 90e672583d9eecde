#pragma once

#include "providers/chat-request.h"

#include <optional>
#include <string>

namespace parley {

// USD per million tokens.
struct ModelPrice {
    double input = 0;
    double output = 0;
};

// The list price of a well-known model, matched on the longest known prefix
// of its id, so dated snapshots ("gpt-4o-2024-08-06") and routed names
// ("openai/gpt-4o") find their model. Unknown models have no price.
std::optional<ModelPrice> builtin_price(const std::string& model);

double cost_usd(const ModelPrice& price, const Usage& usage);

}  // namespace parley
