#include "postgres-license-store.h"

#include <libpq-fe.h>

#include <condition_variable>
#include <mutex>
#include <vector>

namespace parley::licensing {

namespace {

// As in the SQLite store: step N brings the schema from version N to N+1.
constexpr const char* kMigrations[] = {
    R"sql(
    CREATE TABLE licenses (
        id BIGSERIAL PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        edition TEXT NOT NULL,
        seats INTEGER NOT NULL CHECK (seats > 0),
        expires TEXT,
        updates_until TEXT,
        revoked INTEGER NOT NULL DEFAULT 0,
        created BIGINT NOT NULL
    );
    CREATE TABLE machines (
        license_id BIGINT NOT NULL REFERENCES licenses(id),
        fingerprint TEXT NOT NULL,
        first_seen BIGINT NOT NULL,
        last_seen BIGINT NOT NULL,
        released INTEGER NOT NULL DEFAULT 0,
        app_version TEXT NOT NULL DEFAULT '',
        platform TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (license_id, fingerprint)
    );
    )sql",
    R"sql(
    CREATE TABLE releases (
        id BIGSERIAL PRIMARY KEY,
        channel TEXT NOT NULL,
        version TEXT NOT NULL,
        serial BIGINT NOT NULL,
        manifest TEXT NOT NULL,
        signature TEXT NOT NULL,
        published BIGINT NOT NULL,
        UNIQUE (channel, serial)
    );
    )sql",
    R"sql(
    CREATE INDEX machines_seated ON machines (license_id, released, last_seen);
    )sql",
};

// Any constant will do; it only has to be the same in every instance.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7043011)";

constexpr const char* kLicenseColumns = "id, key, edition, seats, expires, updates_until, revoked, created";
constexpr const char* kMachineColumns = "fingerprint, first_seen, last_seen, released, app_version, platform";

// Enough for a few busy request threads; the rest wait their turn.
constexpr std::size_t kPoolSize = 8;

StoreError postgres_error(const char* what, const std::string& reason) {
    std::string message = "license store (PostgreSQL): ";
    message.append(what).append(": ").append(reason);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return StoreError(message);
}

class Result {
public:
    explicit Result(PGresult* result) : result_(result, &PQclear) {}
    PGresult* get() const { return result_.get(); }
    int rows() const { return PQntuples(result_.get()); }
    std::string text(int row, int column) const { return PQgetvalue(result_.get(), row, column); }
    std::optional<std::string> optional_text(int row, int column) const {
        if (PQgetisnull(result_.get(), row, column)) return std::nullopt;
        return text(row, column);
    }
    std::int64_t integer(int row, int column) const { return std::stoll(text(row, column)); }
    std::int64_t affected() const { return std::stoll(PQcmdTuples(result_.get())); }

private:
    std::unique_ptr<PGresult, decltype(&PQclear)> result_;
};

using Parameter = std::optional<std::string>;

Result checked(PGconn* connection, PGresult* raw, const char* what) {
    Result result(raw);
    const ExecStatusType status = PQresultStatus(raw);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        throw postgres_error(what, raw ? PQresultErrorMessage(raw) : PQerrorMessage(connection));
    }
    return result;
}

Result exec(PGconn* connection, const char* what, const std::string& sql, const std::vector<Parameter>& parameters) {
    std::vector<const char*> values;
    values.reserve(parameters.size());
    for (const auto& parameter : parameters) values.push_back(parameter ? parameter->c_str() : nullptr);
    return checked(connection,
                   PQexecParams(connection, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                nullptr, nullptr, 0),
                   what);
}

Result exec(PGconn* connection, const char* what, const std::string& sql) {
    return checked(connection, PQexec(connection, sql.c_str()), what);
}

LicenseRecord read_license(const Result& result, int row) {
    LicenseRecord license;
    license.id = result.integer(row, 0);
    license.key = result.text(row, 1);
    license.edition = result.text(row, 2);
    license.seats = static_cast<int>(result.integer(row, 3));
    license.expires = result.optional_text(row, 4);
    license.updates_until = result.optional_text(row, 5);
    license.revoked = result.integer(row, 6) != 0;
    license.created = result.integer(row, 7);
    return license;
}

MachineRecord read_machine(const Result& result, int row) {
    MachineRecord machine;
    machine.fingerprint = result.text(row, 0);
    machine.first_seen = result.integer(row, 1);
    machine.last_seen = result.integer(row, 2);
    machine.released = result.integer(row, 3) != 0;
    machine.app_version = result.text(row, 4);
    machine.platform = result.text(row, 5);
    return machine;
}

std::string number(std::int64_t value) {
    return std::to_string(value);
}

