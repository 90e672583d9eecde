#include "providers/chunk-template.h"

#include <simdjson.h>

namespace parley {

namespace {

// The one-letter escapes of RFC 8259, by the letter after the backslash.
std::optional<char> unescaped(char letter) {
    switch (letter) {
        case '"': return '"';
        case '\\': return '\\';
        case '/': return '/';
        case 'b': return '\b';
        case 'f': return '\f';
        case 'n': return '\n';
        case 'r': return '\r';
        case 't': return '\t';
        default: return std::nullopt;
    }
}

// Where the string that starts at `from` ends: its closing quote, skipping
// escaped ones.
std::optional<std::size_t> closing_quote(std::string_view text, std::size_t from) {
    for (std::size_t i = from; i < text.size(); ++i) {
        if (text[i] == '\\') {
            ++i;
        } else if (text[i] == '"') {
            return i;
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string_view> plain_json_string(std::string_view raw, std::string& out) {
    std::size_t first_escape = raw.size();
    unsigned char all_bits = 0;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const auto byte = static_cast<unsigned char>(raw[i]);
        all_bits |= byte;
        if (byte < 0x20 || byte == '"') return std::nullopt;
        if (byte == '\\') {
            if (first_escape == raw.size()) first_escape = i;
            // The escaped letter, checked below; a quote here is text.
            if (++i == raw.size()) return std::nullopt;
        }
    }
    // ASCII is valid UTF-8: most deltas of English text skip the call.
    if ((all_bits & 0x80) != 0 && !simdjson::validate_utf8(raw.data(), raw.size())) return std::nullopt;
    if (first_escape == raw.size()) return raw;
    out.assign(raw.substr(0, first_escape));
    for (std::size_t i = first_escape; i < raw.size(); ++i) {
        if (raw[i] != '\\') {
            out.push_back(raw[i]);
            continue;
        }
        const auto letter = unescaped(raw[++i]);
        if (!letter) return std::nullopt;
        out.push_back(*letter);
    }
    return std::string_view(out);
}

void ChunkTemplate::learn(std::string_view payload, std::size_t value_offset) {
    learned_ = false;
    if (value_offset == 0 || value_offset > payload.size() || payload[value_offset - 1] != '"') return;
    const auto end = closing_quote(payload, value_offset);
    if (!end) return;
    prefix_.assign(payload.substr(0, value_offset));
    suffix_.assign(payload.substr(*end));
    learned_ = true;
}

std::optional<std::string_view> ChunkTemplate::text_of(std::string_view payload) {
    if (!learned_ || payload.size() < prefix_.size() + suffix_.size() || !payload.starts_with(prefix_) ||
        !payload.ends_with(suffix_)) {
        return std::nullopt;
    }
    return plain_json_string(payload.substr(prefix_.size(), payload.size() - prefix_.size() - suffix_.size()), text_);
}

}  // namespace parley
