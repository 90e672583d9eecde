#include "postgres-cluster.h"

#include <boost/test/unit_test.hpp>

#include <pwd.h>
#include <unistd.h>

namespace parley::test {

namespace {

const std::string kPostgresBin = "/usr/lib/postgresql/15/bin";

}  // namespace

PostgresCluster::PostgresCluster() {
    BOOST_REQUIRE_MESSAGE(std::filesystem::exists(kPostgresBin + "/initdb"),
                          "PostgreSQL 15 is not installed (scripts/dev.sh installs it)");
    data_ = dir_ / "cluster";
    if (::geteuid() == 0) {
        const passwd* nobody = ::getpwnam("nobody");
        BOOST_REQUIRE(nobody);
        BOOST_REQUIRE(::chown(dir_.path().c_str(), nobody->pw_uid, nobody->pw_gid) == 0);
        as_user_ = {"/usr/sbin/runuser", "-u", "nobody", "--"};
    }
    run({kPostgresBin + "/initdb", "-D", data_.string(), "-U", "parley", "--auth=trust", "--no-sync", "-E", "UTF8"});
    run({kPostgresBin + "/pg_ctl", "-D", data_.string(), "-l", (dir_ / "server.log").string(), "-w", "-o",
         "-k " + dir_.path().string() + " -c listen_addresses='' -c max_connections=100 -c fsync=off", "start"});
    started_ = true;
    run({kPostgresBin + "/createdb", "-h", dir_.path().string(), "-U", "parley", "licensing"});
}

PostgresCluster::~PostgresCluster() {
    if (started_) run_quietly({kPostgresBin + "/pg_ctl", "-D", data_.string(), "-m", "fast", "-w", "stop"});
}

ProcessResult PostgresCluster::run_quietly(std::vector<std::string> command) {
    command.insert(command.begin(), as_user_.begin(), as_user_.end());
    const std::string program = command.front();
    command.erase(command.begin());
    return run_process(program, command);
}

void PostgresCluster::run(std::vector<std::string> command) {
    const std::string what = command.front();
    const ProcessResult result = run_quietly(std::move(command));
    BOOST_REQUIRE_MESSAGE(result.exit_code == 0, what + " failed: " + result.err + result.out);
}

}  // namespace parley::test
