#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace parley {

// Unpacks a release artifact (.tar.gz on Linux and macOS, .zip on Windows)
// whose entries all live under one top folder, `top_folder`/. Everything a
// hostile archive could use to write elsewhere or exhaust the disk is
// refused before it is written: absolute paths, "..", entries outside the top
// folder, hard links, symbolic links that leave the top folder, devices and
// FIFOs, the same path twice, more than `max_entries` entries or
// `max_total_bytes` of content. The files land in `destination`/, which must
// not exist; on any refusal it is removed again.
class ArchiveError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ArchiveLimits {
    std::uint64_t max_total_bytes = 2ULL << 30;
    std::size_t max_entries = 20000;
};

void extract_release_archive(const std::filesystem::path& archive, const std::string& top_folder,
                             const std::filesystem::path& destination, const ArchiveLimits& limits = {});

}  // namespace parley
