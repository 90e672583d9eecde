#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley {

// A tool that is missing, cannot start, or exits non-zero; the message names the tool and
// carries the tool's own last words.
class ExternalToolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ToolOutput {
    std::string out;
    std::string err;
};

struct ExternalTool {
    std::string program;
    std::string package;  // the Debian package that provides it, for the error when it is missing
};

// Throws ExternalToolError naming the first tool that is not on PATH, so a command can refuse
// before it has done any work.
void require_external_tools(const std::vector<ExternalTool>& tools);

// The path of `program` on PATH; throws ExternalToolError naming `package` when it is missing.
std::filesystem::path locate_external_tool(const std::string& program, const std::string& package);

// Runs `program` (looked up on PATH) with `args` in `directory` and returns what it printed.
// `package` names the Debian package that provides the tool, for the error when it is missing.
ToolOutput run_external_tool(const std::string& program, const std::string& package,
                             const std::vector<std::string>& args, const std::filesystem::path& directory);

}  // namespace parley
