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
    size_ = text.size();
    return parser_.parse(buffer_.get(), text.size(), false);
}

std::optional<std::size_t> FastJson::string_offset(std::string_view json_pointer) {
    if (!buffer_) return std::nullopt;
    simdjson::ondemand::document document;
    if (locator_.iterate(simdjson::padded_string_view(buffer_.get(), size_, capacity_)).get(document) !=
        simdjson::SUCCESS) {
        return std::nullopt;
    }
    simdjson::ondemand::raw_json_string raw;
    if (document.at_pointer(json_pointer).get_raw_json_string().get(raw) != simdjson::SUCCESS) return std::nullopt;
    return static_cast<std::size_t>(raw.raw() - buffer_.get());
}

std::string_view string_or_empty(const std::optional<simdjson::dom::element>& value) {
    std::string_view text;
    if (value && value->get(text) != simdjson::SUCCESS) return {};
    return text;
}

}  // namespace parley
