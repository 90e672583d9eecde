#pragma once

#include "history/history-types.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

class HistoryImport;

// What delete_conversation did.
enum class DeleteOutcome {
    not_found,
    deleted,
    // Deleted, but a reader on another connection (another Parley window)
    // kept the write-ahead log from being emptied: the deleted text stays in
    // history.db-wal, and in freed pages of history.db, until that reader
    // ends and the next open or close of the history empties the log.
    deleted_text_left_in_log,
};

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
    // A new conversation and its first message in one transaction: a write
    // that fails (a full disk) leaves no empty conversation behind.
    StartedConversation start_conversation(const std::string& title, const std::string& provider,
                                           const std::string& model, const std::string& system_prompt,
                                           MessageRecord first, const std::vector<AttachmentBlob>& attachments = {});
    // Adds a message as a child of `parent_id` and makes it the shown leaf.
    // A message whose parent already has children starts a new branch.
    std::int64_t add_message(const MessageRecord& message, const std::vector<AttachmentBlob>& attachments = {});
    std::string attachment_data(const std::string& sha256) const;
    // Streaming progress: the text received since the last call. It is
    // kept apart from the message (readers see it as part of the message's
    // text) so that a save costs what it adds, not the whole reply; the
    // message gets it, and search indexes it, once: at finish_reply, or when
    // a crashed writer's reply is recovered.
    void append_reply_text(std::int64_t message_id, std::string_view content, std::string_view reasoning);
    // The reply's final text and outcome, replacing what was appended.
    void finish_reply(const MessageRecord& message);
    // The same with the text given apart from the record: a streamed
    // reply's megabytes are saved from where they were received, not copied
    // into the record first.
    void finish_reply(const MessageRecord& message, std::string_view content, std::string_view reasoning);

    std::vector<ConversationSummary> list_conversations() const;
    std::optional<Conversation> load_conversation(std::int64_t id) const;
    // The shown branch: root to the conversation's current leaf.
    std::vector<MessageRecord> current_branch(std::int64_t conversation_id) const;
    // Shows the branch through `message_id`: the conversation's leaf becomes
    // the newest leaf below that message.
    void show_branch(std::int64_t conversation_id, std::int64_t message_id);
    std::optional<MessageRecord> find_message(std::int64_t message_id) const;
    std::optional<std::int64_t> most_recent_conversation() const;
    std::optional<std::int64_t> find_conversation(const std::string& uuid) const;
    // Deletes the conversation, its attachments no other message uses, and
    // its words from the search index; nothing of it stays in the files
    // unless another connection's reader holds the log (see DeleteOutcome).
    DeleteOutcome delete_conversation(std::int64_t id);
    // Deletes one message with everything below it (its replies and their
    // branches) in one transaction, and their words from the search index.
    // When the shown branch went with it, the conversation shows the newest
    // branch left under the message's parent (else under the newest
    // remaining first message). Throws HistoryError while a reply in it is
    // still streaming: its writer would lose the rest.
    DeleteOutcome delete_message(std::int64_t message_id);
    // Renames, pins or archives; false when there is no such conversation.
    // The conversation keeps its place in time: none of these is activity.
    bool update_conversation(std::int64_t id, const ConversationChange& change);

    // Full-text search, best matches first. `query` is what a person types:
    // words (all must match), "quoted phrases", and word* prefixes. First
    // indexes the replies finished since the last search, in a write
    // transaction: the first search after a very long reply takes longer.
    std::vector<SearchHit> search(const std::string& query, int limit = 20) const;
    // Indexes the replies finished since, as search() first does: a finished
    // reply's text is not indexed in its final save, which a chat command
    // waits for, but here, by whoever has time (the desktop app after each
    // reply, off its UI thread).
    void index_for_search();

    // A bulk import in one write transaction; see HistoryImport.
    std::unique_ptr<HistoryImport> begin_import();

    // Marks replies left `streaming` by processes that no longer run as
    // interrupted; returns how many. Runs on open.
    int recover_interrupted();

    static std::int64_t now_millis();

private:
    friend class HistoryImport;

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Holds the write lock until committed or destroyed; destroyed without
// commit(), nothing it added remains.
class HistoryImport {
public:
    ~HistoryImport();
    HistoryImport(const HistoryImport&) = delete;
    HistoryImport& operator=(const HistoryImport&) = delete;

    // Stores one conversation; false, writing nothing, when a conversation
    // with the same uuid is already there.
    bool add(const ImportedConversation& conversation);
    void commit();

private:
    friend class HistoryStore;
    explicit HistoryImport(HistoryStore::Impl& store);
    struct Statements;
    HistoryStore::Impl& store_;
    std::unique_ptr<Statements> statements_;
};

}  // namespace parley
