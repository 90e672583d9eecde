// ROOT\parley.exe and ROOT\parley-cli.exe on Windows: what the Start menu,
// the uninstall entry and a terminal start. Each runs the program of the same
// name in the version ROOT\current names (ROOT\versions\VERSION\bin\), which
// the installer and parley-updater switch: Windows cannot replace a folder
// link atomically, so a pointer file and this launcher stand in for the
// `current` symlink of the other systems (DESIGN.md § Updates).
// The app's launcher returns once the app started; the command line's waits
// and passes its exit code on (PARLEY_LAUNCHER_CONSOLE).
#include "current-link.h"

#include <windows.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr bool console = PARLEY_LAUNCHER_CONSOLE;

int fail(const std::wstring& message) {
    if constexpr (console) {
        std::fwprintf(stderr, L"%ls\n", message.c_str());
    } else {
        MessageBoxW(nullptr, message.c_str(), L"Parley", MB_OK | MB_ICONERROR);
    }
    return 1;
}

// The arguments as Windows passed them: everything after the program name,
// untouched, so quoting survives the hop.
std::wstring arguments_of(const wchar_t* command_line) {
    const wchar_t* p = command_line;
    if (*p == L'"') {
        ++p;
        while (*p && *p != L'"') ++p;
        if (*p == L'"') ++p;
    } else {
        while (*p && *p != L' ' && *p != L'\t') ++p;
    }
    return p;
}

int launch() {
    std::vector<wchar_t> buffer(32768);
    const DWORD length = GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
    if (length == 0 || length == buffer.size()) return fail(L"Parley cannot find where it is installed.");
    const fs::path self(std::wstring(buffer.data(), length));
    const fs::path root = self.parent_path();
    const auto version = parley::read_current_version(root);
    if (!version) {
        return fail(L"Parley is not installed correctly: " + (root / "current").wstring() +
                    L" is missing. Install Parley again.");
    }
    const fs::path target = root / "versions" / fs::path(*version) / "bin" / self.filename();
    if (!fs::is_regular_file(target)) {
        return fail(L"Parley is not installed correctly: " + target.wstring() + L" is missing. Install Parley again.");
    }
    std::wstring command = L"\"" + target.wstring() + L"\"" + arguments_of(GetCommandLineW());
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    PROCESS_INFORMATION process{};
    // Handles are inherited: the command line's output goes where the
    // launcher's would.
    if (!CreateProcessW(target.wstring().c_str(), command.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &startup,
                        &process)) {
        return fail(L"Parley could not start " + target.wstring() + L" (error " + std::to_wstring(GetLastError()) +
                    L").");
    }
    CloseHandle(process.hThread);
    DWORD exit_code = 0;
    if constexpr (console) {
        WaitForSingleObject(process.hProcess, INFINITE);
        GetExitCodeProcess(process.hProcess, &exit_code);
    }
    CloseHandle(process.hProcess);
    return static_cast<int>(exit_code);
}

}  // namespace

#if PARLEY_LAUNCHER_CONSOLE
int main() {
    return launch();
}
#else
int WINAPI WinMain(HINSTANCE, HINSTANCE, LPSTR, int) {
    return launch();
}
#endif
