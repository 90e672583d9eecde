#include "history/sqlite-statement.h"

#include "file-ops.h"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <thread>

namespace parley {

namespace {

// A full disk is the user's to fix, so it is named as such. SQLite reports
// ENOSPC as SQLITE_FULL only when a database or journal write falls short;
// a -shm or WAL file that cannot be grown on a full filesystem comes back as
// an I/O error, whose OS error still says the disk is full (ENOSPC, EDQUOT;
// ERROR_DISK_FULL on Windows). A file-size limit (EFBIG) is only a failed
// write; once a write failed, the connection answers later statements with a
// plain I/O error until it recovers, the OS error kept.
const char* write_failure_hint(sqlite3* db) {
    const int code = sqlite3_extended_errcode(db);
    const int os_error = sqlite3_system_errno(db);
    if ((code & 0xff) == SQLITE_FULL || file_ops::is_disk_full_error(os_error)) return "the disk is full";
    if (code == SQLITE_IOERR_WRITE || code == SQLITE_IOERR_SHMOPEN || code == SQLITE_IOERR_SHMSIZE ||
        code == SQLITE_IOERR_FSYNC || os_error == EFBIG) {
        return "the disk refused a write (is it full?)";
    }
    return nullptr;
}

// SQLite binds a null pointer as NULL: an empty view without data (one that
// never pointed anywhere) is still empty text.
const char* text_data(std::string_view text) { return text.data() != nullptr ? text.data() : ""; }

}  // namespace

HistoryError database_error(sqlite3* db, std::string_view context) {
    std::string message = "history database: ";
    if (!context.empty()) message.append(context).append(": ");
    message += sqlite3_errmsg(db);
    if (const char* hint = write_failure_hint(db)) {
        message.append(": ").append(hint).append("; what was saved before is intact");
    }
    return HistoryError(message);
}

SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr) != SQLITE_OK) {
        throw database_error(db_, "cannot prepare statement");
    }
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept : db_(other.db_), statement_(other.statement_) {
    other.statement_ = nullptr;
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
    sqlite3_bind_double(statement_, index, value);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
    sqlite3_bind_text64(statement_, index, text_data(text), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

SqliteStatement& SqliteStatement::bind_in_place(int index, std::string_view text) {
    sqlite3_bind_text64(statement_, index, text_data(text), text.size(), SQLITE_STATIC, SQLITE_UTF8);
    return *this;
}

SqliteStatement& SqliteStatement::bind_in_place(int index, const std::string& text) {
    // A length of -1 has SQLite find the NUL itself, and so know the text is
    // terminated. Text with a NUL inside is bound by its length.
    if (text.size() < static_cast<std::size_t>(INT_MAX) && text.find('\0') == std::string::npos) {
        sqlite3_bind_text(statement_, index, text.c_str(), -1, SQLITE_STATIC);
        return *this;
    }
    return bind_in_place(index, std::string_view(text));
}

SqliteStatement& SqliteStatement::bind(int index, const std::optional<std::int64_t>& value) {
    return value ? bind(index, *value) : bind_null(index);
}

SqliteStatement& SqliteStatement::bind(int index, const std::optional<std::string>& value) {
    return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

SqliteStatement& SqliteStatement::bind(int index, const std::optional<bool>& value) {
    return value ? bind(index, std::int64_t{*value}) : bind_null(index);
}

SqliteStatement& SqliteStatement::bind_blob(int index, std::string_view bytes) {
    sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    return *this;
}

SqliteStatement& SqliteStatement::bind_null(int index) {
    sqlite3_bind_null(statement_, index);
    return *this;
}

bool SqliteStatement::step() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    HistoryError error = database_error(db_);
    sqlite3_reset(statement_);
    throw error;
}

void SqliteStatement::run() {
    while (step()) {
    }
    reset();
}

void SqliteStatement::reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

std::int64_t SqliteStatement::column_int(int index) const {
    return sqlite3_column_int64(statement_, index);
}

double SqliteStatement::column_double(int index) const {
    return sqlite3_column_double(statement_, index);
}

std::string SqliteStatement::column_text(int index) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, index));
    if (!text) return {};
    return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement_, index)));
}

std::string SqliteStatement::column_blob(int index) const {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement_, index));
    if (!bytes) return {};
    return std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement_, index)));
}

bool SqliteStatement::column_is_null(int index) const {
    return sqlite3_column_type(statement_, index) == SQLITE_NULL;
}

std::optional<std::int64_t> SqliteStatement::column_optional_int(int index) const {
    if (column_is_null(index)) return std::nullopt;
    return column_int(index);
}

void exec_sql(sqlite3* db, std::string_view sql) {
    if (sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) throw database_error(db);
}

void enter_wal_mode(sqlite3* db, std::chrono::milliseconds patience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    auto pause = std::chrono::milliseconds(1);
    while (true) {
        const int rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK) return;
        if ((rc & 0xFF) != SQLITE_BUSY || std::chrono::steady_clock::now() > deadline) throw database_error(db);
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(50));
    }
}

WriteTransaction::WriteTransaction(sqlite3* db) : db_(db) {
    exec_sql(db_, "BEGIN IMMEDIATE");
}

WriteTransaction::~WriteTransaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void WriteTransaction::commit() {
    exec_sql(db_, "COMMIT");
    done_ = true;
}

}  // namespace parley
