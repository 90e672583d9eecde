#pragma once

#include "child-process.h"
#include "temp-dir.h"

#include <filesystem>
#include <string>
#include <vector>

namespace parley::test {

// A throwaway PostgreSQL cluster in a temporary folder, reached through a
// unix socket in that folder, with an empty database `licensing`.
// PostgreSQL refuses to run as root, so when the tests run as root the
// server runs as `nobody`.
class PostgresCluster {
public:
    PostgresCluster();
    ~PostgresCluster();
    PostgresCluster(const PostgresCluster&) = delete;
    PostgresCluster& operator=(const PostgresCluster&) = delete;

    // For parley-licensing's --store.
    std::string url() const { return "postgresql://parley@/licensing?host=" + dir_.path().string(); }

private:
    ProcessResult run_quietly(std::vector<std::string> command);
    void run(std::vector<std::string> command);

    TempDir dir_;
    std::filesystem::path data_;
    std::vector<std::string> as_user_;
    bool started_ = false;
};

}  // namespace parley::test
