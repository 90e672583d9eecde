#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

namespace parley {

// The per-user install root:
//   ROOT/versions/VERSION/   one folder per installed version
//   ROOT/current             which one runs (see current-link.h)
// and the updater's own state in the profile's state folder: the journal of
// an install under way, the highest manifest serial ever verified, the
// versions that failed their health check, and the version before this one.
//
// Every step is written to the journal before it is taken, so a crash or a
// kill at any point leaves the old version or the new one running, never a
// mix; the next run finishes or undoes what the journal says.
class InstallError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct UpdaterState {
    std::uint64_t highest_serial = 0;
    std::set<std::string> blocklist;
    std::optional<std::string> previous;
};

// Runs the new version's own check; true when it is healthy. The default
// runs bin/parley-cli --version and wants "parley-cli VERSION" within 10 s.
using HealthCheck = std::function<bool(const std::filesystem::path& version_dir, const std::string& version)>;
bool run_cli_health_check(const std::filesystem::path& version_dir, const std::string& version);

class ReleaseInstaller {
public:
    ReleaseInstaller(std::filesystem::path root, std::filesystem::path state_dir);

    std::optional<std::string> installed_version() const;
    UpdaterState state() const;
    // Records a serial once a manifest has passed every check.
    void remember_serial(std::uint64_t serial);

    // Finishes or undoes an install a previous run left in the journal.
    // Returns what it did, for the user, or nothing when there was nothing.
    std::optional<std::string> recover();

    // Unpacks a verified artifact as `version`, switches to it and checks it.
    // A failed health check switches back, blocklists the version and throws
    // InstallError saying so.
    void install(const std::filesystem::path& verified_archive, const std::string& version,
                 const HealthCheck& health_check = run_cli_health_check);

    // Back to the version before the current one.
    std::string rollback();

private:
    void write_journal(const std::string& step, const std::string& from, const std::string& to) const;
    void save_state(const UpdaterState& state) const;
    void undo(const std::string& from, const std::string& to) const;

    std::filesystem::path root_;
    std::filesystem::path state_dir_;
};

}  // namespace parley
