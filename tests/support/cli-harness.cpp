#include "cli-harness.h"

#include "fake-provider.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace parley::test {

CliHarness::CliHarness() {
    // Children get this environment and nothing else: a developer's keys,
    // proxy or NO_PROXY settings must not change what a test sees.
    for (const char* name :
         {"PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR",
          "XDG_DATA_HOME", "XDG_CONFIG_HOME", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"}) {
        if (const char* value = std::getenv(name)) env_[name] = value;
    }
    env_["PARLEY_HOME"] = home_.path().string();
}

std::vector<std::string> CliHarness::clean_command(const std::vector<std::string>& args) const {
    std::vector<std::string> command = {"-i"};
    for (const auto& [name, value] : env_) command.push_back(name + "=" + value);
    command.push_back(cli_path());
    command.insert(command.end(), args.begin(), args.end());
    return command;
}

ProcessResult CliHarness::run(const std::vector<std::string>& args, const std::string& input) const {
    return run_process("/usr/bin/env", clean_command(args), input);
}

nlohmann::json CliHarness::run_json(const std::vector<std::string>& args) const {
    const auto result = run(args);
    if (result.exit_code != 0) {
        throw std::runtime_error("parley-cli exited " + std::to_string(result.exit_code) + ": " + result.err);
    }
    return nlohmann::json::parse(result.out);
}

std::unique_ptr<ChildProcess> CliHarness::start(const std::vector<std::string>& args) const {
    return std::make_unique<ChildProcess>("/usr/bin/env", clean_command(args));
}

std::string CliHarness::all_profile_bytes() const {
    std::string all;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(home_.path())) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        all.append(std::istreambuf_iterator<char>(in), {});
    }
    return all;
}

}  // namespace parley::test
