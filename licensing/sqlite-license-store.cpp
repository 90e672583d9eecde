#include "sqlite-license-store.h"

#include "history/sqlite-statement.h"

#include <sqlite3.h>

#include <mutex>

namespace parley::licensing {

namespace {

// How long a connection waits for another process's lock.
constexpr int kBusyPatienceMs = 10000;

// Each step brings the schema from version N to N+1; PRAGMA user_version
// holds N. New tables (releases) are new steps, never edits of old ones.
constexpr const char* kMigrations[] = {
    R"sql(
    CREATE TABLE licenses (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        edition TEXT NOT NULL,
        seats INTEGER NOT NULL CHECK (seats > 0),
        expires TEXT,
        updates_until TEXT,
        revoked INTEGER NOT NULL DEFAULT 0,
        created INTEGER NOT NULL
    );
    CREATE TABLE machines (
        license_id INTEGER NOT NULL REFERENCES licenses(id),
        fingerprint TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        released INTEGER NOT NULL DEFAULT 0,
        app_version TEXT NOT NULL DEFAULT '',
        platform TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (license_id, fingerprint)
    );
    )sql",
    R"sql(
    CREATE TABLE releases (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        version TEXT NOT NULL,
        serial INTEGER NOT NULL,
        manifest BLOB NOT NULL,
        signature TEXT NOT NULL,
        published INTEGER NOT NULL,
        UNIQUE (channel, serial)
    );
    )sql",
    // Every validation counts the license's seated machines: from this index
    // alone, without reading each machine's row.
    R"sql(
    CREATE INDEX machines_seated ON machines (license_id, released, last_seen);
    )sql",
};

constexpr const char* kLicenseColumns = "id, key, edition, seats, expires, updates_until, revoked, created";

std::optional<std::string> optional_text(const SqliteStatement& statement, int index) {
    if (statement.column_is_null(index)) return std::nullopt;
    return statement.column_text(index);
}

LicenseRecord read_license(const SqliteStatement& statement) {
    LicenseRecord license;
    license.id = statement.column_int(0);
    license.key = statement.column_text(1);
    license.edition = statement.column_text(2);
    license.seats = static_cast<int>(statement.column_int(3));
    license.expires = optional_text(statement, 4);
    license.updates_until = optional_text(statement, 5);
    license.revoked = statement.column_int(6) != 0;
    license.created = statement.column_int(7);
    return license;
}

MachineRecord read_machine(const SqliteStatement& statement) {
    MachineRecord machine;
    machine.fingerprint = statement.column_text(0);
    machine.first_seen = statement.column_int(1);
    machine.last_seen = statement.column_int(2);
    machine.released = statement.column_int(3) != 0;
    machine.app_version = statement.column_text(4);
    machine.platform = statement.column_text(5);
    return machine;
}

std::optional<LicenseRecord> find_license_with(SqliteStatement& select, const std::string& key) {
    select.bind(1, key);
    std::optional<LicenseRecord> license;
    if (select.step()) license = read_license(select);
    select.reset();
    return license;
}

enum Prepared {
    kFindLicense,
    kFindMachine,
    kCountSeated,
    kSeatMachine,
    kReleaseMachine,
    kBeginWrite,
    kBeginRead,
    kCommit,
    kRollback,
};

// The statements of a seat decision, prepared once per connection rather
// than parsed again for every request; indexed by Prepared.
std::vector<SqliteStatement> prepare_seat_statements(sqlite3* db) {
    std::vector<SqliteStatement> statements;
    statements.emplace_back(db, std::string("SELECT ") + kLicenseColumns + " FROM licenses WHERE key = ?");
    statements.emplace_back(db,
                            "SELECT fingerprint, first_seen, last_seen, released, app_version, platform "
                            "FROM machines WHERE license_id = ? AND fingerprint = ?");
    statements.emplace_back(db,
                            "SELECT COUNT(*) FROM machines WHERE license_id = ? AND released = 0 AND last_seen >= ?");
    statements.emplace_back(db,
                            "INSERT INTO machines (license_id, fingerprint, first_seen, last_seen, released, "
                            "app_version, platform) VALUES (?, ?, ?, ?, 0, ?, ?) "
                            "ON CONFLICT (license_id, fingerprint) DO UPDATE SET last_seen = excluded.last_seen, "
                            "released = 0, app_version = excluded.app_version, platform = excluded.platform");
    statements.emplace_back(db, "UPDATE machines SET released = 1 WHERE license_id = ? AND fingerprint = ?");
    // IMMEDIATE takes the write lock up front (as WriteTransaction does), so
    // another process waits in the busy handler rather than failing on a
    // lock upgrade; a read-only snapshot takes no write lock at all.
    statements.emplace_back(db, "BEGIN IMMEDIATE");
    statements.emplace_back(db, "BEGIN");
    statements.emplace_back(db, "COMMIT");
    statements.emplace_back(db, "ROLLBACK");
    return statements;
}

