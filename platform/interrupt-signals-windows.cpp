#include "interrupt-signals.h"

#include <windows.h>

#include <csignal>
#include <utility>

namespace parley {

namespace {
std::function<void(int)>& handler() {
    static std::function<void(int)> instance;
    return instance;
}

BOOL WINAPI on_console_event(DWORD event) {
    if (event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT || event == CTRL_CLOSE_EVENT) {
        if (handler()) handler()(event == CTRL_C_EVENT ? SIGINT : SIGTERM);
        return TRUE;
    }
    return FALSE;
}
}  // namespace

void watch_interrupt_signals(std::function<void(int)> on_interrupt) {
    handler() = std::move(on_interrupt);
    ::SetConsoleCtrlHandler(on_console_event, TRUE);
}

}  // namespace parley
