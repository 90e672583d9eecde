#include "scenario.h"

#include <algorithm>
#include <sstream>

namespace parley::fake {

Scenario parse_scenario(const std::string& model_string) {
    Scenario s;
    std::stringstream in(model_string);
    std::string token;
    std::getline(in, s.model, '+');
    while (std::getline(in, token, '+')) {
        const auto eq = token.find('=');
        const std::string name = token.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : token.substr(eq + 1);
        if (name == "echo") s.echo = true;
        else if (name == "markdown") s.markdown = true;
        else if (name == "long") s.long_bytes = std::stoul(value);
        else if (name == "delta")
            s.delta_bytes = std::max<std::size_t>(std::stoul(value), 1);
        else if (name == "prebuilt")
            s.prebuilt = true;
        else if (name == "reasoning") s.reasoning = true;
        else if (name == "escapes") s.escapes = true;
        else if (name == "split") s.split = true;
        else if (name == "crlf") s.line_end = "\r\n";
        else if (name == "lf") s.line_end = "\n";
        else if (name == "cr") s.line_end = "\r";
        else if (name == "comments") s.comments = true;
        else if (name == "bom") s.bom = true;
        else if (name == "nospace") s.nospace = true;
        else if (name == "eventlines") s.eventlines = true;
        else if (name == "pad") s.pad = true;
        else if (name == "unknown") s.unknown = true;
        else if (name == "chunked") s.chunked = true;
        else if (name.starts_with("status")) s.status = std::stoi(name.substr(6));
        else if (name == "quota") s.quota = true;
        else if (name.starts_with("fail")) s.fail_first = std::stoi(name.substr(4));
        else if (name == "retryafter") s.retry_after = value;
        else if (name == "midstream-error") s.midstream_error = true;
        else if (name == "truncate") s.truncate = true;
        else if (name == "reset") s.reset = true;
        else if (name == "stall") {
            s.stall = true;
            if (!value.empty()) s.stall_after = std::stoi(value);
        }
        else if (name == "slow") s.slow_ms = std::stoi(value);
        else if (name == "stallon") s.stall_on = std::stoi(value);
        else if (name == "echokey") s.echo_key = true;
        else if (name == "deepjson")
            s.deepjson = true;
        else if (name == "endlessline")
            s.endlessline = true;
        else if (name == "endlessevent")
            s.endlessevent = true;
        else if (name == "endlessarray")
            s.endlessarray = true;
        else if (name == "endlessbody")
            s.endlessbody = true;
    }
    return s;
}

}  // namespace parley::fake
