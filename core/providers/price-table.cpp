#include "providers/price-table.h"

#include <array>
#include <string_view>

namespace parley {

namespace {

struct Entry {
    std::string_view prefix;
    ModelPrice price;
};

// Published list prices for standard (not batch, not cached) tokens; users
// with other rates override them with `price.MODEL.input/output`.
constexpr std::array kPrices{
    Entry{"gpt-5", {1.25, 10.00}},
    Entry{"gpt-5-mini", {0.25, 2.00}},
    Entry{"gpt-5-nano", {0.05, 0.40}},
    Entry{"gpt-4.1", {2.00, 8.00}},
    Entry{"gpt-4.1-mini", {0.40, 1.60}},
    Entry{"gpt-4.1-nano", {0.10, 0.40}},
    Entry{"gpt-4o", {2.50, 10.00}},
    Entry{"gpt-4o-mini", {0.15, 0.60}},
    Entry{"o1", {15.00, 60.00}},
    Entry{"o3", {2.00, 8.00}},
    Entry{"o3-mini", {1.10, 4.40}},
    Entry{"o4-mini", {1.10, 4.40}},
    Entry{"claude-opus-4", {15.00, 75.00}},
    Entry{"claude-sonnet-4", {3.00, 15.00}},
    Entry{"claude-haiku-4-5", {1.00, 5.00}},
    Entry{"claude-3-7-sonnet", {3.00, 15.00}},
    Entry{"claude-3-5-sonnet", {3.00, 15.00}},
    Entry{"claude-3-5-haiku", {0.80, 4.00}},
    Entry{"claude-3-haiku", {0.25, 1.25}},
    Entry{"gemini-2.5-pro", {1.25, 10.00}},
    Entry{"gemini-2.5-flash", {0.30, 2.50}},
    Entry{"gemini-2.5-flash-lite", {0.10, 0.40}},
    Entry{"gemini-2.0-flash", {0.10, 0.40}},
    Entry{"gemini-2.0-flash-lite", {0.075, 0.30}},
    Entry{"deepseek-chat", {0.27, 1.10}},
    Entry{"deepseek-reasoner", {0.55, 2.19}},
    Entry{"mistral-large", {2.00, 6.00}},
    Entry{"grok-3", {3.00, 15.00}},
};

// A prefix only counts at a name boundary: "o1" prices "o1-2024-12-17" but
// not "o1x".
bool matches(std::string_view model, std::string_view prefix) {
    if (!model.starts_with(prefix)) return false;
    return model.size() == prefix.size() || model[prefix.size()] == '-' || model[prefix.size()] == '@';
}

}  // namespace

std::optional<ModelPrice> builtin_price(const std::string& model) {
    std::string_view name = model;
    if (const auto slash = name.rfind('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
    const Entry* best = nullptr;
    for (const auto& entry : kPrices) {
        if (matches(name, entry.prefix) && (!best || entry.prefix.size() > best->prefix.size())) best = &entry;
    }
    if (!best) return std::nullopt;
    return best->price;
}

double cost_usd(const ModelPrice& price, const Usage& usage) {
    return (static_cast<double>(usage.input_tokens) * price.input + static_cast<double>(usage.output_tokens) * price.output) /
           1e6;
}

}  // namespace parley
