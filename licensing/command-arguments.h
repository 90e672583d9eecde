#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::licensing {

// A wrong command line: exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The words after the command: `--name VALUE` or `--name=VALUE` options
// anywhere, then positionals in order.
class CommandArguments {
public:
    explicit CommandArguments(std::vector<std::string> words) : words_(std::move(words)) {}

    std::optional<std::string> take_option(const std::string& name);
    std::string require_option(const std::string& name);
    bool take_flag(const std::string& name);
    std::string take_positional(const std::string& what);
    // Throws UsageError naming what is left over.
    void expect_end() const;

private:
    std::vector<std::string> words_;
};

int parse_count(const std::string& option, const std::string& text, int minimum);

}  // namespace parley::licensing
