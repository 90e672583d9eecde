#include "interrupt-signals.h"

#include <csignal>
#include <pthread.h>
#include <thread>

namespace parley {

void watch_interrupt_signals(std::function<void(int)> on_interrupt) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    // Blocked in this thread and so in every thread started after it; only
    // the watcher receives them, synchronously, where any code may run.
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set, handler = std::move(on_interrupt)] {
        while (true) {
            int signal_number = 0;
            if (sigwait(&set, &signal_number) == 0) handler(signal_number);
        }
    }).detach();
}

}  // namespace parley
