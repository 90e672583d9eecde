#pragma once

#include "child-process.h"
#include "temp-dir.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace parley::test {

// parley-cli against a fresh PARLEY_HOME, in a clean environment: only
// env(), which starts with what a session needs (PATH, HOME, the D-Bus and
// XDG variables, sanitizer options).
class CliHarness {
public:
    CliHarness();
    ProcessResult run(const std::vector<std::string>& args, const std::string& input = "") const;
    // Runs and parses stdout as JSON; fails the test on a non-zero exit.
    nlohmann::json run_json(const std::vector<std::string>& args) const;
    std::unique_ptr<ChildProcess> start(const std::vector<std::string>& args) const;
    const std::filesystem::path& home() const { return home_.path(); }
    Environment& env() { return env_; }
    const Environment& env() const { return env_; }
    // Every file under the profile, concatenated: for "no secret on disk".
    std::string all_profile_bytes() const;

private:
    std::vector<std::string> clean_command(const std::vector<std::string>& args) const;

    TempDir home_;
    Environment env_;
};

}  // namespace parley::test
