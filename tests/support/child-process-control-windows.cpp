#include "child-process-control.h"

#include <csignal>
#include <stdexcept>
#include <string>

namespace parley::test {

void kill_child(const Poco::ProcessHandle& child) {
    Poco::Process::kill(child.id());
}

// Windows has no signals between processes: a test that sends one is a
// POSIX test, and says so instead of passing without effect.
void signal_child(const Poco::ProcessHandle& child, int signal_number) {
    if (signal_number == SIGTERM) {
        Poco::Process::kill(child.id());
        return;
    }
    throw std::logic_error("signal " + std::to_string(signal_number) + " cannot be sent on Windows");
}

int wait_child(const Poco::ProcessHandle& child) {
    return child.wait();
}

}  // namespace parley::test
