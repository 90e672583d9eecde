#pragma once

#include <filesystem>
#include <string_view>

namespace parley {

// Replaces `target` with `contents` so readers see the old file or the new
// one, never a mix: write a sibling temp file (created exclusively, 0600
// before any byte), flush, close, rename over. Throws std::system_error,
// std::filesystem::filesystem_error or std::runtime_error; on failure the
// old file is untouched and no temp file is left.
void write_file_atomically(const std::filesystem::path& target, std::string_view contents);

}  // namespace parley
