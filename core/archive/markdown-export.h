#pragma once

#include "history/history-types.h"

#include <string>
#include <vector>

namespace parley {

// A readable Markdown transcript of the shown branch: who said what, with
// which model and when. Message text is copied verbatim, so code blocks and
// other Markdown stay intact.
std::string export_conversation_markdown(const Conversation& conversation, const std::vector<MessageRecord>& branch);

}  // namespace parley
