#include "terminal-input.h"

#include <windows.h>

#include <cstdio>
#include <io.h>
#include <iostream>

namespace parley {

bool stdin_is_terminal() { return ::_isatty(::_fileno(stdin)) != 0; }
bool stdout_is_terminal() { return ::_isatty(::_fileno(stdout)) != 0; }
bool stderr_is_terminal() { return ::_isatty(::_fileno(stderr)) != 0; }

Secret read_hidden_line(const std::string& prompt) {
    std::fputs(prompt.c_str(), stderr);
    std::fflush(stderr);
    HANDLE input = ::GetStdHandle(STD_INPUT_HANDLE);
    DWORD saved = 0;
    const bool console = ::GetConsoleMode(input, &saved) != 0;
    if (console) ::SetConsoleMode(input, saved & ~static_cast<DWORD>(ENABLE_ECHO_INPUT));
    std::string line;
    std::getline(std::cin, line);
    if (console) {
        ::SetConsoleMode(input, saved);
        std::fputs("\n", stderr);
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return Secret(std::move(line));
}

}  // namespace parley
