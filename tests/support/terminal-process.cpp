#include "terminal-process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <stdexcept>

namespace parley::test {

ProcessResult run_on_terminal(const std::string& program, const std::vector<std::string>& args,
                              const Environment& env) {
    // Everything the child needs is built before fork: between fork and
    // exec only async-signal-safe calls are allowed.
    std::map<std::string, std::string> merged;
    for (char** entry = environ; *entry; ++entry) {
        const std::string text = *entry;
        const auto eq = text.find('=');
        if (eq != std::string::npos) merged[text.substr(0, eq)] = text.substr(eq + 1);
    }
    for (const auto& [name, value] : env) merged[name] = value;
    std::vector<std::string> env_strings;
    for (const auto& [name, value] : merged) env_strings.push_back(name + "=" + value);
    std::vector<char*> envp;
    for (auto& entry : env_strings) envp.push_back(entry.data());
    envp.push_back(nullptr);
    std::vector<std::string> arg_strings{program};
    arg_strings.insert(arg_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : arg_strings) argv.push_back(arg.data());
    argv.push_back(nullptr);

    // POSIX calls only (no forkpty), so this builds wherever the tests do.
    const int terminal = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (terminal < 0 || ::grantpt(terminal) != 0 || ::unlockpt(terminal) != 0) {
        throw std::runtime_error("cannot open a pseudo-terminal");
    }
    const int device = ::open(::ptsname(terminal), O_RDWR | O_NOCTTY);
    termios raw{};
    if (device < 0 || ::tcgetattr(device, &raw) != 0)
        throw std::runtime_error("cannot open the pseudo-terminal's device");
    ::cfmakeraw(&raw);
    ::tcsetattr(device, TCSANOW, &raw);
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::setsid();
        ::dup2(device, STDIN_FILENO);
        ::dup2(device, STDOUT_FILENO);
        ::dup2(device, STDERR_FILENO);
        ::close(device);
        ::close(terminal);
        ::execve(program.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(device);
    ProcessResult result;
    char buffer[4096];
    while (true) {
        const ssize_t n = ::read(terminal, buffer, sizeof buffer);
        if (n > 0) {
            result.out.append(buffer, static_cast<std::size_t>(n));
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            break;  // EIO: the program and everything it started have closed the terminal
        }
    }
    ::close(terminal);
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

}  // namespace parley::test