class ConnectionPool {
public:
    explicit ConnectionPool(std::string url) : url_(std::move(url)) {}
    ~ConnectionPool() {
        for (PGconn* connection : idle_) PQfinish(connection);
    }

    PGconn* acquire() {
        std::unique_lock lock(mutex_);
        available_.wait(lock, [&] { return !idle_.empty() || open_ < kPoolSize; });
        if (!idle_.empty()) {
            PGconn* connection = idle_.back();
            idle_.pop_back();
            return connection;
        }
        ++open_;
        lock.unlock();
        PGconn* connection = PQconnectdb(url_.c_str());
        if (PQstatus(connection) != CONNECTION_OK) {
            const std::string reason = connection ? PQerrorMessage(connection) : "out of memory";
            PQfinish(connection);
            discard();
            throw postgres_error("cannot connect", reason);
        }
        return connection;
    }

    void give_back(PGconn* connection) {
        // A connection that broke (the server restarted, say) is not reused.
        if (PQstatus(connection) != CONNECTION_OK || PQtransactionStatus(connection) != PQTRANS_IDLE) {
            PQfinish(connection);
            discard();
            return;
        }
        std::lock_guard lock(mutex_);
        idle_.push_back(connection);
        available_.notify_one();
    }

private:
    void discard() {
        std::lock_guard lock(mutex_);
        --open_;
        available_.notify_one();
    }

    std::string url_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<PGconn*> idle_;
    std::size_t open_ = 0;
};

