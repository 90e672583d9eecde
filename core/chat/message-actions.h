#pragma once

#include "chat/chat-runner.h"
#include "history/history-types.h"

#include <stdexcept>

namespace parley {

// An action asked of a message that does not allow it (editing a reply,
// regenerating one of the user's own messages).
class MessageActionError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// `options` set to send a new text in place of the user's message `target`:
// in its conversation, as a new branch under the same parent. Throws
// MessageActionError when `target` is not one of the user's messages.
ChatOptions edit_options(const MessageRecord& target, ChatOptions options = {});

// `options` set to ask again for reply `target` (ChatRunner::regenerate with
// its id). Throws MessageActionError when `target` is not a reply.
ChatOptions regenerate_options(const MessageRecord& target, ChatOptions options = {});

}  // namespace parley
