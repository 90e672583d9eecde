#pragma once

#include <filesystem>

namespace parley {

// The running executable's own path (one file per OS).
std::filesystem::path running_executable_path();
// The per-user install root when neither --install-root nor
// PARLEY_INSTALL_ROOT names one.
std::filesystem::path default_install_root();

}  // namespace parley
