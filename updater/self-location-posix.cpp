#include "self-location.h"

#include <cstdlib>

namespace parley {

namespace fs = std::filesystem;

fs::path running_executable_path() {
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    return error ? fs::path() : self;
}

// Beside the other XDG data of the user, where the tarball's install.sh puts
// Parley too.
fs::path default_install_root() {
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data == '/') return fs::path(data) / "parley";
    const char* home = std::getenv("HOME");
    return fs::path(home ? home : "/") / ".local" / "share" / "parley";
}

}  // namespace parley
