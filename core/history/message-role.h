#pragma once

#include "history/history-types.h"

#include <string>
#include <vector>

namespace parley {

// Who wrote a message, as a person reads it: "You", "Assistant", "System".
std::string role_label(const std::string& role);

// What heads a message in a transcript: who wrote it, the model of a reply,
// and how it ended when that was not normally ("interrupted", "error").
std::string message_heading(const MessageRecord& message);

// The last reply of `branch`, or nullptr when it has none.
const MessageRecord* last_reply(const std::vector<MessageRecord>& branch);

}  // namespace parley
