#include "external-tool.h"

#include <Poco/Environment.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <thread>

namespace parley {
namespace {

std::string last_line(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    const auto newline = text.rfind('\n');
    return newline == std::string::npos ? text : text.substr(newline + 1);
}

}  // namespace

std::filesystem::path locate_external_tool(const std::string& program, const std::string& package) {
    Poco::Path found;
    if (!Poco::Path::find(Poco::Environment::get("PATH", ""), program, found))
        throw ExternalToolError(program + " not found on PATH (install the " + package + " package)");
    return found.toString();
}

void require_external_tools(const std::vector<ExternalTool>& tools) {
    for (const auto& tool : tools) locate_external_tool(tool.program, tool.package);
}

ToolOutput run_external_tool(const std::string& program, const std::string& package,
                             const std::vector<std::string>& args, const std::filesystem::path& directory) {
    const std::filesystem::path found = locate_external_tool(program, package);

    Poco::Pipe out_pipe;
    Poco::Pipe err_pipe;
    Poco::ProcessHandle handle =
        Poco::Process::launch(found.string(), args, directory.string(), nullptr, &out_pipe, &err_pipe);
    ToolOutput output;
    // Both pipes are drained at once: a tool that fills one while we wait on the other would hang.
    std::thread err_reader([&] {
        Poco::PipeInputStream err_stream(err_pipe);
        Poco::StreamCopier::copyToString(err_stream, output.err);
    });
    Poco::PipeInputStream out_stream(out_pipe);
    Poco::StreamCopier::copyToString(out_stream, output.out);
    err_reader.join();
    const int status = handle.wait();
    if (status != 0) {
        const std::string said = last_line(output.err.empty() ? output.out : output.err);
        throw ExternalToolError(program + " failed (exit " + std::to_string(status) + ")" +
                                (said.empty() ? "" : ": " + said));
    }
    return output;
}

}  // namespace parley
