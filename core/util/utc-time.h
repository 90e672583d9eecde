#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parley {

// Times on the wire (licenses, release manifests) are UTC, either instants as
// "YYYY-MM-DDTHH:MM:SSZ" or calendar days as "YYYY-MM-DD". Parsing is strict:
// one spelling per instant, so signed text cannot mean two things.
std::string format_utc_iso8601(std::int64_t unix_seconds);
std::optional<std::int64_t> parse_utc_iso8601(std::string_view text);

std::string format_utc_date(std::int64_t unix_seconds);
// The first second of that day, UTC.
std::optional<std::int64_t> parse_utc_date(std::string_view text);

}  // namespace parley
