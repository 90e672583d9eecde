#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace parley {

// ROOT/current names the version that runs: a symbolic link to
// versions/VERSION on POSIX systems (replaced by rename(2), which is atomic),
// a one-line pointer file read by the launcher on Windows (replaced by
// MoveFileEx). One file per OS, chosen by CMake.
std::optional<std::string> read_current_version(const std::filesystem::path& root);
void switch_current_version(const std::filesystem::path& root, const std::string& version);

}  // namespace parley
