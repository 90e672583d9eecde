#pragma once

#include <functional>

namespace parley {

// Routes Ctrl+C and termination requests (SIGINT/SIGTERM; console events on
// Windows) to one watcher. Call first thing in main, before any library
// starts a thread: a thread that does not block the signals would take the
// default action and kill the process mid-write. Until a handler is set, an
// interrupt ends the process with status 128 + signal.
void start_interrupt_watch();

// Replaces what an interrupt does; the handler runs on the watcher thread.
// An empty function restores the default.
void on_interrupt(std::function<void(int signal_number)> handler);

// Sets a handler for the lifetime of a scope.
class ScopedInterruptHandler {
public:
    explicit ScopedInterruptHandler(std::function<void(int signal_number)> handler) { on_interrupt(std::move(handler)); }
    ~ScopedInterruptHandler() { on_interrupt({}); }
    ScopedInterruptHandler(const ScopedInterruptHandler&) = delete;
    ScopedInterruptHandler& operator=(const ScopedInterruptHandler&) = delete;
};

}  // namespace parley
