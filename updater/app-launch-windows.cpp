#include "app-launch.h"

#include <windows.h>

#include <stdexcept>

namespace parley {

void launch_detached(const std::filesystem::path& program, const std::vector<std::string>& args) {
    std::wstring command = L"\"" + program.wstring() + L"\"";
    for (const auto& arg : args) command += L" \"" + std::filesystem::path(arg).wstring() + L"\"";
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    PROCESS_INFORMATION process{};
    if (!CreateProcessW(program.wstring().c_str(), command.data(), nullptr, nullptr, FALSE,
                        DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP, nullptr, nullptr, &startup, &process))
        throw std::runtime_error("cannot start " + program.string() + " (error " + std::to_string(GetLastError()) +
                                 ")");
    CloseHandle(process.hThread);
    CloseHandle(process.hProcess);
}

}  // namespace parley
