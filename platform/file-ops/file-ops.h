#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

// Low-level file operations core needs for durable, private small files (the
// settings, the key vault, exports) and that neither the standard library nor
// Poco offers: a creation mode, fsync, a directory sync, an advisory lock.
// One implementation per OS (file-ops-posix.cpp, file-ops-windows.cpp), built
// as a leaf library that core links: it depends on nothing of Parley's.
// Errors are std::system_error naming the path.
namespace parley::file_ops {

// A new file, created exclusively (a name or link already there is an error,
// never written through) and readable and writable by its owner only from
// the first moment, whatever the umask.
class NewFile {
public:
    explicit NewFile(const std::filesystem::path& path);
    ~NewFile();
    NewFile(const NewFile&) = delete;
    NewFile& operator=(const NewFile&) = delete;

    void write(std::string_view bytes);
    // Flushes the contents to the disk (fsync).
    void sync();
    void close();

private:
    std::filesystem::path path_;
    int fd_ = -1;
};

// Whether an OS error code, as SQLite's sqlite3_system_errno reports it
// (errno on POSIX, GetLastError on Windows), means the disk or quota is full.
bool is_disk_full_error(int os_error);

// Flushes a directory's entries (a rename into it) to the disk. A no-op
// where the file system journals renames itself (Windows).
void sync_directory(const std::filesystem::path& directory);

// An exclusive advisory lock on `lock_file` (created owner-only when
// missing), waited for and held for this object's lifetime. Serialises
// processes, not threads of one process. The OS drops it if the process dies.
class FileLock {
public:
    explicit FileLock(const std::filesystem::path& lock_file);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    std::intptr_t handle_ = -1;  // a descriptor, or a HANDLE on Windows
};

}  // namespace parley::file_ops
