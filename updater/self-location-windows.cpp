#include "self-location.h"

#include <windows.h>

#include <cstdlib>
#include <vector>

namespace parley {

namespace fs = std::filesystem;

fs::path running_executable_path() {
    std::vector<wchar_t> buffer(32768);
    const DWORD size = GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
    return size == 0 ? fs::path() : fs::path(std::wstring(buffer.data(), size));
}

// Where the per-user installer puts Parley: %LOCALAPPDATA%\Programs\Parley.
fs::path default_install_root() {
    const wchar_t* local = _wgetenv(L"LOCALAPPDATA");
    return fs::path(local ? local : L"C:\\") / "Programs" / "Parley";
}

}  // namespace parley
