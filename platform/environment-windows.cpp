#include "environment.h"

#include <cstdlib>

namespace parley {

// The CRT and the process environment block each hold a copy; removing the
// variable from both keeps it from child processes. Their memory cannot be
// overwritten from here. std::getenv, not _dupenv_s: the msvcrt.dll MinGW
// links has no _dupenv_s.
std::optional<std::string> take_environment_variable(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    std::string taken(value);
    _putenv_s(name.c_str(), "");
    return taken;
}

}  // namespace parley
