#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace parley {

// The events of one stream mostly differ in their text and nothing else: the
// same id, model, index and nulls around a different string. Once a payload
// was parsed whole and found to carry its text in one string field, the
// bytes before and after that string are kept. A later payload made of those
// same bytes around another well-formed JSON string is the same document with
// other text, so its text is read without parsing the rest again: the
// validation a full parse gives holds by construction.
//
// Only plain strings are read here: a \u escape, a control character, an
// unescaped quote or malformed UTF-8 answers nullopt, and the full parse
// decides that payload as it decides any other.
class ChunkTemplate {
public:
    // `payload` was validated and its varying string's contents start at
    // `value_offset` (just past the opening quote).
    void learn(std::string_view payload, std::size_t value_offset);
    // The unescaped text of a payload of the learned shape, valid until the
    // next call; nullopt for any other payload.
    std::optional<std::string_view> text_of(std::string_view payload);

private:
    std::string prefix_;  // up to and including the opening quote
    std::string suffix_;  // from the closing quote on
    std::string text_;    // the last unescaped text, when it had escapes
    bool learned_ = false;
};

// The contents of a JSON string from just past its opening quote, unescaped
// into `out` when it has escapes, else a view of `raw`; `raw` must end
// exactly where the string's closing quote stands. nullopt for anything this
// reader leaves to a full parser (see ChunkTemplate).
std::optional<std::string_view> plain_json_string(std::string_view raw, std::string& out);

}  // namespace parley
