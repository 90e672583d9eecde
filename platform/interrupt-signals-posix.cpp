#include "interrupt-handler.h"

#include <csignal>
#include <pthread.h>
#include <thread>

namespace parley {

void start_interrupt_watch() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    // Blocked here and so in every thread started later; only the watcher
    // receives them, synchronously, where any code may run.
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set] {
        while (true) {
            int signal_number = 0;
            if (sigwait(&set, &signal_number) == 0) dispatch_interrupt(signal_number);
        }
    }).detach();
}

}  // namespace parley