// A connection that only reads, for read-only snapshots.
struct ReaderConnection {
    sqlite3* db = nullptr;
    std::vector<SqliteStatement> statements;

    ReaderConnection() = default;
    ReaderConnection(const ReaderConnection&) = delete;
    ReaderConnection& operator=(const ReaderConnection&) = delete;
    ~ReaderConnection() {
        statements.clear();
        sqlite3_close(db);
    }
};

class SqliteLicenseStore;

class SqliteSeatTransaction : public SeatTransaction {
public:
    // A write transaction on the store's one writing connection, whose lock
    // it holds until destroyed.
    SqliteSeatTransaction(SqliteLicenseStore& store, std::unique_lock<std::mutex> lock);
    // A read-only snapshot on a reader connection, given back when destroyed.
    SqliteSeatTransaction(SqliteLicenseStore& store, std::unique_ptr<ReaderConnection> reader);
    std::optional<LicenseRecord> lock_license(const std::string& key) override;
    std::optional<MachineRecord> find_machine(std::int64_t license_id, const std::string& fingerprint) override;
    int count_seated(std::int64_t license_id, std::int64_t seen_since) override;
    void seat_machine(std::int64_t license_id, const MachineRecord& machine) override;
    void release_machine(std::int64_t license_id, const std::string& fingerprint) override;
    void commit() override;

    ~SqliteSeatTransaction() override;

private:
    SqliteStatement& statement(Prepared which) { return (*statements_)[which]; }
    void require_writable() const;

    SqliteLicenseStore& store_;
    std::unique_lock<std::mutex> lock_;
    std::unique_ptr<ReaderConnection> reader_;
    std::vector<SqliteStatement>* statements_;
    bool done_ = false;
};

class SqliteLicenseStore : public LicenseStore {
public:
    explicit SqliteLicenseStore(const std::filesystem::path& file) : file_(file) {
        if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK) {
            const std::string reason = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw StoreError("license store " + file.string() + ": cannot open: " + reason);
        }
        guarded("open", [&] {
            sqlite3_busy_timeout(db_, kBusyPatienceMs);
            enter_wal_mode(db_, std::chrono::milliseconds(kBusyPatienceMs));
            // NORMAL is durable in WAL mode except for the last commits before a
            // power cut: at worst a machine's last_seen is a moment older.
            exec_sql(db_, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON");
            migrate();
            statements_ = prepare_seat_statements(db_);
        });
    }

    ~SqliteLicenseStore() override {
        idle_readers_.clear();
        statements_.clear();
        sqlite3_close(db_);
    }

    std::unique_ptr<SeatTransaction> begin() override {
        std::unique_lock lock(mutex_);
        return guarded("begin", [&] { return std::make_unique<SqliteSeatTransaction>(*this, std::move(lock)); });
    }

    // WAL mode lets readers on their own connections go on while the writer
    // writes, so a snapshot waits neither for the store's lock nor for a
    // seat decision in progress.
    std::unique_ptr<SeatTransaction> begin_read() override {
        std::unique_ptr<ReaderConnection> reader;
        {
            std::lock_guard lock(readers_mutex_);
            if (!idle_readers_.empty()) {
                reader = std::move(idle_readers_.back());
                idle_readers_.pop_back();
            }
        }
        return guarded("begin snapshot", [&] {
            if (!reader) reader = open_reader();
            return std::make_unique<SqliteSeatTransaction>(*this, std::move(reader));
        });
    }

    void create_license(LicenseRecord& license) override {
        std::lock_guard lock(mutex_);
        guarded("create license", [&] {
            if (find_license_unlocked(license.key)) throw StoreError("license store: that key exists already");
            SqliteStatement insert(db_,
                                   "INSERT INTO licenses (key, edition, seats, expires, updates_until, revoked, "
                                   "created) VALUES (?, ?, ?, ?, ?, 0, ?)");
            insert.bind(1, license.key)
                .bind(2, license.edition)
                .bind(3, std::int64_t{license.seats})
                .bind(4, license.expires)
                .bind(5, license.updates_until)
                .bind(6, license.created);
            insert.run();
            license.id = sqlite3_last_insert_rowid(db_);
        });
    }

