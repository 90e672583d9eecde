#include "process-hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>

namespace parley {

void harden_process() {
    // Not dumpable: no core file, even through systemd-coredump or apport,
    // no ptrace attach by same-user processes, /proc/PID/mem and environ
    // owned by root.
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    // Also for the hard limit, so nothing in this process can raise it again.
    const rlimit none{0, 0};
    ::setrlimit(RLIMIT_CORE, &none);
}

}  // namespace parley
