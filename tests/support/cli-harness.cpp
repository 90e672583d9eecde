#include "cli-harness.h"

#include "fake-provider.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace parley::test {

CliHarness::CliHarness() {
    env_["PARLEY_HOME"] = home_.path().string();
    // Environment keys of the developer's shell must not leak into tests.
    for (const char* name : {"OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "HTTPS_PROXY", "https_proxy",
                             "HTTP_PROXY", "http_proxy", "PARLEY_VAULT_PASSPHRASE"}) {
        env_[name] = "";
    }
}

ProcessResult CliHarness::run(const std::vector<std::string>& args, const std::string& input) const {
    return run_process(cli_path(), args, input, env_);
}

nlohmann::json CliHarness::run_json(const std::vector<std::string>& args) const {
    const auto result = run(args);
    if (result.exit_code != 0) {
        throw std::runtime_error("parley-cli exited " + std::to_string(result.exit_code) + ": " + result.err);
    }
    return nlohmann::json::parse(result.out);
}

std::unique_ptr<ChildProcess> CliHarness::start(const std::vector<std::string>& args) const {
    return std::make_unique<ChildProcess>(cli_path(), args, env_);
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
