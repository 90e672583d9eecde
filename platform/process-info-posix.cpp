#include "process-info.h"

#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace parley {

std::int64_t current_process_id() { return static_cast<std::int64_t>(::getpid()); }

bool process_is_running(std::int64_t pid) {
    if (pid <= 0) return false;
    // Signal 0 checks existence; EPERM still means the process exists.
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace parley
