#pragma once

#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley {

// A wrong command line: exit code 2 with the message and a usage hint.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The arguments after the command words. Options are taken out by name
// (anywhere on the line), then what remains are the positionals.
class ArgumentList {
public:
    explicit ArgumentList(std::vector<std::string> args);

    bool take_flag(const std::string& name);
    std::optional<std::string> take_value(const std::string& name, const std::string& short_name = "");
    std::vector<std::string> take_values(const std::string& name, const std::string& short_name = "");
    // take_value, but throws UsageError("NAME is required") when the option
    // is missing or empty.
    std::string require_value(const std::string& name, const std::string& short_name = "");
    std::optional<std::string> next_positional();
    std::string require_positional(const std::string& what);
    // Throws UsageError for anything left over (unknown options, extra words).
    void expect_end() const;
    bool empty() const { return args_.empty(); }

private:
    std::vector<std::string> args_;
};

// An option's whole-number value; throws UsageError("OPTION takes a whole
// number of at least MINIMUM") for anything else.
int parse_count(const std::string& option, const std::string& text, int minimum);

}  // namespace parley
