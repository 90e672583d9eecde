#include "licensing/license-key.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace parley {

namespace {

constexpr std::string_view alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

std::string grouped(std::string_view symbols) {
    std::string out;
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        if (i > 0 && i % 5 == 0) out.push_back('-');
        out.push_back(symbols[i]);
    }
    return out;
}

}  // namespace

std::optional<std::string> canonical_license_key(std::string_view text) {
    std::string symbols;
    for (char c : text) {
        if (c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c == 'O') c = '0';
        if (c == 'I' || c == 'L') c = '1';
        if (alphabet.find(c) == std::string_view::npos) return std::nullopt;
        symbols.push_back(c);
        if (symbols.size() > kLicenseKeySymbols) return std::nullopt;
    }
    if (symbols.size() != kLicenseKeySymbols) return std::nullopt;
    return grouped(symbols);
}

std::string generate_license_key() {
    unsigned char random[kLicenseKeySymbols];
    if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("no random bytes for a license key");
    std::string symbols;
    for (unsigned char byte : random) symbols.push_back(alphabet[byte % alphabet.size()]);
    return grouped(symbols);
}

}  // namespace parley
