#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley {

// A history database that cannot be opened, read or written.
class HistoryError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class MessageStatus { complete, streaming, interrupted, error };

const char* to_string(MessageStatus status);
std::optional<MessageStatus> parse_message_status(const std::string& text);

struct MessageRecord {
    std::int64_t id = 0;
    std::int64_t conversation_id = 0;
    std::optional<std::int64_t> parent_id;
    std::string role;  // system, user, assistant
    std::string content;
    std::string reasoning;
    MessageStatus status = MessageStatus::complete;
    std::string provider;
    std::string model;
    std::optional<std::int64_t> input_tokens;
    std::optional<std::int64_t> output_tokens;
    std::string finish_reason;
    std::optional<double> cost_usd;
    std::string error;
    std::int64_t created_at = 0;  // milliseconds since the Unix epoch, UTC
};

struct ConversationSummary {
    std::int64_t id = 0;
    std::string title;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::int64_t message_count = 0;
    bool pinned = false;
    bool archived = false;
};

struct Conversation {
    ConversationSummary summary;
    std::string provider;
    std::string model;
    std::string system_prompt;
    std::optional<std::int64_t> current_leaf_id;
    std::vector<MessageRecord> messages;  // every message of every branch, oldest first
};

// ISO 8601 UTC with milliseconds: 2026-11-24T05:51:51.123Z
std::string format_timestamp(std::int64_t millis);

}  // namespace parley
