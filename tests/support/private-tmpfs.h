#pragma once

#include "child-process.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace parley::test {

// A size-capped tmpfs mounted over `directory` in a private mount namespace
// (`unshare -rm`, no root needed), so a test can fill a real filesystem to
// the brim. Only processes started through enter() see it; the mount goes
// away with this object.
class PrivateTmpfs {
public:
    PrivateTmpfs(const std::filesystem::path& directory, std::size_t bytes);
    ~PrivateTmpfs();
    PrivateTmpfs(const PrivateTmpfs&) = delete;
    PrivateTmpfs& operator=(const PrivateTmpfs&) = delete;

    // Runs a program inside the namespace, where `directory` is the tmpfs.
    ProcessResult run(const std::string& program, const std::vector<std::string>& args,
                      const Environment& env = {}) const;

private:
    std::unique_ptr<ChildProcess> holder_;
};

}  // namespace parley::test
