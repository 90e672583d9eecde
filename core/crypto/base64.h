#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parley {

// Standard base64 (RFC 4648 §4) with padding and no line breaks.
std::string base64_encode(std::string_view bytes);

// Decodes standard base64; nullopt for anything that is not exactly that
// (stray characters, bad padding, line breaks), so a caller checking a
// signature never works on bytes other than the ones that were signed.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace parley
