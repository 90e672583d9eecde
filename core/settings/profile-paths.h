#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace parley {

// Where one profile keeps its files. Portable mode (PARLEY_HOME or --home)
// puts all three under one directory; otherwise they follow the OS.
struct ProfilePaths {
    std::filesystem::path config_dir;
    std::filesystem::path data_dir;
    std::filesystem::path state_dir;
    // Scopes this profile's keys in the credential store.
    std::string profile_id;

    std::filesystem::path settings_file() const { return config_dir / "settings.json"; }
    std::filesystem::path history_file() const { return data_dir / "history.db"; }
    std::filesystem::path vault_file() const { return data_dir / "keys.vault"; }

    static ProfilePaths portable(const std::filesystem::path& home);
    // --home wins over PARLEY_HOME, which wins over the OS default.
    static ProfilePaths resolve(const std::optional<std::filesystem::path>& home_flag, const ProfilePaths& os_default);
    void create_directories() const;
};

}  // namespace parley
