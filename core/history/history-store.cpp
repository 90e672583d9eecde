#include "history/history-store.h"

#include "history/schema-migrations.h"
#include "history/sqlite-statement.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <Poco/Timestamp.h>

#include <sqlite3.h>

#include <mutex>

namespace parley {

namespace {

constexpr const char* kMessageColumns =
    "id, conversation_id, parent_id, role, content, reasoning, status, provider, model, input_tokens, "
    "output_tokens, finish_reason, cost_usd, error, created_at";

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
    std::call_once(once, [] { Poco::Data::SQLite::Connector::registerConnector(); });
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
    // A second process (desktop app + CLI) waits for the lock instead of
    // failing; every write transaction is short.
    sqlite3_busy_timeout(impl_->db, 15000);
    exec_sql(impl_->db, "PRAGMA journal_mode = WAL");
    exec_sql(impl_->db, "PRAGMA synchronous = NORMAL");
    exec_sql(impl_->db, "PRAGMA foreign_keys = ON");
    // Deleted conversations are overwritten on disk, not left in free pages.
    exec_sql(impl_->db, "PRAGMA secure_delete = ON");
    migrate_schema(impl_->db);
    recover_interrupted();
}

HistoryStore::~HistoryStore() = default;

int HistoryStore::recover_interrupted() {
    std::lock_guard lock(impl_->mutex);
    std::vector<std::pair<std::int64_t, std::int64_t>> streaming;
    {
        SqliteStatement select(impl_->db, "SELECT id, writer_pid FROM messages WHERE status = 'streaming'");
        while (select.step()) streaming.emplace_back(select.column_int(0), select.column_int(1));
    }
    int recovered = 0;
    for (const auto& [id, pid] : streaming) {
        if (pid == impl_->own_pid || (pid != 0 && impl_->process_alive && impl_->process_alive(pid))) continue;
        SqliteStatement update(impl_->db,
                               "UPDATE messages SET status = 'interrupted', "
                               "error = 'the app stopped before the reply was complete' "
                               "WHERE id = ? AND status = 'streaming'");
        update.bind(1, id).run();
        ++recovered;
    }
    return recovered;
}

std::int64_t HistoryStore::create_conversation(const std::string& title, const std::string& provider,
                                               const std::string& model, const std::string& system_prompt) {
    std::lock_guard lock(impl_->mutex);
    const auto now = now_millis();
    SqliteStatement insert(impl_->db,
                           "INSERT INTO conversations(title, created_at, updated_at, provider, model, system_prompt) "
                           "VALUES(?, ?, ?, ?, ?, ?)");
    insert.bind(1, title).bind(2, now).bind(3, now).bind(4, optional_text(provider)).bind(5, optional_text(model));
    insert.bind(6, optional_text(system_prompt)).run();
    return sqlite3_last_insert_rowid(impl_->db);
}

std::int64_t HistoryStore::add_message(const MessageRecord& m) {
    std::lock_guard lock(impl_->mutex);
    WriteTransaction transaction(impl_->db);
    SqliteStatement insert(impl_->db,
                           "INSERT INTO messages(conversation_id, parent_id, role, content, reasoning, status, "
                           "provider, model, input_tokens, output_tokens, finish_reason, cost_usd, error, "
                           "created_at, writer_pid) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, m.conversation_id).bind(2, m.parent_id).bind(3, m.role).bind(4, m.content).bind(5, m.reasoning);
    insert.bind(6, std::string_view(to_string(m.status))).bind(7, optional_text(m.provider));
    insert.bind(8, optional_text(m.model)).bind(9, m.input_tokens).bind(10, m.output_tokens);
    insert.bind(11, optional_text(m.finish_reason));
    if (m.cost_usd) {
        insert.bind(12, *m.cost_usd);
    } else {
        insert.bind_null(12);
    }
    insert.bind(13, optional_text(m.error)).bind(14, m.created_at ? m.created_at : now_millis());
    insert.bind(15, impl_->own_pid).run();
    const std::int64_t id = sqlite3_last_insert_rowid(impl_->db);
    SqliteStatement leaf(impl_->db, "UPDATE conversations SET current_leaf_id = ?, updated_at = ? WHERE id = ?");
    leaf.bind(1, id).bind(2, now_millis()).bind(3, m.conversation_id).run();
    transaction.commit();
    return id;
}

void HistoryStore::update_reply_text(std::int64_t message_id, const std::string& content,
                                     const std::string& reasoning) {
    std::lock_guard lock(impl_->mutex);
    SqliteStatement update(impl_->db, "UPDATE messages SET content = ?, reasoning = ? WHERE id = ?");
    update.bind(1, content).bind(2, reasoning).bind(3, message_id).run();
}

void HistoryStore::finish_reply(const MessageRecord& m) {
    std::lock_guard lock(impl_->mutex);
    WriteTransaction transaction(impl_->db);
    SqliteStatement update(impl_->db,
                           "UPDATE messages SET content = ?, reasoning = ?, status = ?, input_tokens = ?, "
                           "output_tokens = ?, finish_reason = ?, cost_usd = ?, error = ?, model = ? WHERE id = ?");
    update.bind(1, m.content).bind(2, m.reasoning).bind(3, std::string_view(to_string(m.status)));
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
                           "SELECT c.id, c.title, c.created_at, c.updated_at, c.pinned, c.archived, "
                           "(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) "
                           "FROM conversations c ORDER BY c.pinned DESC, c.updated_at DESC, c.id DESC");
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
                           "system_prompt, current_leaf_id FROM conversations WHERE id = ?");
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
    SqliteStatement messages(impl_->db, std::string("SELECT ") + kMessageColumns +
                                            " FROM messages WHERE conversation_id = ? ORDER BY id");
    messages.bind(1, id);
    while (messages.step()) c.messages.push_back(read_message(messages));
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
                                          kMessageColumns +
                                          " FROM messages WHERE id IN (SELECT id FROM branch) ORDER BY id");
    select.bind(1, conversation_id);
    std::vector<MessageRecord> out;
    while (select.step()) out.push_back(read_message(select));
    return out;
}

std::optional<std::int64_t> HistoryStore::most_recent_conversation() const {
    std::lock_guard lock(impl_->mutex);
    SqliteStatement select(impl_->db, "SELECT id FROM conversations ORDER BY updated_at DESC, id DESC LIMIT 1");
    if (!select.step()) return std::nullopt;
    return select.column_int(0);
}

bool HistoryStore::delete_conversation(std::int64_t id) {
    std::lock_guard lock(impl_->mutex);
    WriteTransaction transaction(impl_->db);
    SqliteStatement remove(impl_->db, "DELETE FROM conversations WHERE id = ?");
    remove.bind(1, id).run();
    const bool removed = sqlite3_changes(impl_->db) > 0;
    transaction.commit();
    return removed;
}

}  // namespace parley