class Lease {
public:
    explicit Lease(ConnectionPool& pool) : pool_(pool), connection_(pool.acquire()) {}
    ~Lease() { pool_.give_back(connection_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    PGconn* get() const { return connection_; }

private:
    ConnectionPool& pool_;
    PGconn* connection_;
};

class PostgresSeatTransaction : public SeatTransaction {
public:
    explicit PostgresSeatTransaction(ConnectionPool& pool) : lease_(pool) { exec(lease_.get(), "begin", "BEGIN"); }
    ~PostgresSeatTransaction() override {
        if (!done_) PQclear(PQexec(lease_.get(), "ROLLBACK"));
    }

    std::optional<LicenseRecord> lock_license(const std::string& key) override {
        const Result result =
            exec(lease_.get(), "read license",
                 std::string("SELECT ") + kLicenseColumns + " FROM licenses WHERE key = $1 FOR UPDATE", {key});
        if (result.rows() == 0) return std::nullopt;
        return read_license(result, 0);
    }

    std::optional<MachineRecord> find_machine(std::int64_t license_id, const std::string& fingerprint) override {
        const Result result =
            exec(lease_.get(), "read machine",
                 std::string("SELECT ") + kMachineColumns + " FROM machines WHERE license_id = $1 AND fingerprint = $2",
                 {number(license_id), fingerprint});
        if (result.rows() == 0) return std::nullopt;
        return read_machine(result, 0);
    }

    int count_seated(std::int64_t license_id, std::int64_t seen_since) override {
        const Result result =
            exec(lease_.get(), "count seats",
                 "SELECT COUNT(*) FROM machines WHERE license_id = $1 AND released = 0 AND last_seen >= $2",
                 {number(license_id), number(seen_since)});
        return static_cast<int>(result.integer(0, 0));
    }

    void seat_machine(std::int64_t license_id, const MachineRecord& machine) override {
        exec(lease_.get(), "seat machine",
             "INSERT INTO machines (license_id, fingerprint, first_seen, last_seen, released, app_version, platform) "
             "VALUES ($1, $2, $3, $4, 0, $5, $6) ON CONFLICT (license_id, fingerprint) DO UPDATE SET "
             "last_seen = excluded.last_seen, released = 0, app_version = excluded.app_version, "
             "platform = excluded.platform",
             {number(license_id), machine.fingerprint, number(machine.first_seen), number(machine.last_seen),
              machine.app_version, machine.platform});
    }

    void release_machine(std::int64_t license_id, const std::string& fingerprint) override {
        exec(lease_.get(), "release machine",
             "UPDATE machines SET released = 1 WHERE license_id = $1 AND fingerprint = $2",
             {number(license_id), fingerprint});
    }

    void commit() override {
        exec(lease_.get(), "commit", "COMMIT");
        done_ = true;
    }

private:
    Lease lease_;
    bool done_ = false;
};

class PostgresLicenseStore : public LicenseStore {
public:
    explicit PostgresLicenseStore(const std::string& url) : pool_(url) { migrate(); }

    std::unique_ptr<SeatTransaction> begin() override { return std::make_unique<PostgresSeatTransaction>(pool_); }

    void create_license(LicenseRecord& license) override {
        Lease lease(pool_);
        const Result result =
            exec(lease.get(), "create license",
                 "INSERT INTO licenses (key, edition, seats, expires, updates_until, revoked, created) "
                 "VALUES ($1, $2, $3, $4, $5, 0, $6) ON CONFLICT (key) DO NOTHING RETURNING id",
                 {license.key, license.edition, number(license.seats), license.expires, license.updates_until,
                  number(license.created)});
        if (result.rows() == 0) throw StoreError("license store: that key exists already");
        license.id = result.integer(0, 0);
    }

    std::vector<LicenseRecord> list_licenses() override {
        Lease lease(pool_);
        const Result result =
            exec(lease.get(), "list licenses", std::string("SELECT ") + kLicenseColumns + " FROM licenses ORDER BY id");
        std::vector<LicenseRecord> licenses;
        for (int row = 0; row < result.rows(); ++row) licenses.push_back(read_license(result, row));
        return licenses;
    }

    std::optional<LicenseRecord> find_license(const std::string& key) override {
        Lease lease(pool_);
        const Result result = exec(lease.get(), "find license",
                                   std::string("SELECT ") + kLicenseColumns + " FROM licenses WHERE key = $1", {key});
        if (result.rows() == 0) return std::nullopt;
        return read_license(result, 0);
    }

    bool revoke_license(const std::string& key) override {
        Lease lease(pool_);
        return exec(lease.get(), "revoke license", "UPDATE licenses SET revoked = 1 WHERE key = $1", {key}).affected() >
               0;
    }

    std::vector<MachineRecord> list_machines(std::int64_t license_id) override {
        Lease lease(pool_);
        const Result result = exec(lease.get(), "list machines",
                                   std::string("SELECT ") + kMachineColumns +
                                       " FROM machines WHERE license_id = $1 ORDER BY first_seen, fingerprint",
                                   {number(license_id)});
        std::vector<MachineRecord> machines;
        for (int row = 0; row < result.rows(); ++row) machines.push_back(read_machine(result, row));
        return machines;
    }

    void publish_release(const ReleaseRecord& release) override {
        Lease lease(pool_);
        const Result result =
            exec(lease.get(), "publish release",
                 "INSERT INTO releases (channel, version, serial, manifest, signature, published) "
                 "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (channel, serial) DO NOTHING RETURNING id",
                 {release.channel, release.version, std::to_string(release.serial), release.manifest, release.signature,
                  number(release.published)});
        if (result.rows() == 0) {
            throw StoreError("license store: channel " + release.channel + " has a release with serial " +
                             std::to_string(release.serial) + " already");
        }
    }

    std::vector<ReleaseRecord> list_releases() override {
        Lease lease(pool_);
        const Result result =
            exec(lease.get(), "list releases",
                 "SELECT channel, version, serial, manifest, signature, published FROM releases ORDER BY id");
        std::vector<ReleaseRecord> releases;
        for (int row = 0; row < result.rows(); ++row) {
            releases.push_back({result.text(row, 0), result.text(row, 1),
                                static_cast<std::uint64_t>(result.integer(row, 2)), result.text(row, 3),
                                result.text(row, 4), result.integer(row, 5)});
        }
        return releases;
    }

private:
    // Instances starting together must not both create the tables: the
    // advisory lock makes the second wait and then find them.
    void migrate() {
        Lease lease(pool_);
        PGconn* connection = lease.get();
        exec(connection, "migrate", "BEGIN");
        try {
            exec(connection, "migrate", kMigrationLock);
            exec(connection, "migrate", "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            const Result current = exec(connection, "migrate", "SELECT COALESCE(MAX(version), 0) FROM schema_version");
            const auto version = static_cast<std::size_t>(current.integer(0, 0));
            constexpr std::size_t latest = std::size(kMigrations);
            if (version > latest) {
                throw StoreError("license store (PostgreSQL): schema version " + std::to_string(version) +
                                 " is newer than this parley-licensing understands");
            }
            for (std::size_t step = version; step < latest; ++step) exec(connection, "migrate", kMigrations[step]);
            exec(connection, "migrate", "DELETE FROM schema_version");
            exec(connection, "migrate", "INSERT INTO schema_version (version) VALUES ($1)", {std::to_string(latest)});
            exec(connection, "migrate", "COMMIT");
        } catch (...) {
            PQclear(PQexec(connection, "ROLLBACK"));
            throw;
        }
    }

    ConnectionPool pool_;
};

}  // namespace

std::unique_ptr<LicenseStore> open_postgres_license_store(const std::string& url) {
    return std::make_unique<PostgresLicenseStore>(url);
}

}  // namespace parley::licensing
