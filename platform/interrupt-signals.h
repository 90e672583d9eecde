#pragma once

#include <functional>

namespace parley {

// Calls `on_interrupt` on a dedicated thread when the user presses Ctrl+C or
// the process is asked to terminate (SIGINT/SIGTERM; console events on
// Windows). Call once, early, before other threads start.
void watch_interrupt_signals(std::function<void(int signal_number)> on_interrupt);

}  // namespace parley
