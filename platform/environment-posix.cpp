#include "environment.h"

#include <cstdlib>
#include <cstring>

namespace parley {

std::optional<std::string> take_environment_variable(const std::string& name) {
    char* value = std::getenv(name.c_str());
    if (!value) return std::nullopt;
    std::string taken(value);
    // unsetenv only drops the pointer from `environ`; the "NAME=value" bytes
    // stay where they were (for the initial environment, the block the kernel
    // shows in /proc/PID/environ). glibc never frees them, so they can be
    // overwritten once they are no longer reachable through `environ`.
    char* entry = value - name.size() - 1;
    const std::size_t length = name.size() + 1 + std::strlen(value);
    ::unsetenv(name.c_str());
    std::memset(entry, 0, length);
    return taken;
}

}  // namespace parley
