#include "history/sqlite-writeback.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

namespace parley {

namespace {

using Pwrite = ssize_t (*)(int, const void*, std::size_t, off_t);
using Pwrite64 = ssize_t (*)(int, const void*, std::size_t, off64_t);

// SQLite's unix VFS writes through one of these, by its build; both are
// wrapped. Set once, before the history opens its first database, and only
// read after.
Pwrite real_pwrite = nullptr;
Pwrite64 real_pwrite64 = nullptr;

void start_writeback(int fd, off64_t offset, ssize_t written) {
    if (written <= 0) return;
    const ByteRange range = completed_megabytes(offset, written);
    if (range.size == 0) return;
    // A hint: should the kernel refuse it, the sync writes these bytes. The
    // write's own errno is SQLite's to read, not this call's.
    const int saved_errno = errno;
    ::sync_file_range(fd, range.offset, range.size, SYNC_FILE_RANGE_WRITE);
    errno = saved_errno;
}

ssize_t pwrite_then_writeback(int fd, const void* data, std::size_t size, off_t offset) {
    const ssize_t written = real_pwrite(fd, data, size, offset);
    start_writeback(fd, offset, written);
    return written;
}

ssize_t pwrite64_then_writeback(int fd, const void* data, std::size_t size, off64_t offset) {
    const ssize_t written = real_pwrite64(fd, data, size, offset);
    start_writeback(fd, offset, written);
    return written;
}

// The VFS's own system call table: the interface it offers for replacing a
// call, so that every file of every connection goes through the wrapper.
template <typename Function>
void wrap(sqlite3_vfs& vfs, const char* name, Function& real, Function wrapper) {
    const sqlite3_syscall_ptr current = vfs.xGetSystemCall(&vfs, name);
    if (current == nullptr) return;
    real = reinterpret_cast<Function>(current);
    if (vfs.xSetSystemCall(&vfs, name, reinterpret_cast<sqlite3_syscall_ptr>(wrapper)) != SQLITE_OK) real = nullptr;
}

}  // namespace

void start_writeback_as_written() {
    static std::once_flag once;
    std::call_once(once, [] {
        sqlite3_vfs* vfs = sqlite3_vfs_find(nullptr);
        if (vfs == nullptr || vfs->iVersion < 3 || vfs->xGetSystemCall == nullptr || vfs->xSetSystemCall == nullptr ||
            std::strncmp(vfs->zName, "unix", 4) != 0) {
            return;
        }
        wrap(*vfs, "pwrite", real_pwrite, pwrite_then_writeback);
        wrap(*vfs, "pwrite64", real_pwrite64, pwrite64_then_writeback);
    });
}

}  // namespace parley
