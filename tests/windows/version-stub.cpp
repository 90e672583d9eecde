// Stands in for parley-cli.exe inside the release archives of the Wine
// updater test: `--version` prints "parley-cli " and the first line of
// says.txt beside the program, which is what the updater's start-up check
// reads. A release whose says.txt names another version fails that check.
#include <windows.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

int main(int argc, char** argv) {
    if (argc != 2 || std::strcmp(argv[1], "--version") != 0) return 2;
    wchar_t self[MAX_PATH];
    const DWORD length = GetModuleFileNameW(nullptr, self, MAX_PATH);
    if (length == 0 || length == MAX_PATH) return 1;
    std::ifstream in(std::filesystem::path(self).parent_path() / "says.txt");
    std::string version;
    if (!std::getline(in, version)) return 1;
    std::printf("parley-cli %s\n", version.c_str());
    return 0;
}