    std::vector<LicenseRecord> list_licenses() override {
        std::lock_guard lock(mutex_);
        return guarded("list licenses", [&] {
            SqliteStatement select(db_, std::string("SELECT ") + kLicenseColumns + " FROM licenses ORDER BY id");
            std::vector<LicenseRecord> licenses;
            while (select.step()) licenses.push_back(read_license(select));
            return licenses;
        });
    }

    std::optional<LicenseRecord> find_license(const std::string& key) override {
        std::lock_guard lock(mutex_);
        return guarded("find license", [&] { return find_license_unlocked(key); });
    }

    bool revoke_license(const std::string& key) override {
        std::lock_guard lock(mutex_);
        return guarded("revoke license", [&] {
            SqliteStatement update(db_, "UPDATE licenses SET revoked = 1 WHERE key = ?");
            update.bind(1, key).run();
            return sqlite3_changes(db_) > 0;
        });
    }

    std::vector<MachineRecord> list_machines(std::int64_t license_id) override {
        std::lock_guard lock(mutex_);
        return guarded("list machines", [&] {
            SqliteStatement select(db_,
                                   "SELECT fingerprint, first_seen, last_seen, released, app_version, platform "
                                   "FROM machines WHERE license_id = ? ORDER BY first_seen, fingerprint");
            select.bind(1, license_id);
            std::vector<MachineRecord> machines;
            while (select.step()) machines.push_back(read_machine(select));
            return machines;
        });
    }

    void publish_release(const ReleaseRecord& release) override {
        std::lock_guard lock(mutex_);
        guarded("publish release", [&] {
            SqliteStatement existing(db_, "SELECT 1 FROM releases WHERE channel = ? AND serial = ?");
            existing.bind(1, release.channel).bind(2, static_cast<std::int64_t>(release.serial));
            if (existing.step()) {
                throw StoreError("license store: channel " + release.channel + " has a release with serial " +
                                 std::to_string(release.serial) + " already");
            }
            SqliteStatement insert(db_,
                                   "INSERT INTO releases (channel, version, serial, manifest, signature, published) "
                                   "VALUES (?, ?, ?, ?, ?, ?)");
            insert.bind(1, release.channel)
                .bind(2, release.version)
                .bind(3, static_cast<std::int64_t>(release.serial))
                .bind_blob(4, release.manifest)
                .bind(5, release.signature)
                .bind(6, release.published);
            insert.run();
        });
    }

    std::vector<ReleaseRecord> list_releases() override {
        std::lock_guard lock(mutex_);
        return guarded("list releases", [&] {
            SqliteStatement select(
                db_, "SELECT channel, version, serial, manifest, signature, published FROM releases ORDER BY id");
            std::vector<ReleaseRecord> releases;
            while (select.step()) {
                releases.push_back({select.column_text(0), select.column_text(1),
                                    static_cast<std::uint64_t>(select.column_int(2)), select.column_blob(3),
                                    select.column_text(4), select.column_int(5)});
            }
            return releases;
        });
    }

private:
    friend class SqliteSeatTransaction;

    // The SQLite helpers report errors as the history database's; here they
    // are the license store's, named by its file.
    template <typename F>
    auto guarded(const char* what, F&& work) -> decltype(work()) {
        try {
            return work();
        } catch (const HistoryError& error) {
            std::string reason = error.what();
            const std::string prefix = "history database: ";
            if (reason.starts_with(prefix)) reason.erase(0, prefix.size());
            throw StoreError("license store " + file_.string() + ": " + what + ": " + reason);
        }
    }

    std::size_t schema_version() {
        SqliteStatement version_query(db_, "PRAGMA user_version");
        version_query.step();
        const auto version = static_cast<std::size_t>(version_query.column_int(0));
        constexpr std::size_t latest = std::size(kMigrations);
        if (version > latest) {
            throw StoreError("license store " + file_.string() + ": schema version " + std::to_string(version) +
                             " is newer than this parley-licensing understands");
        }
        return version;
    }

    void migrate() {
        constexpr std::size_t latest = std::size(kMigrations);
        if (schema_version() == latest) return;
        // Each step reads the version again under the write lock: two
        // processes opening a new store at once must not both run a step.
        for (;;) {
            WriteTransaction transaction(db_);
            const std::size_t step = schema_version();
            if (step == latest) return;
            exec_sql(db_, kMigrations[step]);
            exec_sql(db_, "PRAGMA user_version = " + std::to_string(step + 1));
            transaction.commit();
        }
    }

