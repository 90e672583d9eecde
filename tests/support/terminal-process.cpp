#include "terminal-process.h"

#include "pty-process.h"

#include <unistd.h>

namespace parley::test {

ProcessResult run_on_terminal(const std::string& program, const std::vector<std::string>& args,
                              const Environment& env) {
    Environment merged;
    for (char** entry = environ; *entry; ++entry) {
        const std::string text = *entry;
        const auto eq = text.find('=');
        if (eq != std::string::npos) merged[text.substr(0, eq)] = text.substr(eq + 1);
    }
    for (const auto& [name, value] : env) merged[name] = value;
    PtyProcess process(program, args, merged, TerminalMode::raw);
    ProcessResult result;
    result.exit_code = process.wait();
    result.out = process.screen();
    return result;
}

}  // namespace parley::test
