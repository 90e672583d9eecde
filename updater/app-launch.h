#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace parley {

// Starts `program` on its own: no standard stream of ours (so whoever reads
// this process's output sees it end when we do), not killed when we exit.
// Throws std::runtime_error when it cannot be started. One file per OS.
void launch_detached(const std::filesystem::path& program, const std::vector<std::string>& args);

}  // namespace parley
