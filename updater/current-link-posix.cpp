#include "current-link.h"

#include <unistd.h>

#include <system_error>

namespace parley {

namespace fs = std::filesystem;

std::optional<std::string> read_current_version(const fs::path& root) {
    std::error_code error;
    const fs::path target = fs::read_symlink(root / "current", error);
    if (error) return std::nullopt;
    const auto parent = target.parent_path();
    if (parent != "versions") return std::nullopt;
    return target.filename().string();
}

void switch_current_version(const fs::path& root, const std::string& version) {
    const fs::path staged = root / ("current.new-" + std::to_string(::getpid()));
    fs::remove(staged);
    fs::create_symlink(fs::path("versions") / version, staged);
    // rename(2) replaces the old link in one step: a reader sees the old
    // version or the new one, whatever happens to this process.
    fs::rename(staged, root / "current");
}

}  // namespace parley
