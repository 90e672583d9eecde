#include "history/history-types.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>

#include <algorithm>

namespace parley {

const char* to_string(MessageStatus status) {
    switch (status) {
        case MessageStatus::complete: return "complete";
        case MessageStatus::streaming: return "streaming";
        case MessageStatus::interrupted: return "interrupted";
        case MessageStatus::error: return "error";
    }
    return "error";
}

std::optional<MessageStatus> parse_message_status(const std::string& text) {
    for (auto status : {MessageStatus::complete, MessageStatus::streaming, MessageStatus::interrupted,
                        MessageStatus::error}) {
        if (text == to_string(status)) return status;
    }
    return std::nullopt;
}

std::string format_timestamp(std::int64_t millis) {
    const std::int64_t shown = std::clamp(millis, kEarliestTimestampMs, kLatestTimestampMs);
    return Poco::DateTimeFormatter::format(Poco::Timestamp(shown * 1000), "%Y-%m-%dT%H:%M:%S.%iZ");
}

}  // namespace parley

namespace parley {

std::optional<std::int64_t> parse_timestamp(const std::string& text) {
    Poco::DateTime parsed;
    int zone = 0;
    for (const auto& format : {Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, Poco::DateTimeFormat::ISO8601_FORMAT}) {
        if (Poco::DateTimeParser::tryParse(format, text, parsed, zone)) {
            parsed.makeUTC(zone);
            return parsed.timestamp().epochMicroseconds() / 1000;
        }
    }
    return std::nullopt;
}

}  // namespace parley
