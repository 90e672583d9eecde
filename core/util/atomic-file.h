#pragma once

#include <filesystem>
#include <string_view>

namespace parley {

// Replaces `target` with `contents` so readers see the old file or the new
// one, never a mix, even after a power cut: write a sibling temp file
// (created exclusively with mode 0600), fsync it, rename it over the target,
// fsync the directory. Throws std::system_error or
// std::filesystem::filesystem_error; on failure before the rename the old
// file is untouched and no temp file is left.
void write_file_atomically(const std::filesystem::path& target, std::string_view contents);

}  // namespace parley