    std::unique_ptr<ReaderConnection> open_reader() {
        auto reader = std::make_unique<ReaderConnection>();
        if (sqlite3_open_v2(file_.c_str(), &reader->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
            SQLITE_OK) {
            throw StoreError("license store " + file_.string() +
                             ": cannot open: " + (reader->db ? sqlite3_errmsg(reader->db) : "out of memory"));
        }
        sqlite3_busy_timeout(reader->db, kBusyPatienceMs);
        reader->statements = prepare_seat_statements(reader->db);
        return reader;
    }

    void give_back(std::unique_ptr<ReaderConnection> reader) {
        std::lock_guard lock(readers_mutex_);
        idle_readers_.push_back(std::move(reader));
    }

    SqliteStatement& statement(Prepared which) { return statements_[which]; }

    std::optional<LicenseRecord> find_license_unlocked(const std::string& key) {
        return find_license_with(statement(kFindLicense), key);
    }

    std::filesystem::path file_;
    sqlite3* db_ = nullptr;
    // One connection, one writer at a time: seat decisions are short, and
    // SQLite serialises writers anyway.
    std::mutex mutex_;
    std::vector<SqliteStatement> statements_;
    // As many as requests have read at once; each is used by one at a time.
    std::mutex readers_mutex_;
    std::vector<std::unique_ptr<ReaderConnection>> idle_readers_;
};

SqliteSeatTransaction::SqliteSeatTransaction(SqliteLicenseStore& store, std::unique_lock<std::mutex> lock)
    : store_(store), lock_(std::move(lock)), statements_(&store.statements_) {
    statement(kBeginWrite).run();
}

SqliteSeatTransaction::SqliteSeatTransaction(SqliteLicenseStore& store, std::unique_ptr<ReaderConnection> reader)
    : store_(store), reader_(std::move(reader)), statements_(&reader_->statements) {
    try {
        statement(kBeginRead).run();
    } catch (...) {
        store_.give_back(std::move(reader_));
        throw;
    }
}

SqliteSeatTransaction::~SqliteSeatTransaction() {
    if (!done_) {
        try {
            statement(kRollback).run();
        } catch (const HistoryError&) {
            // After some errors SQLite has ended the transaction itself; nothing is left to undo.
        }
    }
    if (reader_) store_.give_back(std::move(reader_));
}

void SqliteSeatTransaction::require_writable() const {
    if (reader_) throw std::logic_error("a read-only snapshot of the license store cannot write");
}

std::optional<LicenseRecord> SqliteSeatTransaction::lock_license(const std::string& key) {
    return store_.guarded("read license", [&] { return find_license_with(statement(kFindLicense), key); });
}

std::optional<MachineRecord> SqliteSeatTransaction::find_machine(std::int64_t license_id,
                                                                 const std::string& fingerprint) {
    return store_.guarded("read machine", [&] {
        SqliteStatement& select = statement(kFindMachine);
        select.bind(1, license_id).bind(2, fingerprint);
        std::optional<MachineRecord> machine;
        if (select.step()) machine = read_machine(select);
        select.reset();
        return machine;
    });
}

int SqliteSeatTransaction::count_seated(std::int64_t license_id, std::int64_t seen_since) {
    return store_.guarded("count seats", [&] {
        SqliteStatement& count = statement(kCountSeated);
        count.bind(1, license_id).bind(2, seen_since);
        count.step();
        const auto seated = static_cast<int>(count.column_int(0));
        count.reset();
        return seated;
    });
}

void SqliteSeatTransaction::seat_machine(std::int64_t license_id, const MachineRecord& machine) {
    require_writable();
    store_.guarded("seat machine", [&] {
        statement(kSeatMachine)
            .bind(1, license_id)
            .bind(2, machine.fingerprint)
            .bind(3, machine.first_seen)
            .bind(4, machine.last_seen)
            .bind(5, machine.app_version)
            .bind(6, machine.platform)
            .run();
    });
}

void SqliteSeatTransaction::release_machine(std::int64_t license_id, const std::string& fingerprint) {
    require_writable();
    store_.guarded("release machine",
                   [&] { statement(kReleaseMachine).bind(1, license_id).bind(2, fingerprint).run(); });
}

void SqliteSeatTransaction::commit() {
    store_.guarded("commit", [&] { statement(kCommit).run(); });
    done_ = true;
}

}  // namespace

std::unique_ptr<LicenseStore> open_sqlite_license_store(const std::filesystem::path& file) {
    return std::make_unique<SqliteLicenseStore>(file);
}

}  // namespace parley::licensing
