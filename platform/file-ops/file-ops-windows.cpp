#include "file-ops.h"

#include <fcntl.h>
#include <io.h>
#include <share.h>
#include <sys/stat.h>
#include <windows.h>
#include <cerrno>
#include <system_error>

namespace parley::file_ops {

namespace {

[[noreturn]] void fail(const char* doing, const std::filesystem::path& path) {
    throw std::system_error(errno, std::generic_category(), std::string(doing) + " " + path.string());
}

[[noreturn]] void fail_win32(const char* doing, const std::filesystem::path& path) {
    throw std::system_error(static_cast<int>(GetLastError()), std::system_category(),
                            std::string(doing) + " " + path.string());
}

}  // namespace

// Files under the per-user profile inherit its owner-only ACL; _S_IWRITE
// only keeps the file from being created read-only.
NewFile::NewFile(const std::filesystem::path& path) : path_(path) {
    if (_wsopen_s(&fd_, path.c_str(), _O_CREAT | _O_EXCL | _O_WRONLY | _O_BINARY | _O_NOINHERIT, _SH_DENYRW,
                  _S_IREAD | _S_IWRITE) != 0) {
        fd_ = -1;
        fail("cannot create", path_);
    }
}

NewFile::~NewFile() {
    if (fd_ >= 0) _close(fd_);
}

void NewFile::write(std::string_view bytes) {
    while (!bytes.empty()) {
        const unsigned chunk = bytes.size() > 0x40000000 ? 0x40000000u : static_cast<unsigned>(bytes.size());
        const int n = _write(fd_, bytes.data(), chunk);
        if (n <= 0) fail("cannot write", path_);
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void NewFile::sync() {
    if (_commit(fd_) != 0) fail("cannot flush to disk", path_);
}

void NewFile::close() {
    const int fd = fd_;
    fd_ = -1;
    if (_close(fd) != 0) fail("cannot close", path_);
}

void sync_directory(const std::filesystem::path&) {}

FileLock::FileLock(const std::filesystem::path& lock_file) {
    HANDLE file = CreateFileW(lock_file.c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                              nullptr, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) fail_win32("cannot open the lock file", lock_file);
    OVERLAPPED whole{};
    if (!LockFileEx(file, LOCKFILE_EXCLUSIVE_LOCK, 0, MAXDWORD, MAXDWORD, &whole)) {
        const DWORD error = GetLastError();
        CloseHandle(file);
        SetLastError(error);
        fail_win32("cannot lock", lock_file);
    }
    handle_ = reinterpret_cast<std::intptr_t>(file);
}

FileLock::~FileLock() {
    // Closing the handle releases the lock.
    CloseHandle(reinterpret_cast<HANDLE>(handle_));
}

bool is_disk_full_error(int os_error) {
    return os_error == ERROR_DISK_FULL || os_error == ERROR_HANDLE_DISK_FULL;
}

}  // namespace parley::file_ops
