#pragma once

#include <filesystem>
#include <string_view>

namespace parley {

// Replaces `target` with `contents` so readers see the old file or the new
// one, never a mix: write a sibling temp file, flush, rename over. The file
// is private to its owner (0600). Throws std::filesystem::filesystem_error or
// std::runtime_error; on failure the old file is untouched.
void write_file_atomically(const std::filesystem::path& target, std::string_view contents);

}  // namespace parley
