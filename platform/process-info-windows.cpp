#include "process-info.h"

#include <windows.h>

namespace parley {

std::int64_t current_process_id() { return static_cast<std::int64_t>(::GetCurrentProcessId()); }

bool process_is_running(std::int64_t pid) {
    if (pid <= 0) return false;
    HANDLE process = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
    if (!process) return ::GetLastError() == ERROR_ACCESS_DENIED;
    DWORD code = 0;
    const bool running = ::GetExitCodeProcess(process, &code) && code == STILL_ACTIVE;
    ::CloseHandle(process);
    return running;
}

}  // namespace parley
