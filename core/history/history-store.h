#pragma once

#include "history/history-types.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parley {

// The profile's conversation history: one SQLite database in WAL mode, safe
// to share between the desktop app and the CLI at the same time.
class HistoryStore {
public:
    // Opens (creating if needed) and migrates the database. `process_alive`
    // tells whether the process that left a reply `streaming` still runs;
    // replies of dead writers are marked interrupted.
    HistoryStore(const std::filesystem::path& file, std::int64_t own_pid,
                 std::function<bool(std::int64_t pid)> process_alive);
    ~HistoryStore();
    HistoryStore(const HistoryStore&) = delete;
    HistoryStore& operator=(const HistoryStore&) = delete;

    std::int64_t create_conversation(const std::string& title, const std::string& provider, const std::string& model,
                                      const std::string& system_prompt);
    // Adds a message as a child of `parent_id` and makes it the shown leaf.
    std::int64_t add_message(const MessageRecord& message);
    // Streaming progress: the text received so far.
    void update_reply_text(std::int64_t message_id, const std::string& content, const std::string& reasoning);
    void finish_reply(const MessageRecord& message);

    std::vector<ConversationSummary> list_conversations() const;
    std::optional<Conversation> load_conversation(std::int64_t id) const;
    // The shown branch: root to the conversation's current leaf.
    std::vector<MessageRecord> current_branch(std::int64_t conversation_id) const;
    std::optional<std::int64_t> most_recent_conversation() const;
    bool delete_conversation(std::int64_t id);

    // Marks replies left `streaming` by processes that no longer run as
    // interrupted; returns how many. Runs on open.
    int recover_interrupted();

    static std::int64_t now_millis();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace parley
