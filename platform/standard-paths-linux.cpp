#include "standard-paths.h"

#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace parley {

namespace {

std::filesystem::path home_directory() {
    if (const char* home = std::getenv("HOME"); home && *home) return home;
    if (const passwd* entry = ::getpwuid(::getuid()); entry && entry->pw_dir) return entry->pw_dir;
    return "/tmp";
}

// XDG Base Directory spec: a relative value is invalid and must be ignored.
std::filesystem::path xdg_dir(const char* variable, const char* fallback) {
    if (const char* value = std::getenv(variable); value && *value == '/') return value;
    return home_directory() / fallback;
}

}  // namespace

ProfilePaths default_profile_paths() {
    ProfilePaths paths;
    paths.config_dir = xdg_dir("XDG_CONFIG_HOME", ".config") / "parley";
    paths.data_dir = xdg_dir("XDG_DATA_HOME", ".local/share") / "parley";
    paths.state_dir = xdg_dir("XDG_STATE_HOME", ".local/state") / "parley";
    paths.profile_id = "default";
    return paths;
}

}  // namespace parley
