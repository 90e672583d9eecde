#include "private-tmpfs.h"

#include <stdexcept>

namespace parley::test {

PrivateTmpfs::PrivateTmpfs(const std::filesystem::path& directory, std::size_t bytes) {
    // The holder keeps the namespace alive until its stdin closes.
    holder_ = std::make_unique<ChildProcess>(
        "/usr/bin/unshare",
        std::vector<std::string>{"-rm", "/bin/sh", "-c",
                                 "mount -t tmpfs -o size=\"$1\" tmpfs \"$0\" && echo mounted && exec cat",
                                 directory.string(), std::to_string(bytes)});
    if (holder_->first_stdout_line() != "mounted") {
        throw std::runtime_error("cannot mount a private tmpfs: " + holder_->err());
    }
}

PrivateTmpfs::~PrivateTmpfs() {
    holder_->close_stdin();
    holder_->wait();
}

ProcessResult PrivateTmpfs::run(const std::string& program, const std::vector<std::string>& args,
                                const Environment& env) const {
    std::vector<std::string> entered = {"-t", std::to_string(holder_->pid()), "-U",
                                        "-m", "--preserve-credentials",       program};
    entered.insert(entered.end(), args.begin(), args.end());
    return run_process("/usr/bin/nsenter", entered, "", env);
}

}  // namespace parley::test
