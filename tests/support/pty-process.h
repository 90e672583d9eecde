#pragma once

#include "child-process.h"

#include <chrono>
#include <string>
#include <vector>

namespace parley::test {

// How the terminal treats bytes: cooked as for a person typing (echo, Ctrl+C
// as a signal, LF shown as CR LF), or raw, so the screen holds exactly the
// bytes the program wrote.
enum class TerminalMode { cooked, raw };

// A program whose stdin, stdout and stderr are a real pseudo-terminal, as
// when a person types at it: isatty() holds, echo and Ctrl+C come from the
// terminal's line discipline. It runs with exactly the environment `env`.
class PtyProcess {
public:
    PtyProcess(const std::string& program, const std::vector<std::string>& args, const Environment& env = {},
               TerminalMode mode = TerminalMode::cooked);
    ~PtyProcess();
    PtyProcess(const PtyProcess&) = delete;
    PtyProcess& operator=(const PtyProcess&) = delete;

    // What a person types; "\x03" is Ctrl+C.
    void type(const std::string& keys);
    // Everything the terminal showed so far (what the program wrote and
    // what the terminal echoed).
    std::string screen();
    bool wait_for_screen(const std::string& text, std::chrono::seconds deadline = std::chrono::seconds(30));
    // Whether the terminal echoes what is typed.
    bool echo_on() const;
    bool wait_for_echo(bool on, std::chrono::seconds deadline = std::chrono::seconds(30));
    // Waits for exit and returns the exit code (128+N for a signal N).
    int wait();

private:
    // Reads what the terminal shows, waiting up to `timeout` for it; false
    // when nothing came or the program's side is closed.
    bool read_screen(std::chrono::milliseconds timeout);

    int master_ = -1;
    long pid_ = -1;
    std::string screen_;
    bool closed_ = false;
    int exit_code_ = -1;
};

}  // namespace parley::test
