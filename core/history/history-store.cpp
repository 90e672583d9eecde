#include "history/history-store.h"

#include "history/schema-migrations.h"
#include "history/search-query.h"
#include "history/sqlite-statement.h"
#include "history/sqlite-writeback.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <Poco/SHA2Engine.h>
#include <Poco/Timestamp.h>
#include <Poco/UUIDGenerator.h>

#include <nlohmann/json.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <mutex>

namespace parley {

namespace {

// A streaming reply's text is its row's plus the chunks saved since (see
// append_reply_text). One statement reads both, so a reply that ends in
// another process meanwhile is never seen without its text.
std::string streamed(const std::string& column) {
    return column + " || CASE status WHEN 'streaming' THEN (SELECT coalesce(group_concat(c." + column +
           ", ''), '') FROM (SELECT " + column +
           " FROM reply_chunks WHERE message_id = messages.id ORDER BY id) c) ELSE '' END";
}

const std::string& streamed_text() {
    static const std::string columns = streamed("content") + ", " + streamed("reasoning");
    return columns;
}

const std::string& message_columns() {
    static const std::string columns = "id, conversation_id, parent_id, role, " + streamed_text() +
                                       ", status, provider, model, input_tokens, output_tokens, finish_reason, "
                                       "cost_usd, error, created_at";
    return columns;
}

MessageRecord read_message(const SqliteStatement& row) {
    MessageRecord m;
    m.id = row.column_int(0);
    m.conversation_id = row.column_int(1);
    m.parent_id = row.column_optional_int(2);
    m.role = row.column_text(3);
    m.content = row.column_text(4);
    m.reasoning = row.column_text(5);
    m.status = parse_message_status(row.column_text(6)).value_or(MessageStatus::error);
    m.provider = row.column_text(7);
    m.model = row.column_text(8);
    m.input_tokens = row.column_optional_int(9);
    m.output_tokens = row.column_optional_int(10);
    m.finish_reason = row.column_text(11);
    if (!row.column_is_null(12)) m.cost_usd = row.column_double(12);
    m.error = row.column_text(13);
    m.created_at = row.column_int(14);
    return m;
}

std::optional<std::string> optional_text(const std::string& text) {
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

void register_connector_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Data::SQLite::Connector::registerConnector();
        start_writeback_as_written();
    });
}

