#pragma once

#include "history/history-types.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace parley {

// One prepared statement on a connection that Poco Data opened. Kept thin on
// purpose: history writes happen on every streamed flush and imports insert
// a million rows, so statements are prepared once and reused.
class SqliteStatement {
public:
    SqliteStatement(sqlite3* db, std::string_view sql);
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&&) = delete;
    ~SqliteStatement();

    SqliteStatement& bind(int index, std::int64_t value);
    SqliteStatement& bind(int index, double value);
    SqliteStatement& bind(int index, std::string_view text);
    SqliteStatement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    SqliteStatement& bind(int index, const std::optional<std::int64_t>& value);
    SqliteStatement& bind(int index, const std::optional<std::string>& value);
    SqliteStatement& bind(int index, const std::optional<bool>& value);
    // Binds a long text without copying it: SQLite reads `text` in place
    // until the statement is run or reset, so it must not change meanwhile.
    SqliteStatement& bind_in_place(int index, std::string_view text);
    // The same, telling SQLite the text is NUL-terminated, as a std::string
    // is: a full-text index then reads it without a terminated copy.
    SqliteStatement& bind_in_place(int index, const std::string& text);
    SqliteStatement& bind_blob(int index, std::string_view bytes);
    SqliteStatement& bind_null(int index);

    // Advances to the next row; false when done.
    bool step();
    // Runs a statement that returns no rows, then resets it for reuse.
    void run();
    void reset();

    std::int64_t column_int(int index) const;
    double column_double(int index) const;
    std::string column_text(int index) const;
    std::string column_blob(int index) const;
    bool column_is_null(int index) const;
    std::optional<std::int64_t> column_optional_int(int index) const;

private:
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
};

void exec_sql(sqlite3* db, std::string_view sql);

// Switches a database to write-ahead logging. A new file needs to itself for
// that moment, and SQLite answers "busy" at once there rather than call the
// busy handler: several processes creating the file together (two windows
// started at once, a chat beside an import) wait up to `patience` instead.
void enter_wal_mode(sqlite3* db, std::chrono::milliseconds patience);

// The connection's last error, with what was being done and, for a full
// disk, what the user can do about it.
HistoryError database_error(sqlite3* db, std::string_view context = {});

// BEGIN IMMEDIATE ... COMMIT, rolled back if not committed. IMMEDIATE takes
// the write lock up front, so a second process waits in the busy handler
// instead of failing with "database is locked" on lock upgrade.
class WriteTransaction {
public:
    explicit WriteTransaction(sqlite3* db);
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    ~WriteTransaction();
    void commit();

private:
    sqlite3* db_;
    bool done_ = false;
};

}  // namespace parley
