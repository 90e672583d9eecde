#include "file-ops.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <system_error>

namespace parley::file_ops {

namespace {

[[noreturn]] void fail(const char* doing, const std::filesystem::path& path) {
    throw std::system_error(errno, std::generic_category(), std::string(doing) + " " + path.string());
}

int open_retrying(const char* path, int flags, mode_t mode) {
    int fd = -1;
    do {
        fd = ::open(path, flags, mode);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

}  // namespace

NewFile::NewFile(const std::filesystem::path& path) : path_(path) {
    fd_ = open_retrying(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, S_IRUSR | S_IWUSR);
    if (fd_ < 0) fail("cannot create", path_);
}

NewFile::~NewFile() {
    if (fd_ >= 0) ::close(fd_);
}

void NewFile::write(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail("cannot write", path_);
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void NewFile::sync() {
    if (::fsync(fd_) != 0) fail("cannot flush to disk", path_);
}

void NewFile::close() {
    const int fd = fd_;
    fd_ = -1;
    // close() after EINTR has released the descriptor on Linux: no retry.
    if (::close(fd) != 0 && errno != EINTR) fail("cannot close", path_);
}

void sync_directory(const std::filesystem::path& directory) {
    const int fd = open_retrying(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0) fail("cannot open the directory", directory);
    const int synced = ::fsync(fd);
    const int saved = errno;
    ::close(fd);
    errno = saved;
    if (synced != 0) fail("cannot flush to disk the directory", directory);
}

FileLock::FileLock(const std::filesystem::path& lock_file) {
    const int fd = open_retrying(lock_file.c_str(), O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, S_IRUSR | S_IWUSR);
    if (fd < 0) fail("cannot open the lock file", lock_file);
    int locked = -1;
    do {
        locked = ::flock(fd, LOCK_EX);
    } while (locked != 0 && errno == EINTR);
    if (locked != 0) {
        const int saved = errno;
        ::close(fd);
        errno = saved;
        fail("cannot lock", lock_file);
    }
    handle_ = fd;
}

FileLock::~FileLock() {
    // Closing the descriptor releases the lock.
    ::close(static_cast<int>(handle_));
}

bool is_disk_full_error(int os_error) {
    return os_error == ENOSPC || os_error == EDQUOT;
}

}  // namespace parley::file_ops
