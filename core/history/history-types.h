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

// An attachment as stored: the bytes live once per distinct content, keyed
// by their SHA-256; messages refer to them.
struct MessageAttachment {
    std::string sha256;  // lower-case hex
    std::string mime_type;
    std::string name;
    std::int64_t size = 0;
};

// Attachment bytes on their way into the store.
struct AttachmentBlob {
    std::string mime_type;
    std::string name;
    std::string data;
};

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
    std::vector<MessageAttachment> attachments;
};

struct StartedConversation {
    std::int64_t conversation_id = 0;
    std::int64_t message_id = 0;
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

// What update_conversation changes; fields left empty stay as they are.
struct ConversationChange {
    std::optional<std::string> title = std::nullopt;
    std::optional<bool> pinned = std::nullopt;
    std::optional<bool> archived = std::nullopt;
};

struct Conversation {
    ConversationSummary summary;
    std::string uuid;  // stable across export and import
    std::string provider;
    std::string model;
    std::string system_prompt;
    std::optional<std::int64_t> current_leaf_id;
    std::vector<MessageRecord> messages;  // every message of every branch, oldest first
};

// One conversation read from an archive, ready to store. Parents are
// indexes into `messages`, always of an earlier entry.
struct ImportedMessage {
    std::optional<std::size_t> parent;
    MessageRecord record;  // ids and conversation id are assigned on import
    std::vector<AttachmentBlob> attachments;
};

struct ImportedConversation {
    std::string uuid;  // what makes a second import of the same archive a no-op
    std::string title;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    bool pinned = false;
    bool archived = false;
    std::string provider;
    std::string model;
    std::string system_prompt;
    std::optional<std::size_t> current_leaf;
    std::vector<ImportedMessage> messages;
};

struct SearchHit {
    std::int64_t message_id = 0;
    std::int64_t conversation_id = 0;
    std::string conversation_title;
    std::string role;
    std::string snippet;  // matched terms between [ and ]
    double score = 0;     // bm25: lower is better
    std::int64_t created_at = 0;
};

// The times history can hold, in milliseconds since the epoch: the years 1 to
// 9999, what ISO 8601 and Poco's DateTime can express. Archives are checked
// against it; beyond it the arithmetic on microseconds would overflow.
inline constexpr std::int64_t kEarliestTimestampMs = -62135596800000;  // 0001-01-01T00:00:00Z
inline constexpr std::int64_t kLatestTimestampMs = 253402300799999;    // 9999-12-31T23:59:59.999Z

// ISO 8601 UTC with milliseconds: 2026-11-24T05:51:51.123Z. A time outside
// the range above is shown as its nearest end.
std::string format_timestamp(std::int64_t millis);
// Any ISO 8601 date-time with an offset or Z, fractions of a second allowed;
// nullopt when the text is not one.
std::optional<std::int64_t> parse_timestamp(const std::string& text);

}  // namespace parley
