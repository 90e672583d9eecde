#include "history/history-types.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

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
    return Poco::DateTimeFormatter::format(Poco::Timestamp(millis * 1000), "%Y-%m-%dT%H:%M:%S.%iZ");
}

}  // namespace parley
