#include "providers/fast-json.h"

#include <algorithm>
#include <cstring>

namespace parley {

simdjson::simdjson_result<simdjson::dom::element> FastJson::parse(std::string_view text) {
    if (!allocated_) {
        // Later growth keeps this depth limit.
        const auto error = parser_.allocate(std::max<std::size_t>(text.size(), 4096), kMaxDepth);
        if (error != simdjson::SUCCESS) return error;
        allocated_ = true;
    }
    // simdjson reads up to SIMDJSON_PADDING bytes past the end of its input.
    if (capacity_ < text.size() + simdjson::SIMDJSON_PADDING) {
        capacity_ = std::max(text.size() + simdjson::SIMDJSON_PADDING, 2 * capacity_);
        buffer_ = std::make_unique<char[]>(capacity_);
    }
    std::memcpy(buffer_.get(), text.data(), text.size());
    std::memset(buffer_.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
    return parser_.parse(buffer_.get(), text.size(), false);
}

std::string_view string_or_empty(const std::optional<simdjson::dom::element>& value) {
    std::string_view text;
    if (value && value->get(text) != simdjson::SUCCESS) return {};
    return text;
}

}  // namespace parley
