#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::licensing {

// The store failed (cannot open, lost connection, constraint broken); the
// message says which store and what was being done, never a license key.
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct LicenseRecord {
    std::int64_t id = 0;
    std::string key;  // canonical form
    std::string edition;
    int seats = 0;
    std::optional<std::string> expires;  // YYYY-MM-DD, the last day it is valid
    std::optional<std::string> updates_until;
    bool revoked = false;
    std::int64_t created = 0;
};

struct MachineRecord {
    std::string fingerprint;
    std::int64_t first_seen = 0;
    std::int64_t last_seen = 0;
    bool released = false;
    std::string app_version;
    std::string platform;
};

// A release as `release publish` stored it: the signed manifest's exact
// bytes and its minisign signature text, verified before they were stored.
struct ReleaseRecord {
    std::string channel;
    std::string version;
    std::uint64_t serial = 0;
    std::string manifest;
    std::string signature;
    std::int64_t published = 0;
};

// One seat decision: everything read and written between begin and commit
// is serialised against every other transaction on the same license, in this
// process and in any other instance sharing the store. Destroyed without
// commit, it rolls back.
class SeatTransaction {
public:
    virtual ~SeatTransaction() = default;
    // Reads the license and locks it until commit.
    virtual std::optional<LicenseRecord> lock_license(const std::string& key) = 0;
    virtual std::optional<MachineRecord> find_machine(std::int64_t license_id, const std::string& fingerprint) = 0;
    // Machines holding a seat: not released and seen at or after seen_since.
    virtual int count_seated(std::int64_t license_id, std::int64_t seen_since) = 0;
    // Creates or refreshes the machine: seen now, not released.
    virtual void seat_machine(std::int64_t license_id, const MachineRecord& machine) = 0;
    virtual void release_machine(std::int64_t license_id, const std::string& fingerprint) = 0;
    virtual void commit() = 0;
};

// Licenses and machine seats. SQLite (one file) or PostgreSQL (shared by
// several instances), and the published releases. The schema is versioned;
// each new table is one more migration step in each backend.
class LicenseStore {
public:
    virtual ~LicenseStore() = default;
    virtual std::unique_ptr<SeatTransaction> begin() = 0;
    // A consistent read-only snapshot for a decision that may turn out to
    // change nothing: it locks nothing and waits for no writer, and cannot
    // write. nullptr when the store has none; begin() then serves.
    virtual std::unique_ptr<SeatTransaction> begin_read() { return nullptr; }
    // Throws StoreError when the key exists already.
    virtual void create_license(LicenseRecord& license) = 0;
    virtual std::vector<LicenseRecord> list_licenses() = 0;
    virtual std::optional<LicenseRecord> find_license(const std::string& key) = 0;
    // False when no such license.
    virtual bool revoke_license(const std::string& key) = 0;
    virtual std::vector<MachineRecord> list_machines(std::int64_t license_id) = 0;
    // Throws StoreError when the channel has a release with that serial already.
    virtual void publish_release(const ReleaseRecord& release) = 0;
    // Oldest first.
    virtual std::vector<ReleaseRecord> list_releases() = 0;
};

// `store_url` empty: SQLite in data_dir; "postgresql://…": PostgreSQL.
// Creates or migrates the schema. Throws StoreError.
std::unique_ptr<LicenseStore> open_license_store(const std::filesystem::path& data_dir, const std::string& store_url);

}  // namespace parley::licensing
