#include "interrupt-handler.h"

#include <cstdlib>
#include <mutex>
#include <utility>

namespace parley {
namespace {

std::mutex handler_mutex;
std::function<void(int)> current_handler;

}  // namespace

void on_interrupt(std::function<void(int)> handler) {
    const std::lock_guard lock(handler_mutex);
    current_handler = std::move(handler);
}

void dispatch_interrupt(int signal_number) {
    std::function<void(int)> handler;
    {
        const std::lock_guard lock(handler_mutex);
        handler = current_handler;
    }
    if (!handler) std::_Exit(128 + signal_number);
    handler(signal_number);
}

}  // namespace parley
