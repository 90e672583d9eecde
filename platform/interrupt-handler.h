#pragma once

#include "interrupt-signals.h"

namespace parley {

// Runs the handler set with on_interrupt(), or ends the process; called by
// each OS's watcher.
void dispatch_interrupt(int signal_number);

}  // namespace parley
