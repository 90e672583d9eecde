#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace parley {

// Writing a small JSON object field by field into one string, byte for byte
// as nlohmann::json::dump() writes it, without building the object first:
// the license service writes two such objects for every request, and
// building them was a tenth of its work. The caller writes the keys in
// nlohmann's order (sorted).
class JsonObjectText {
public:
    // How invalid UTF-8 in a string is handled, as dump()'s error_handler.
    explicit JsonObjectText(nlohmann::json::error_handler_t on_invalid_utf8 = nlohmann::json::error_handler_t::strict)
        : on_invalid_utf8_(on_invalid_utf8) {
        text_.reserve(256);
        text_ += '{';
    }

    JsonObjectText& field(std::string_view key, std::string_view value);
    JsonObjectText& field(std::string_view key, std::int64_t value);
    JsonObjectText& field(std::string_view key, double value);
    JsonObjectText& null_field(std::string_view key);

    // The object's text; the writer is done.
    std::string finish();

private:
    void key(std::string_view name);
    void string(std::string_view value);

    std::string text_;
    nlohmann::json::error_handler_t on_invalid_utf8_;
};

}  // namespace parley