std::string sha256_hex(const std::string& data) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(data.data(), static_cast<unsigned>(data.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string new_uuid() { return Poco::UUIDGenerator::defaultGenerator().createRandom().toString(); }

// A second process (desktop app + CLI) waits for the lock instead of
// failing. Every write transaction is short but an import, which holds the
// lock for its one transaction: up to a minute for a million messages, the
// longest an import may take.
constexpr int kWriterPatienceMs = 60000;

// A reply's text passes through the page cache once, on its way to the
// log, and is not read back: a reply of megabytes would fill the whole cache
// (2 MB by default) with its pages for nothing. Its saves run with a cache
// of 256 KB; the connection's own size is restored after.
class ReplyWriteCache {
public:
    explicit ReplyWriteCache(sqlite3* db) : db_(db) {
        // After a failed write the connection may refuse even this; the
        // save's own statements then report what is wrong.
        try {
            SqliteStatement size(db_, "PRAGMA cache_size");
            if (!size.step()) return;
            saved_ = size.column_int(0);
            exec_sql(db_, "PRAGMA cache_size = -256");
            changed_ = true;
        } catch (const HistoryError&) {
        }
    }
    ~ReplyWriteCache() {
        if (!changed_) return;
        try {
            exec_sql(db_, "PRAGMA cache_size = " + std::to_string(saved_));
        } catch (const HistoryError&) {
            // A cache left small costs speed, never data.
        }
    }
    ReplyWriteCache(const ReplyWriteCache&) = delete;
    ReplyWriteCache& operator=(const ReplyWriteCache&) = delete;

private:
    sqlite3* db_;
    std::int64_t saved_ = 0;
    bool changed_ = false;
};

// Copies the write-ahead log into the database and truncates the log file,
// which is what takes deleted text out of history.db-wal and overwrites its
// old pages in history.db. It cannot finish while another connection reads
// a snapshot older than the log's end; it then waits up to `patience` and
// reports whether it finished.
bool truncate_wal(sqlite3* db, std::chrono::milliseconds patience) {
    sqlite3_busy_timeout(db, static_cast<int>(patience.count()));
    const int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    sqlite3_busy_timeout(db, kWriterPatienceMs);
    return rc == SQLITE_OK;
}

// The statements that write one message with its attachments, prepared once
// and shared by single writes and bulk imports.
class MessageWriter {
public:
    explicit MessageWriter(sqlite3* db)
        : db_(db),
          insert_(db,
                  "INSERT INTO messages(conversation_id, parent_id, role, content, reasoning, status, provider, model, "
                  "input_tokens, output_tokens, finish_reason, cost_usd, error, created_at, writer_pid) "
                  "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          blob_(db, "INSERT OR IGNORE INTO attachments(sha256, mime_type, data) VALUES(?, ?, ?)"),
          link_(db, "INSERT INTO message_attachments(message_id, position, sha256, name) VALUES(?, ?, ?, ?)"),
          index_(db, "INSERT INTO message_search(rowid, content) VALUES(?, ?)") {}

    // `index_now`: add the text to the search index at once; a bulk import
    // indexes all its rows in one statement at the end instead.
    std::int64_t write(const MessageRecord& m, const std::vector<AttachmentBlob>& attachments, std::int64_t pid,
                       std::int64_t now, bool index_now = true) {
        insert_.bind(1, m.conversation_id).bind(2, m.parent_id).bind(3, m.role).bind(4, m.content);
        insert_.bind(5, m.reasoning).bind(6, std::string_view(to_string(m.status))).bind(7, optional_text(m.provider));
        insert_.bind(8, optional_text(m.model)).bind(9, m.input_tokens).bind(10, m.output_tokens);
        insert_.bind(11, optional_text(m.finish_reason));
        if (m.cost_usd) {
            insert_.bind(12, *m.cost_usd);
        } else {
            insert_.bind_null(12);
        }
        insert_.bind(13, optional_text(m.error)).bind(14, m.created_at ? m.created_at : now);
        if (m.status == MessageStatus::streaming) {
            insert_.bind(15, pid);
        } else {
            insert_.bind_null(15);
        }
        insert_.run();
        const std::int64_t id = sqlite3_last_insert_rowid(db_);
        int position = 0;
        for (const auto& attachment : attachments) {
            const std::string hash = sha256_hex(attachment.data);
            blob_.bind(1, hash).bind(2, attachment.mime_type).bind_blob(3, attachment.data).run();
            link_.bind(1, id).bind(2, static_cast<std::int64_t>(position++)).bind(3, hash).bind(4, attachment.name).run();
        }
        if (index_now) index_.bind(1, id).bind(2, m.content).run();
        return id;
    }

private:
    sqlite3* db_;
    SqliteStatement insert_;
    SqliteStatement blob_;
    SqliteStatement link_;
    SqliteStatement index_;
};

void load_attachments(sqlite3* db, std::vector<MessageRecord>& messages) {
    if (messages.empty()) return;
    SqliteStatement select(db,
                           "SELECT l.sha256, a.mime_type, l.name, length(a.data) FROM message_attachments l "
                           "JOIN attachments a ON a.sha256 = l.sha256 WHERE l.message_id = ? ORDER BY l.position");
    for (auto& m : messages) {
        select.bind(1, m.id);
        while (select.step()) {
            m.attachments.push_back({select.column_text(0), select.column_text(1), select.column_text(2),
                                     select.column_int(3)});
        }
        select.reset();
    }
}

std::int64_t insert_conversation(sqlite3* db, const std::string& title, const std::string& provider,
                                 const std::string& model, const std::string& system_prompt) {
    const auto now = HistoryStore::now_millis();
    SqliteStatement insert(db,
                           "INSERT INTO conversations(title, created_at, updated_at, provider, model, system_prompt, "
                           "uuid) VALUES(?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, title).bind(2, now).bind(3, now).bind(4, optional_text(provider)).bind(5, optional_text(model));
    insert.bind(6, optional_text(system_prompt)).bind(7, new_uuid()).run();
    return sqlite3_last_insert_rowid(db);
}

// Inside the caller's transaction: the message and its conversation's leaf
// and count change together.
std::int64_t insert_message(sqlite3* db, const MessageRecord& m, const std::vector<AttachmentBlob>& attachments,
                            std::int64_t own_pid) {
    const auto now = HistoryStore::now_millis();
    const std::int64_t id = MessageWriter(db).write(m, attachments, own_pid, now);
    SqliteStatement leaf(db,
                         "UPDATE conversations SET current_leaf_id = ?, updated_at = ?, message_count = message_count + 1 "
                         "WHERE id = ?");
    leaf.bind(1, id).bind(2, now).bind(3, m.conversation_id).run();
    return id;
}

// Inside the caller's transaction, after messages were deleted: drops the
// attachments no message uses any more, and the words of the deleted rows.
// Deleted rows leave tombstones in the index; its old segments still hold the
// words until merged. Merging them all drops the words, and secure_delete
// zeroes the pages they were on.
void forget_deleted_text(sqlite3* db) {
    exec_sql(db,
             "DELETE FROM attachments WHERE NOT EXISTS "
             "(SELECT 1 FROM message_attachments l WHERE l.sha256 = attachments.sha256)");
    exec_sql(db, "INSERT INTO message_search(message_search) VALUES ('optimize')");
}

// The write-ahead log still holds copies of the deleted pages. A reader in
// another window usually ends within moments; one that lasts longer is
// reported rather than waited for.
DeleteOutcome empty_log_after_delete(sqlite3* db) {
    return truncate_wal(db, std::chrono::milliseconds(1000)) ? DeleteOutcome::deleted
                                                             : DeleteOutcome::deleted_text_left_in_log;
}

// Before messages' text is replaced: their old words leave the search index
// (a message already waiting has none there), and they wait for the next
// search to index their new text (see schema v5). One statement for the lot:
// each write to the index first reads its structure, which for a large
// history made a statement per message cost a fifth of a millisecond.
void queue_for_search(sqlite3* db, const std::vector<std::int64_t>& message_ids) {
    const std::string ids = nlohmann::json(message_ids).dump();
    SqliteStatement forget(db,
                           "INSERT INTO message_search(message_search, rowid, content) "
                           "SELECT 'delete', m.id, m.content FROM messages m "
                           "WHERE m.id IN (SELECT value FROM json_each(?1)) AND NOT EXISTS "
                           "(SELECT 1 FROM search_backlog b WHERE b.message_id = m.id)");
    forget.bind(1, ids).run();
    SqliteStatement queue(db, "INSERT OR IGNORE INTO search_backlog(message_id) SELECT value FROM json_each(?1)");
    queue.bind(1, ids).run();
}

// Indexes the text that replaced messages' since the last search, so that a
// search finds every finished reply.
void index_search_backlog(sqlite3* db) {
    {
        SqliteStatement pending(db, "SELECT 1 FROM search_backlog LIMIT 1");
        if (!pending.step()) return;
    }
    WriteTransaction transaction(db);
    exec_sql(db,
             "INSERT INTO message_search(rowid, content) "
             "SELECT m.id, m.content FROM search_backlog b JOIN messages m ON m.id = b.message_id");
    exec_sql(db, "DELETE FROM search_backlog");
    transaction.commit();
}

// The leaf reached from `parent` down the newest reply at each step; from
// the conversation's newest first message when `parent` is none. Nothing
// when the conversation has no message there.
std::optional<std::int64_t> newest_leaf_below(sqlite3* db, std::int64_t conversation_id,
                                              std::optional<std::int64_t> parent) {
    std::optional<std::int64_t> leaf = parent;
    if (!leaf) {
        SqliteStatement root(db,
                             "SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS NULL "
                             "ORDER BY id DESC LIMIT 1");
        if (!root.bind(1, conversation_id).step()) return std::nullopt;
        leaf = root.column_int(0);
    }
    SqliteStatement child(db, "SELECT id FROM messages WHERE parent_id = ? ORDER BY id DESC LIMIT 1");
    while (true) {
        child.bind(1, *leaf);
        if (!child.step()) break;
        leaf = child.column_int(0);
        child.reset();
    }
    return leaf;
}

}  // namespace

struct HistoryStore::Impl {
    std::unique_ptr<Poco::Data::Session> session;
    sqlite3* db = nullptr;
    std::int64_t own_pid = 0;
    std::function<bool(std::int64_t)> process_alive;
    // The UI's worker and UI threads share one connection; statements and
    // last_insert_rowid must not interleave.
    std::recursive_mutex mutex;
};

std::int64_t HistoryStore::now_millis() { return Poco::Timestamp().epochMicroseconds() / 1000; }

HistoryStore::HistoryStore(const std::filesystem::path& file, std::int64_t own_pid,
                           std::function<bool(std::int64_t)> process_alive)
    : impl_(std::make_unique<Impl>()) {
    register_connector_once();
    impl_->own_pid = own_pid;
    impl_->process_alive = std::move(process_alive);
    try {
        impl_->session = std::make_unique<Poco::Data::Session>("SQLite", file.string());
    } catch (const Poco::Exception& e) {
        throw HistoryError("cannot open the history database " + file.string() + ": " + e.displayText());
    }
    impl_->db = Poco::Data::SQLite::Utility::dbHandle(*impl_->session);
    sqlite3_busy_timeout(impl_->db, kWriterPatienceMs);
    // Before the first write only, so a new history alone takes it. A long
    // reply is megabytes of overflow pages, each a write, a read and a copy
    // through the log: 16 KiB pages cut those calls by four against the
    // default 4 KiB, and the small rows of a chat still share their pages.
    exec_sql(impl_->db, "PRAGMA page_size = 16384");
    enter_wal_mode(impl_->db, std::chrono::milliseconds(kWriterPatienceMs));
    exec_sql(impl_->db, "PRAGMA synchronous = NORMAL");
    exec_sql(impl_->db, "PRAGMA foreign_keys = ON");
    // Deleted conversations are overwritten on disk, not left in free pages.
    exec_sql(impl_->db, "PRAGMA secure_delete = ON");
    migrate_schema(impl_->db);
    recover_interrupted();
    // A delete whose log another window kept (see delete_conversation) is
    // finished here, without waiting for readers: a window that stays open
    // may never be the last connection, whose close would do it.
    truncate_wal(impl_->db, std::chrono::milliseconds(0));
}

HistoryStore::~HistoryStore() = default;

int HistoryStore::recover_interrupted() {
    std::lock_guard lock(impl_->mutex);
    std::vector<std::pair<std::int64_t, std::int64_t>> streaming;
    {
        SqliteStatement select(impl_->db, "SELECT id, writer_pid FROM messages WHERE status = 'streaming'");
        while (select.step()) streaming.emplace_back(select.column_int(0), select.column_int(1));
    }
    std::vector<std::int64_t> orphans;
    for (const auto& [id, pid] : streaming) {
        if (pid == impl_->own_pid || (pid != 0 && impl_->process_alive && impl_->process_alive(pid))) continue;
        orphans.push_back(id);
    }
    if (orphans.empty()) return 0;
    // One transaction and one statement into the search index for all: a
    // thousand replies left by a crash took half a second one by one.
    WriteTransaction transaction(impl_->db);
    queue_for_search(impl_->db, orphans);
    // The saved chunks become the message's text, indexed for search as a
    // finished reply's is.
    SqliteStatement update(impl_->db, std::string("UPDATE messages SET status = 'interrupted', "
                                                  "error = 'the app stopped before the reply was complete', "
                                                  "(content, reasoning) = (SELECT ") +
                                          streamed_text() +
                                          " FROM messages WHERE id = ?1) "
                                          "WHERE id = ?1 AND status = 'streaming'");
    SqliteStatement chunks(impl_->db, "DELETE FROM reply_chunks WHERE message_id = ?");
    int recovered = 0;
    for (const auto id : orphans) {
        update.bind(1, id).run();
        recovered += sqlite3_changes(impl_->db);
        chunks.bind(1, id).run();
    }
    transaction.commit();
    return recovered;
}

std::int64_t HistoryStore::create_conversation(const std::string& title, const std::string& provider,
                                               const std::string& model, const std::string& system_prompt) {
    std::lock_guard lock(impl_->mutex);
    return insert_conversation(impl_->db, title, provider, model, system_prompt);
}

StartedConversation HistoryStore::start_conversation(const std::string& title, const std::string& provider,
                                                     const std::string& model, const std::string& system_prompt,
                                                     MessageRecord first, const std::vector<AttachmentBlob>& attachments) {
    std::lock_guard lock(impl_->mutex);
    WriteTransaction transaction(impl_->db);
    StartedConversation started;
    started.conversation_id = insert_conversation(impl_->db, title, provider, model, system_prompt);
    first.conversation_id = started.conversation_id;
    first.parent_id.reset();
    started.message_id = insert_message(impl_->db, first, attachments, impl_->own_pid);
    transaction.commit();
    return started;
}

std::int64_t HistoryStore::add_message(const MessageRecord& m, const std::vector<AttachmentBlob>& attachments) {
    std::lock_guard lock(impl_->mutex);
    WriteTransaction transaction(impl_->db);
    const std::int64_t id = insert_message(impl_->db, m, attachments, impl_->own_pid);
    transaction.commit();
    return id;
}

std::string HistoryStore::attachment_data(const std::string& sha256) const {
    std::lock_guard lock(impl_->mutex);
    SqliteStatement select(impl_->db, "SELECT data FROM attachments WHERE sha256 = ?");
    select.bind(1, sha256);
    if (!select.step()) throw HistoryError("attachment " + sha256 + " is missing from the history database");
    return select.column_blob(0);
}

void HistoryStore::append_reply_text(std::int64_t message_id, std::string_view content, std::string_view reasoning) {
    std::lock_guard lock(impl_->mutex);
    const ReplyWriteCache cache(impl_->db);
    SqliteStatement insert(impl_->db, "INSERT INTO reply_chunks(message_id, content, reasoning) VALUES(?, ?, ?)");
    insert.bind(1, message_id).bind_in_place(2, content).bind_in_place(3, reasoning).run();
}

void HistoryStore::finish_reply(const MessageRecord& m) { finish_reply(m, m.content, m.reasoning); }

void HistoryStore::finish_reply(const MessageRecord& m, std::string_view content, std::string_view reasoning) {
    std::lock_guard lock(impl_->mutex);
    const ReplyWriteCache cache(impl_->db);
    WriteTransaction transaction(impl_->db);
    // The chunks go first: the pages they free take the final text, rather
    // than new pages while the freed ones are overwritten (secure_delete).
    SqliteStatement chunks(impl_->db, "DELETE FROM reply_chunks WHERE message_id = ?");
    chunks.bind(1, m.id).run();
    queue_for_search(impl_->db, {m.id});
    SqliteStatement update(impl_->db,
                           "UPDATE messages SET content = ?, reasoning = ?, status = ?, input_tokens = ?, "
                           "output_tokens = ?, finish_reason = ?, cost_usd = ?, error = ?, model = ? WHERE id = ?");
    update.bind_in_place(1, content).bind_in_place(2, reasoning).bind(3, std::string_view(to_string(m.status)));
    update.bind(4, m.input_tokens).bind(5, m.output_tokens).bind(6, optional_text(m.finish_reason));
    if (m.cost_usd) {
        update.bind(7, *m.cost_usd);
    } else {
        update.bind_null(7);
    }
    update.bind(8, optional_text(m.error)).bind(9, optional_text(m.model)).bind(10, m.id).run();
    SqliteStatement touch(impl_->db,
                          "UPDATE conversations SET updated_at = ? WHERE id = "
                          "(SELECT conversation_id FROM messages WHERE id = ?)");
    touch.bind(1, now_millis()).bind(2, m.id).run();
    transaction.commit();
}

std::vector<ConversationSummary> HistoryStore::list_conversations() const {
    std::lock_guard lock(impl_->mutex);
    SqliteStatement select(impl_->db,
                           "SELECT id, title, created_at, updated_at, pinned, archived, message_count "
                           "FROM conversations ORDER BY pinned DESC, updated_at DESC, id DESC");
    std::vector<ConversationSummary> out;
    while (select.step()) {
        ConversationSummary s;
        s.id = select.column_int(0);
        s.title = select.column_text(1);
        s.created_at = select.column_int(2);
        s.updated_at = select.column_int(3);
        s.pinned = select.column_int(4) != 0;
        s.archived = select.column_int(5) != 0;
        s.message_count = select.column_int(6);
        out.push_back(std::move(s));
    }
    return out;
}

std::optional<Conversation> HistoryStore::load_conversation(std::int64_t id) const {
    std::lock_guard lock(impl_->mutex);
    SqliteStatement select(impl_->db,
                           "SELECT id, title, created_at, updated_at, pinned, archived, provider, model, "
                           "system_prompt, current_leaf_id, uuid FROM conversations WHERE id = ?");
    select.bind(1, id);
    if (!select.step()) return std::nullopt;
    Conversation c;
    c.summary.id = select.column_int(0);
    c.summary.title = select.column_text(1);
    c.summary.created_at = select.column_int(2);
    c.summary.updated_at = select.column_int(3);
    c.summary.pinned = select.column_int(4) != 0;
    c.summary.archived = select.column_int(5) != 0;
    c.provider = select.column_text(6);
    c.model = select.column_text(7);
    c.system_prompt = select.column_text(8);
    c.current_leaf_id = select.column_optional_int(9);
    c.uuid = select.column_text(10);
    SqliteStatement messages(
        impl_->db, std::string("SELECT ") + message_columns() + " FROM messages WHERE conversation_id = ? ORDER BY id");
    messages.bind(1, id);
    while (messages.step()) c.messages.push_back(read_message(messages));
    load_attachments(impl_->db, c.messages);
    c.summary.message_count = static_cast<std::int64_t>(c.messages.size());
    return c;
}

std::vector<MessageRecord> HistoryStore::current_branch(std::int64_t conversation_id) const {
    std::lock_guard lock(impl_->mutex);
    SqliteStatement select(impl_->db, std::string("WITH RECURSIVE branch(id, depth) AS ("
                                                  "  SELECT current_leaf_id, 0 FROM conversations WHERE id = ?"
                                                  "  UNION ALL SELECT m.parent_id, b.depth + 1 FROM messages m"
                                                  "  JOIN branch b ON m.id = b.id WHERE m.parent_id IS NOT NULL) "
                                                  "SELECT ") +
                                          message_columns() +
                                          " FROM messages WHERE id IN (SELECT id FROM branch) ORDER BY id");
    select.bind(1, conversation_id);
    std::vector<MessageRecord> out;
    while (select.step()) out.push_back(read_message(select));
    load_attachments(impl_->db, out);
    return out;
}

std::optional<std::int64_t> HistoryStore::most_recent_conversation() const {
    std::lock_guard lock(impl_->mutex);
    SqliteStatement select(impl_->db, "SELECT id FROM conversations ORDER BY updated_at DESC, id DESC LIMIT 1");
    if (!select.step()) return std::nullopt;
    return select.column_int(0);
}

void HistoryStore::show_branch(std::int64_t conversation_id, std::int64_t message_id) {
    std::lock_guard lock(impl_->mutex);
    WriteTransaction transaction(impl_->db);
    {
        SqliteStatement owner(impl_->db, "SELECT 1 FROM messages WHERE id = ? AND conversation_id = ?");
        if (!owner.bind(1, message_id).bind(2, conversation_id).step()) {
            throw HistoryError("message " + std::to_string(message_id) + " is not in conversation " +
                               std::to_string(conversation_id));
        }
    }
    // Down the newest child at each step: the branch as last seen.
    const std::int64_t leaf = newest_leaf_below(impl_->db, conversation_id, message_id).value_or(message_id);
    SqliteStatement update(impl_->db, "UPDATE conversations SET current_leaf_id = ? WHERE id = ?");
    update.bind(1, leaf).bind(2, conversation_id).run();
    transaction.commit();
}

std::optional<MessageRecord> HistoryStore::find_message(std::int64_t message_id) const {
    std::lock_guard lock(impl_->mutex);
    SqliteStatement select(impl_->db, std::string("SELECT ") + message_columns() + " FROM messages WHERE id = ?");
    if (!select.bind(1, message_id).step()) return std::nullopt;
    std::vector<MessageRecord> found{read_message(select)};
    load_attachments(impl_->db, found);
    return found.front();
}

std::optional<std::int64_t> HistoryStore::find_conversation(const std::string& uuid) const {
    std::lock_guard lock(impl_->mutex);
    SqliteStatement select(impl_->db, "SELECT id FROM conversations WHERE uuid = ?");
    if (!select.bind(1, uuid).step()) return std::nullopt;
    return select.column_int(0);
}

bool HistoryStore::update_conversation(std::int64_t id, const ConversationChange& change) {
    std::lock_guard lock(impl_->mutex);
    SqliteStatement update(impl_->db,
                           "UPDATE conversations SET title = coalesce(?, title), pinned = coalesce(?, pinned), "
                           "archived = coalesce(?, archived) WHERE id = ?");
    update.bind(1, change.title).bind(2, change.pinned).bind(3, change.archived).bind(4, id).run();
    return sqlite3_changes(impl_->db) > 0;
}

DeleteOutcome HistoryStore::delete_conversation(std::int64_t id) {
    std::lock_guard lock(impl_->mutex);
    bool removed = false;
    {
        WriteTransaction transaction(impl_->db);
        SqliteStatement remove(impl_->db, "DELETE FROM conversations WHERE id = ?");
        remove.bind(1, id).run();
        removed = sqlite3_changes(impl_->db) > 0;
        if (removed) forget_deleted_text(impl_->db);
        transaction.commit();
    }
    if (!removed) return DeleteOutcome::not_found;
    return empty_log_after_delete(impl_->db);
}

DeleteOutcome HistoryStore::delete_message(std::int64_t message_id) {
    std::lock_guard lock(impl_->mutex);
    {
        WriteTransaction transaction(impl_->db);
        SqliteStatement target(impl_->db, "SELECT conversation_id, parent_id FROM messages WHERE id = ?");
        if (!target.bind(1, message_id).step()) return DeleteOutcome::not_found;
        const std::int64_t conversation_id = target.column_int(0);
        const std::optional<std::int64_t> parent = target.column_optional_int(1);
        // A parent is always written before its replies, so deleting by
        // descending id removes every reply before its parent: each row is
        // deleted by this statement (its search entry with it through the
        // delete trigger), none by the parent's cascade.
        std::vector<std::int64_t> subtree;
        {
            SqliteStatement select(impl_->db,
                                   "WITH RECURSIVE below(id) AS (SELECT ?1 UNION ALL SELECT m.id FROM messages m "
                                   "JOIN below b ON m.parent_id = b.id) "
                                   "SELECT m.id, m.status, m.writer_pid FROM messages m JOIN below b ON m.id = b.id "
                                   "ORDER BY m.id DESC");
            select.bind(1, message_id);
            while (select.step()) {
                const std::int64_t pid = select.column_int(2);
                const bool writing =
                    pid == impl_->own_pid || (pid != 0 && impl_->process_alive && impl_->process_alive(pid));
                if (select.column_text(1) == "streaming" && writing) {
                    throw HistoryError("message " + std::to_string(select.column_int(0)) +
                                       " is a reply still streaming; stop it before deleting message " +
                                       std::to_string(message_id));
                }
                subtree.push_back(select.column_int(0));
            }
        }
        SqliteStatement remove(impl_->db, "DELETE FROM messages WHERE id = ?");
        for (const auto id : subtree) {
            remove.bind(1, id).run();
        }
        std::optional<std::int64_t> leaf;
        {
            SqliteStatement current(impl_->db, "SELECT current_leaf_id FROM conversations WHERE id = ?");
            if (current.bind(1, conversation_id).step()) leaf = current.column_optional_int(0);
        }
        if (!leaf || std::find(subtree.begin(), subtree.end(), *leaf) != subtree.end()) {
            leaf = newest_leaf_below(impl_->db, conversation_id, parent);
        }
        SqliteStatement update(impl_->db,
                               "UPDATE conversations SET current_leaf_id = ?, message_count = message_count - ? "
                               "WHERE id = ?");
        update.bind(1, leaf).bind(2, static_cast<std::int64_t>(subtree.size())).bind(3, conversation_id).run();
        forget_deleted_text(impl_->db);
        transaction.commit();
    }
    return empty_log_after_delete(impl_->db);
}

std::vector<SearchHit> HistoryStore::search(const std::string& query, int limit) const {
    constexpr std::int64_t kRankWindow = 5000;
    const std::string match = fts_match_expression(query);
    std::lock_guard lock(impl_->mutex);
    index_search_backlog(impl_->db);
    // Rank inside the index first: joining before LIMIT would score rows
    // the caller never sees. A word found in hundreds of thousands of
    // messages would have every one of them scored; ranking only the most
    // recent kRankWindow matches keeps such searches fast, and for the rare
    // words people mostly search for changes nothing.
    SqliteStatement select(impl_->db,
                           "WITH hits AS (SELECT rowid AS id, snippet(message_search, 0, '[', ']', '…', 12) AS snip, "
                           "rank FROM message_search WHERE message_search MATCH ?1 AND rowid >= coalesce("
                           "(SELECT rowid FROM message_search WHERE message_search MATCH ?1 ORDER BY rowid DESC "
                           "LIMIT 1 OFFSET ?3), 0) ORDER BY rank LIMIT ?2) "
                           "SELECT m.id, m.conversation_id, c.title, m.role, hits.snip, hits.rank, m.created_at "
                           "FROM hits JOIN messages m ON m.id = hits.id JOIN conversations c ON c.id = m.conversation_id "
                           "ORDER BY hits.rank");
    select.bind(1, match).bind(2, static_cast<std::int64_t>(limit)).bind(3, kRankWindow - 1);
    std::vector<SearchHit> hits;
    while (select.step()) {
        SearchHit hit;
        hit.message_id = select.column_int(0);
        hit.conversation_id = select.column_int(1);
        hit.conversation_title = select.column_text(2);
        hit.role = select.column_text(3);
        hit.snippet = select.column_text(4);
        hit.score = select.column_double(5);
        hit.created_at = select.column_int(6);
        hits.push_back(std::move(hit));
    }
    return hits;
}

void HistoryStore::index_for_search() {
    std::lock_guard lock(impl_->mutex);
    index_search_backlog(impl_->db);
}

std::unique_ptr<HistoryImport> HistoryStore::begin_import() {
    return std::unique_ptr<HistoryImport>(new HistoryImport(*impl_));
}

struct HistoryImport::Statements {
    std::unique_lock<std::recursive_mutex> lock;
    WriteTransaction transaction;
    SqliteStatement exists;
    SqliteStatement conversation;
    SqliteStatement leaf;
    MessageWriter messages;
    std::int64_t last_id_before;

    explicit Statements(HistoryStore::Impl& store)
        : lock(store.mutex),
          transaction(store.db),
          exists(store.db, "SELECT 1 FROM conversations WHERE uuid = ?"),
          conversation(store.db,
                       "INSERT INTO conversations(uuid, title, created_at, updated_at, pinned, archived, provider, "
                       "model, system_prompt) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          leaf(store.db, "UPDATE conversations SET current_leaf_id = ?, message_count = ? WHERE id = ?"),
          messages(store.db),
          last_id_before(max_message_id(store.db)) {}

    static std::int64_t max_message_id(sqlite3* db) {
        SqliteStatement select(db, "SELECT coalesce(max(id), 0) FROM messages");
        select.step();
        return select.column_int(0);
    }
};

HistoryImport::HistoryImport(HistoryStore::Impl& store)
    : store_(store), statements_(std::make_unique<Statements>(store)) {}

HistoryImport::~HistoryImport() = default;

bool HistoryImport::add(const ImportedConversation& c) {
    auto& s = *statements_;
    s.exists.bind(1, c.uuid);
    const bool present = s.exists.step();
    s.exists.reset();
    if (present) return false;
    const auto now = HistoryStore::now_millis();
    s.conversation.bind(1, c.uuid).bind(2, c.title).bind(3, c.created_at ? c.created_at : now);
    s.conversation.bind(4, c.updated_at ? c.updated_at : now).bind(5, std::int64_t{c.pinned});
    s.conversation.bind(6, std::int64_t{c.archived}).bind(7, optional_text(c.provider));
    s.conversation.bind(8, optional_text(c.model)).bind(9, optional_text(c.system_prompt)).run();
    const std::int64_t conversation_id = sqlite3_last_insert_rowid(store_.db);
    std::vector<std::int64_t> ids;
    ids.reserve(c.messages.size());
    for (const auto& imported : c.messages) {
        MessageRecord m = imported.record;
        m.conversation_id = conversation_id;
        m.parent_id = imported.parent ? std::optional<std::int64_t>(ids.at(*imported.parent)) : std::nullopt;
        // A reply that was streaming when the archive was made never finishes.
        if (m.status == MessageStatus::streaming) m.status = MessageStatus::interrupted;
        ids.push_back(s.messages.write(m, imported.attachments, 0, now, false));
    }
    if (!ids.empty()) {
        s.leaf.bind(1, ids.at(c.current_leaf.value_or(ids.size() - 1)))
            .bind(2, static_cast<std::int64_t>(ids.size()))
            .bind(3, conversation_id)
            .run();
    }
    return true;
}

void HistoryImport::commit() {
    SqliteStatement index(store_.db,
                          "INSERT INTO message_search(rowid, content) SELECT id, content FROM messages WHERE id > ?");
    index.bind(1, statements_->last_id_before).run();
    statements_->transaction.commit();
}

}  // namespace parley
