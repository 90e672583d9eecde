#pragma once

#include <cstdint>

namespace parley {

// A long write into the history's files (a reply of megabytes into the log,
// then the checkpoint copying it into the database) has the kernel start
// writing each megabyte to disk as soon as it is written, rather than all of
// it at the fdatasync that ends the checkpoint: the disk works while SQLite
// still copies, and the sync finds less left to wait for. Durability is
// SQLite's own and unchanged: this only starts writing earlier what its syncs
// would write anyway. Linux only (sync_file_range); elsewhere it does nothing.
// Once per process, before the first database is opened.
void start_writeback_as_written();

struct ByteRange {
    std::int64_t offset = 0;
    std::int64_t size = 0;
};

// The whole megabytes that a write of `size` bytes at `offset` completes,
// counted from the start of the file: the range whose writeback to start (size
// 0 for none). A file written front to back has each megabyte started once.
constexpr ByteRange completed_megabytes(std::int64_t offset, std::int64_t size) {
    constexpr std::int64_t megabyte = 1024 * 1024;
    const std::int64_t first = offset / megabyte * megabyte;
    const std::int64_t end = (offset + size) / megabyte * megabyte;
    return end > first ? ByteRange{first, end - first} : ByteRange{};
}

}  // namespace parley
