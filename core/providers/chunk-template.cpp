#include "providers/chunk-template.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

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
    std::size_t end = 0;  // where its closing quote stands
};

constexpr std::uint64_t kEveryByte = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// The bytes of the eight that need a look of their own inside a JSON
// string, each marked by its high bit: a quote, a backslash, a control
// character or a byte of a UTF-8 sequence. Most of a reply's text is none of
// these, eight bytes a step. Only a byte above a marked one can be marked
// wrongly (a borrow out of a zero byte), so the lowest mark is exact: the
// first of them in memory, on the little-endian machines Parley runs on.
static_assert(std::endian::native == std::endian::little);
std::uint64_t special_bytes(std::uint64_t word) {
    const auto zero_byte = [](std::uint64_t x) { return (x - kEveryByte) & ~x & kHighBits; };
    const std::uint64_t control = (word - kEveryByte * 0x20) & ~word & kHighBits;
    return (word & kHighBits) | zero_byte(word ^ (kEveryByte * '"')) | zero_byte(word ^ (kEveryByte * '\\')) | control;
}

// The length of the well-formed UTF-8 sequence that starts `bytes`
// (Unicode's table of well-formed byte sequences: no overlong form, no
// surrogate, nothing past U+10FFFF), or 0.
std::size_t utf8_sequence_length(std::string_view bytes) {
    const auto byte = [bytes](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (bytes.size() < length || byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if ((byte(i) & 0xC0) != 0x80) return 0;
    }
    return length;
}

// The JSON string whose characters start at `from`, lexed to its closing
// quote and checked in the same pass: its text, unescaped into `out` when it
// has escapes, else a view of `payload`. False for anything left to a full
// parser (see ChunkTemplate).
bool read_plain_string(std::string_view payload, std::size_t from, std::string& out, PlainString& string) {
    constexpr auto none = std::string_view::npos;
    std::size_t first_escape = none;
    std::size_t at = from;
    while (true) {
        while (payload.size() - at >= sizeof(std::uint64_t)) {
            std::uint64_t word = 0;
            std::memcpy(&word, payload.data() + at, sizeof word);
            if (const std::uint64_t marks = special_bytes(word)) {
                at += static_cast<std::size_t>(std::countr_zero(marks)) / 8;
                break;
            }
            at += sizeof word;
        }
        if (at >= payload.size()) return false;
        const auto byte = static_cast<unsigned char>(payload[at]);
        if (byte == '"') break;
        if (byte < 0x20) return false;
        if (byte == '\\') {
            if (first_escape == none) first_escape = at;
            // The escaped letter, checked below; a quote here is text.
            if (payload.size() - at < 2) return false;
            at += 2;
        } else if (byte < 0x80) {
            ++at;
        } else {
            const std::size_t length = utf8_sequence_length(payload.substr(at));
            if (length == 0) return false;
            at += length;
        }
    }
    const std::string_view raw = payload.substr(from, at - from);
    string.end = at;
    if (first_escape == none) {
        string.text = raw;
        return true;
    }
    out.assign(payload.substr(from, first_escape - from));
    for (std::size_t i = first_escape; i < at; ++i) {
        if (payload[i] != '\\') {
            out.push_back(payload[i]);
            continue;
        }
        const auto letter = unescaped(payload[++i]);
        if (!letter) return false;
        out.push_back(*letter);
    }
    string.text = out;
    return true;
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

std::optional<std::size_t> ChunkTemplate::match(std::string_view bytes) {
    if (literals_.empty()) return std::nullopt;
    std::size_t at = 0;
    for (std::size_t slot = 0; slot + 1 < literals_.size(); ++slot) {
        if (bytes.compare(at, literals_[slot].size(), literals_[slot]) != 0) return std::nullopt;
        at += literals_[slot].size();
        PlainString value;
        if (!read_plain_string(bytes, at, slot == text_slot_ ? text_ : ignored_, value)) return std::nullopt;
        if (slot == text_slot_) matched_text_ = value.text;
        at = value.end;
    }
    if (bytes.compare(at, literals_.back().size(), literals_.back()) != 0) return std::nullopt;
    return at + literals_.back().size();
}

std::optional<std::string_view> ChunkTemplate::text_of(std::string_view payload) {
    const auto length = match(payload);
    if (!length || *length != payload.size()) return std::nullopt;
    return matched_text_;
}

}  // namespace parley
