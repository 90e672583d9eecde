#include "util/json-text.h"

#include <algorithm>

namespace parley {

namespace {

// Printable ASCII other than the quote and the backslash is written as it
// is; anything else goes through nlohmann, escapes and UTF-8 checks included.
bool needs_nlohmann(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte >= 0x7f || c == '"' || c == '\\';
    });
}

}  // namespace

void JsonObjectText::string(std::string_view value) {
    if (needs_nlohmann(value)) {
        text_ += nlohmann::json(std::string(value)).dump(-1, ' ', false, on_invalid_utf8_);
        return;
    }
    text_ += '"';
    text_ += value;
    text_ += '"';
}

void JsonObjectText::key(std::string_view name) {
    if (text_.size() > 1) text_ += ',';
    string(name);
    text_ += ':';
}

JsonObjectText& JsonObjectText::field(std::string_view name, std::string_view value) {
    key(name);
    string(value);
    return *this;
}

JsonObjectText& JsonObjectText::field(std::string_view name, std::int64_t value) {
    key(name);
    text_ += std::to_string(value);
    return *this;
}

JsonObjectText& JsonObjectText::field(std::string_view name, double value) {
    key(name);
    text_ += nlohmann::json(value).dump();
    return *this;
}

JsonObjectText& JsonObjectText::null_field(std::string_view name) {
    key(name);
    text_ += "null";
    return *this;
}

std::string JsonObjectText::finish() {
    text_ += '}';
    return std::move(text_);
}

}  // namespace parley
