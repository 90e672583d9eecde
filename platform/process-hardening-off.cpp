#include "process-hardening.h"

namespace parley {

// Sanitizer and debugging builds: core dumps and debuggers stay possible.
void harden_process() {}

}  // namespace parley
