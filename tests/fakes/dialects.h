#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace parley::fake {

enum class Dialect { openai, anthropic, gemini };

// The reply the fake will give, before any wire format is applied.
struct Reply {
    std::string model;
    std::vector<std::string> reasoning;  // thinking deltas
    std::vector<std::string> text;       // answer deltas
    long long input_tokens = 0;
    bool cut_by_max_tokens = false;
};

struct Event {
    std::string name;  // the SSE `event:` field; empty for none
    nlohmann::json data;
};

// The stream as each provider sends it, terminator included.
std::vector<Event> stream_events(Dialect dialect, const Reply& reply, bool unknown_extras);
// How many events of stream_events() come before the first answer delta
// is complete, for faults injected mid-reply.
std::size_t events_before_text(Dialect dialect, const Reply& reply);
// The provider's own error event sent mid-stream.
Event midstream_error(Dialect dialect);
// The terminator events the stream ends with (dropped by `truncate`).
std::size_t terminator_events(Dialect dialect);

nlohmann::json complete_body(Dialect dialect, const Reply& reply);

// The provider's error body for an HTTP status; `quota` means a spent
// quota rather than a rate limit.
nlohmann::json error_body(Dialect dialect, int status, const std::string& model, bool quota);

// One page of the model list; `cursor` is the provider's paging token.
nlohmann::json models_page(Dialect dialect, const std::string& cursor);

}  // namespace parley::fake
