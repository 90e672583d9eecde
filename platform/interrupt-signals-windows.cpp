#include "interrupt-handler.h"

#include <windows.h>

#include <csignal>

namespace parley {
namespace {

BOOL WINAPI on_console_event(DWORD event) {
    if (event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT || event == CTRL_CLOSE_EVENT) {
        dispatch_interrupt(event == CTRL_C_EVENT ? SIGINT : SIGTERM);
        return TRUE;
    }
    return FALSE;
}

}  // namespace

void start_interrupt_watch() { ::SetConsoleCtrlHandler(on_console_event, TRUE); }

}  // namespace parley
