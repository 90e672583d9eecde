#include "util/utc-time.h"

#include <chrono>
#include <cstdio>

namespace parley {

namespace {

using namespace std::chrono;

std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

std::optional<std::int64_t> day_start(std::string_view text) {
    if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
    if (!y || !m || !d) return std::nullopt;
    const year_month_day date{year{*y}, month{static_cast<unsigned>(*m)}, day{static_cast<unsigned>(*d)}};
    if (!date.ok()) return std::nullopt;
    return duration_cast<seconds>(sys_days(date).time_since_epoch()).count();
}

year_month_day civil(std::int64_t unix_seconds) {
    return year_month_day{floor<days>(sys_seconds(seconds(unix_seconds)))};
}

}  // namespace

std::string format_utc_date(std::int64_t unix_seconds) {
    const auto date = civil(unix_seconds);
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()));
    return out;
}

std::string format_utc_iso8601(std::int64_t unix_seconds) {
    const sys_seconds instant{seconds(unix_seconds)};
    const auto time = hh_mm_ss(instant - floor<days>(instant));
    char out[16];
    std::snprintf(out, sizeof out, "T%02d:%02d:%02dZ", static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
    return format_utc_date(unix_seconds) + out;
}

std::optional<std::int64_t> parse_utc_date(std::string_view text) {
    if (text.size() != 10) return std::nullopt;
    return day_start(text);
}

std::optional<std::int64_t> parse_utc_iso8601(std::string_view text) {
    if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
        return std::nullopt;
    const auto start = day_start(text);
    const auto h = digits(text, 11, 2), m = digits(text, 14, 2), s = digits(text, 17, 2);
    if (!start || !h || !m || !s || *h > 23 || *m > 59 || *s > 59) return std::nullopt;
    return *start + *h * 3600 + *m * 60 + *s;
}

}  // namespace parley
