#include "child-process-control.h"

#include <sys/wait.h>
#include <csignal>

namespace parley::test {

void kill_child(const Poco::ProcessHandle& child) {
    ::kill(static_cast<pid_t>(child.id()), SIGKILL);
}

void signal_child(const Poco::ProcessHandle& child, int signal_number) {
    ::kill(static_cast<pid_t>(child.id()), signal_number);
}

// waitpid, not Poco's wait: a death by signal is told apart from an exit code.
int wait_child(const Poco::ProcessHandle& child) {
    int status = 0;
    ::waitpid(static_cast<pid_t>(child.id()), &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace parley::test
