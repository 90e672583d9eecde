#include "current-link.h"

#include "util/atomic-file.h"

#include <fstream>

namespace parley {

namespace fs = std::filesystem;

// Windows cannot replace a directory link atomically; a pointer file,
// written to a temp name and moved over (MoveFileEx with REPLACE_EXISTING
// through std::filesystem::rename), does the same job for the launcher.
std::optional<std::string> read_current_version(const fs::path& root) {
    std::ifstream in(root / "current");
    std::string version;
    if (!in || !std::getline(in, version) || version.empty()) return std::nullopt;
    return version;
}

void switch_current_version(const fs::path& root, const std::string& version) {
    write_file_atomically(root / "current", version + "\n");
}

}  // namespace parley
