#include "environment.h"

#include <cstdlib>

namespace parley {

// The CRT and the process environment block each hold a copy; removing the
// variable from both keeps it from child processes. Their memory cannot be
// overwritten from here.
std::optional<std::string> take_environment_variable(const std::string& name) {
    char* value = nullptr;
    std::size_t size = 0;
    if (_dupenv_s(&value, &size, name.c_str()) != 0 || value == nullptr) return std::nullopt;
    std::string taken(value);
    std::free(value);
    _putenv_s(name.c_str(), "");
    return taken;
}

}  // namespace parley
