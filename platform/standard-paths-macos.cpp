#include "standard-paths.h"

#include <cstdlib>

namespace parley {

ProfilePaths default_profile_paths() {
    const char* home = std::getenv("HOME");
    const std::filesystem::path library = std::filesystem::path(home ? home : "/tmp") / "Library";
    ProfilePaths paths;
    paths.config_dir = library / "Application Support" / "Parley";
    paths.data_dir = paths.config_dir;
    paths.state_dir = library / "Logs" / "Parley";
    paths.profile_id = "default";
    return paths;
}

}  // namespace parley
