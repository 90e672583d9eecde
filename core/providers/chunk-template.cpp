#include "providers/chunk-template.h"

#include <simdjson.h>

#include <algorithm>

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

struct PlainString {
    std::string_view text;
    std::size_t end;  // where its closing quote stands
};

// The JSON string whose characters start at `from`, lexed to its closing
// quote and checked in the same pass: its text, unescaped into `out` when it
// has escapes, else a view of `payload`. nullopt for anything left to a full
// parser (see ChunkTemplate).
std::optional<PlainString> read_plain_string(std::string_view payload, std::size_t from, std::string& out) {
    constexpr auto none = std::string_view::npos;
    std::size_t first_escape = none;
    unsigned char all_bits = 0;
    std::size_t end = from;
    for (; end < payload.size(); ++end) {
        const auto byte = static_cast<unsigned char>(payload[end]);
        if (byte == '"') break;
        if (byte < 0x20) return std::nullopt;
        all_bits |= byte;
        if (byte == '\\') {
            if (first_escape == none) first_escape = end;
            // The escaped letter, checked below; a quote here is text.
            if (++end == payload.size()) return std::nullopt;
        }
    }
    if (end == payload.size()) return std::nullopt;
    const std::string_view raw = payload.substr(from, end - from);
    // ASCII is valid UTF-8: most deltas of English text skip the call.
    if ((all_bits & 0x80) != 0 && !simdjson::validate_utf8(raw.data(), raw.size())) return std::nullopt;
    if (first_escape == none) return PlainString{raw, end};
    out.assign(payload.substr(from, first_escape - from));
    for (std::size_t i = first_escape; i < end; ++i) {
        if (payload[i] != '\\') {
            out.push_back(payload[i]);
            continue;
        }
        const auto letter = unescaped(payload[++i]);
        if (!letter) return std::nullopt;
        out.push_back(*letter);
    }
    return PlainString{out, end};
}

}  // namespace

void ChunkTemplate::learn(std::string_view payload, std::size_t text_offset,
                          const std::vector<std::size_t>& ignored_offsets) {
    literals_.clear();
    std::vector<std::size_t> starts = ignored_offsets;
    starts.push_back(text_offset);
    std::sort(starts.begin(), starts.end());
    std::size_t from = 0;
    for (const auto start : starts) {
        if (start <= from || start > payload.size() || payload[start - 1] != '"') {
            literals_.clear();
            return;
        }
        const auto end = closing_quote(payload, start);
        if (!end) {
            literals_.clear();
            return;
        }
        if (start == text_offset) text_slot_ = literals_.size();
        literals_.emplace_back(payload.substr(from, start - from));
        from = *end;
    }
    literals_.emplace_back(payload.substr(from));
}

std::optional<std::string_view> ChunkTemplate::text_of(std::string_view payload) {
    if (literals_.empty()) return std::nullopt;
    std::optional<std::string_view> text;
    std::size_t at = 0;
    for (std::size_t slot = 0; slot + 1 < literals_.size(); ++slot) {
        if (payload.compare(at, literals_[slot].size(), literals_[slot]) != 0) return std::nullopt;
        at += literals_[slot].size();
        const auto value = read_plain_string(payload, at, slot == text_slot_ ? text_ : ignored_);
        if (!value) return std::nullopt;
        if (slot == text_slot_) text = value->text;
        at = value->end;
    }
    if (payload.substr(at) != literals_.back()) return std::nullopt;
    return text;
}

}  // namespace parley
