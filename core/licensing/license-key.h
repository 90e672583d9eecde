#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parley {

// License keys are 25 symbols of Crockford's base32 in five groups of five:
// "ABCDE-FGH2J-KMNPQ-RST3V-WXYZ0". People retype and paste them, so the
// canonical form ignores case, spaces and dashes, and reads the letters
// Crockford reserves as look-alikes (O → 0, I and L → 1).
inline constexpr std::size_t kLicenseKeySymbols = 25;

// The canonical form, or nullopt when the text cannot be a license key.
std::optional<std::string> canonical_license_key(std::string_view text);

// A new random key in canonical form (vendor side).
std::string generate_license_key();

}  // namespace parley
