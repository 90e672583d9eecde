#include "process-hardening.h"

#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/types.h>

namespace parley {

void harden_process() {
    const rlimit none{0, 0};
    ::setrlimit(RLIMIT_CORE, &none);
    // Refuses debugger attachment (lldb, dtrace) for the life of the process.
    ::ptrace(PT_DENY_ATTACH, 0, nullptr, 0);
}

}  // namespace parley
