#pragma once

#include <cstdint>

namespace parley {

std::int64_t current_process_id();
// True when a process with this id exists (it may belong to another user).
bool process_is_running(std::int64_t pid);

}  // namespace parley
