#pragma once

#include <optional>
#include <string>

namespace parley::fake {

// What a request asks of the fake, read from its model string: the model
// name, then `+token` modifiers (see tests/fakes/README.md).
struct Scenario {
    std::string model;  // the part before the first '+'
    bool echo = false;
    bool markdown = false;
    std::optional<std::size_t> long_bytes;
    std::size_t delta_bytes = 32;  // the size of `long` deltas
    bool prebuilt = false;
    bool reasoning = false;
    bool escapes = false;
    // Framing quirks.
    bool split = false;
    std::string line_end;  // empty: the kind's own default
    bool comments = false;
    bool bom = false;
    bool nospace = false;
    bool eventlines = false;
    bool pad = false;
    bool unknown = false;
    bool chunked = false;
    // Faults.
    int status = 0;
    bool quota = false;
    int fail_first = 0;
    std::optional<std::string> retry_after;
    bool midstream_error = false;
    bool truncate = false;
    bool reset = false;
    bool stall = false;
    int stall_after = 1;  // answer deltas sent before the stall
    int stall_on = 0;     // only the Nth request with this model string stalls
    int slow_ms = 0;
    // Error bodies and events quote the presented key, as real providers do.
    bool echo_key = false;
    // Hostile replies: bodies that never end or nest without end.
    bool deepjson = false;
    bool endlessline = false;
    bool endlessevent = false;
    bool endlessarray = false;
    bool endlessbody = false;
};

Scenario parse_scenario(const std::string& model_string);

}  // namespace parley::fake
