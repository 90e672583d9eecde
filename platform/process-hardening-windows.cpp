#include "process-hardening.h"

#include <windows.h>

namespace parley {

void harden_process() {
    // Windows writes no crash dump unless Windows Error Reporting is set up
    // to (LocalDumps); this keeps a crash from offering to send a report
    // with a dump of memory. Debugger attach is governed by the user's own
    // rights on Windows and has no per-process switch.
    SetErrorMode(GetErrorMode() | SEM_NOGPFAULTERRORBOX);
}

}  // namespace parley
