#include "pty-process.h"

#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <csignal>
#include <cstring>
#include <stdexcept>

namespace parley::test {

namespace {

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

}  // namespace

PtyProcess::PtyProcess(const std::string& program, const std::vector<std::string>& args, const Environment& env,
                       TerminalMode mode) {
    // Everything exec needs is built before fork: the child of a threaded
    // test may only call async-signal-safe functions.
    std::vector<std::string> argv_strings = {program};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<std::string> env_strings;
    for (const auto& [name, value] : env) env_strings.push_back(name + "=" + value);
    const auto argv = pointers(argv_strings);
    const auto envp = pointers(env_strings);
    winsize size{};
    size.ws_row = 24;
    size.ws_col = 80;
    const pid_t pid = ::forkpty(&master_, nullptr, nullptr, &size);
    if (pid < 0) throw std::runtime_error(std::string("forkpty: ") + std::strerror(errno));
    if (pid == 0) {
        if (mode == TerminalMode::raw) {
            termios settings{};
            ::tcgetattr(STDIN_FILENO, &settings);
            ::cfmakeraw(&settings);
            ::tcsetattr(STDIN_FILENO, TCSANOW, &settings);
        }
        ::execve(program.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    pid_ = pid;
}

PtyProcess::~PtyProcess() {
    if (exit_code_ < 0) {
        ::kill(static_cast<pid_t>(pid_), SIGKILL);
        wait();
    }
    ::close(master_);
}

void PtyProcess::type(const std::string& keys) {
    std::size_t written = 0;
    while (written < keys.size()) {
        const auto n = ::write(master_, keys.data() + written, keys.size() - written);
        if (n <= 0) throw std::runtime_error("cannot type into the terminal");
        written += static_cast<std::size_t>(n);
    }
}

bool PtyProcess::read_screen(std::chrono::milliseconds timeout) {
    if (closed_) return false;
    pollfd fd{master_, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char buffer[4096];
    const auto n = ::read(master_, buffer, sizeof buffer);
    // Linux reports EIO once the program's side of the terminal is closed.
    if (n <= 0) {
        closed_ = true;
        return false;
    }
    screen_.append(buffer, static_cast<std::size_t>(n));
    return true;
}

std::string PtyProcess::screen() {
    while (read_screen(std::chrono::milliseconds(0))) {
    }
    return screen_;
}

bool PtyProcess::wait_for_screen(const std::string& text, std::chrono::seconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (screen_.find(text) == std::string::npos && !closed_ && std::chrono::steady_clock::now() < until) {
        read_screen(std::chrono::milliseconds(100));
    }
    return screen_.find(text) != std::string::npos;
}

bool PtyProcess::echo_on() const {
    termios settings{};
    if (::tcgetattr(master_, &settings) != 0) throw std::runtime_error("cannot read the terminal's settings");
    return (settings.c_lflag & ECHO) != 0;
}

bool PtyProcess::wait_for_echo(bool on, std::chrono::seconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    // The program changes the setting without writing anything, so the
    // terminal is read in short slices between checks.
    while (echo_on() != on && !closed_ && std::chrono::steady_clock::now() < until) {
        read_screen(std::chrono::milliseconds(10));
    }
    return echo_on() == on;
}

int PtyProcess::wait() {
    if (exit_code_ < 0) {
        while (!closed_) read_screen(std::chrono::milliseconds(100));
        int status = 0;
        ::waitpid(static_cast<pid_t>(pid_), &status, 0);
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    return exit_code_;
}

}  // namespace parley::test
