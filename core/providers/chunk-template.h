#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

// The events of one stream mostly differ in their text and nothing else: the
// same id, model, index and nulls around a different string. Once a payload
// was parsed whole and found to carry its text in one string field, the
// bytes around that string are kept. A later payload made of those same bytes
// around another well-formed JSON string is the same document with other
// text, so its text is read without parsing the rest again: the validation a
// full parse gives holds by construction. Strings that change in every event
// but that nothing reads (OpenAI's random `obfuscation` padding) may vary
// too, as long as each is a well-formed string.
//
// Only plain strings are read here: a \u escape, a control character, an
// unknown escape or malformed UTF-8 answers nullopt, and the full parse
// decides that payload as it decides any other.
class ChunkTemplate {
public:
    // `payload` was validated; the characters of the text string start at
    // `text_offset`, and those of the ignored strings at `ignored_offsets`
    // (each just past its opening quote).
    void learn(std::string_view payload, std::size_t text_offset, const std::vector<std::size_t>& ignored_offsets = {});
    // The unescaped text of a payload of the learned shape, valid until the
    // next call; nullopt for any other payload.
    std::optional<std::string_view> text_of(std::string_view payload);
    // The length of the payload of the learned shape that `bytes` start
    // with, whatever follows it; its text is then matched_text(), valid until
    // the next call. This lets a stream's framing be checked after the
    // payload's own end is known, without a search for it.
    std::optional<std::size_t> match(std::string_view bytes);
    std::string_view matched_text() const { return matched_text_; }

private:
    // The bytes between the strings that vary: literals_[i] ends with the
    // opening quote of string i, literals_[i + 1] starts with its closing one.
    std::vector<std::string> literals_;
    std::size_t text_slot_ = 0;
    std::string text_;     // the last unescaped text, when it had escapes
    std::string_view matched_text_;
    std::string ignored_;  // scratch for the ignored strings' escapes
};

}  // namespace parley
