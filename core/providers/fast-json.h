#pragma once

#include <simdjson.h>

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

namespace parley {

// simdjson's DOM parser for the small payloads of a stream, reusing its
// buffers and a padded copy of the input: no allocation per payload once
// warm. The DOM parser validates the whole document (grammar, UTF-8, escapes,
// numbers), so it accepts no payload that nlohmann would reject; what it
// refuses (huge integers, nesting deeper than kMaxDepth) is left to the
// nlohmann path, with whatever limits that path applies.
class FastJson {
public:
    // Deeper than any provider's events, which nest a handful of levels.
    static constexpr std::size_t kMaxDepth = 64;

    // The document's root, valid until the next parse.
    simdjson::simdjson_result<simdjson::dom::element> parse(std::string_view text);
    // Where, in the text last parsed, the characters of the string at
    // `json_pointer` (RFC 6901) start: just past its opening quote. Where a
    // key appears twice, the first one is found.
    std::optional<std::size_t> string_offset(std::string_view json_pointer);

private:
    simdjson::dom::parser parser_;
    simdjson::ondemand::parser locator_;
    std::unique_ptr<char[]> buffer_;
    std::size_t capacity_ = 0;
    std::size_t size_ = 0;
    bool allocated_ = false;
};

// The fields of `object` named in `names`, or nullopt when one of them
// appears twice: nlohmann keeps the last duplicate where a lookup would find
// the first, so such payloads go to the nlohmann path.
template <std::size_t N>
std::optional<std::array<std::optional<simdjson::dom::element>, N>> unique_fields(
    simdjson::dom::object object, const std::array<std::string_view, N>& names) {
    std::array<std::optional<simdjson::dom::element>, N> found;
    for (const auto field : object) {
        for (std::size_t i = 0; i < N; ++i) {
            // Length and first byte first: this runs for every field of
            // every event, and most names differ in one of them.
            const std::string_view key = field.key;
            if (key.size() != names[i].size() || (!key.empty() && key[0] != names[i][0]) || key != names[i]) continue;
            if (found[i]) return std::nullopt;
            found[i] = field.value;
        }
    }
    return found;
}

// The string value of an optional field, or empty: what
// json_string_or_empty() reads from the same field.
std::string_view string_or_empty(const std::optional<simdjson::dom::element>& value);

}  // namespace parley
