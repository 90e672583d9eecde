#include "settings/profile-paths.h"

#include <cstdlib>

namespace parley {

ProfilePaths ProfilePaths::portable(const std::filesystem::path& home) {
    std::error_code ec;
    std::filesystem::path root = std::filesystem::weakly_canonical(std::filesystem::absolute(home), ec);
    if (ec) root = std::filesystem::absolute(home);
    ProfilePaths paths;
    paths.config_dir = root / "config";
    paths.data_dir = root / "data";
    paths.state_dir = root / "state";
    paths.profile_id = root.string();
    return paths;
}

ProfilePaths ProfilePaths::resolve(const std::optional<std::filesystem::path>& home_flag,
                                   const ProfilePaths& os_default) {
    if (home_flag && !home_flag->empty()) return portable(*home_flag);
    if (const char* env = std::getenv("PARLEY_HOME"); env && *env) return portable(env);
    return os_default;
}

void ProfilePaths::create_directories() const {
    for (const auto& dir : {config_dir, data_dir, state_dir}) {
        std::filesystem::create_directories(dir);
        // Settings and history are private to their owner.
        std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace);
    }
}

}  // namespace parley
