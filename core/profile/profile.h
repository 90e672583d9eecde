#pragma once

#include "history/history-store.h"
#include "settings/profile-paths.h"
#include "settings/settings.h"
#include "vault/credential-store.h"
#include "vault/key-resolver.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace parley {

// What core needs from the operating system, injected by the front ends
// from platform/ so core itself stays free of OS calls.
struct PlatformServices {
    std::function<ProfilePaths()> default_paths;
    std::function<std::unique_ptr<CredentialStore>(const std::string& profile_id)> make_os_store;
    std::function<std::int64_t()> current_pid;
    std::function<bool(std::int64_t)> process_running;
    std::function<std::optional<std::string>(const std::string&)> environment;
    // The OS machine id; throws MachineIdError when there is none. Only its
    // HMAC (machine_fingerprint) may leave the process.
    std::function<Secret()> machine_id;
};

// One user profile opened by a front end: its files, settings, history and
// key stores, each created on first use.
class Profile {
public:
    Profile(const std::optional<std::filesystem::path>& home, PlatformServices services);
    ~Profile();
    Profile(const Profile&) = delete;
    Profile& operator=(const Profile&) = delete;

    const ProfilePaths& paths() const { return paths_; }
    Settings& settings() { return settings_; }
    HistoryStore& history();
    CredentialStore& os_store();
    // The encrypted file vault; `passphrase` is asked for only if the vault
    // file must be read or created.
    CredentialStore& file_vault(std::function<Secret()> passphrase);
    bool has_file_vault() const;
    KeyResolver key_resolver(std::function<Secret()> vault_passphrase);
    std::optional<std::string> environment(const std::string& name) const;
    // This machine's license fingerprint (see licensing/machine-fingerprint.h).
    std::string machine_fingerprint() const;

private:
    PlatformServices services_;
    ProfilePaths paths_;
    Settings settings_;
    std::unique_ptr<HistoryStore> history_;
    std::unique_ptr<CredentialStore> os_store_;
    std::unique_ptr<CredentialStore> file_vault_;
};

}  // namespace parley
