#include "vault/key-text.h"

#include <cstdio>

namespace parley {

std::string key_text_problem(std::string_view key) {
    for (std::size_t i = 0; i < key.size(); ++i) {
        const auto byte = static_cast<unsigned char>(key[i]);
        if (byte < 0x20 || byte == 0x7f) {
            char code[8];
            std::snprintf(code, sizeof code, "0x%02X", byte);
            return "the key contains a control character (" + std::string(code) + " at position " +
                   std::to_string(i + 1) + "); an API key is printable text on one line";
        }
    }
    return {};
}

}  // namespace parley
