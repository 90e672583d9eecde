#pragma once

#include "chat/chat-runner.h"
#include "settings/settings.h"

namespace parley {

// What a new message is: the first of a new conversation, or one more in an
// existing conversation (a reply, an edit, a regeneration).
enum class ChatTarget { new_conversation, existing_conversation };

// The profile's chat defaults applied to `given`: chat.temperature and
// chat.max_tokens where `given` has none, and chat.system_prompt for a new
// conversation only (an existing conversation keeps the prompt it started
// with). What the caller set explicitly (a command-line flag) wins. Both
// front ends go through this, so the CLI and the desktop app honour the
// same settings. Throws SettingsError naming the key when a hand-edited
// settings file holds a value the key does not allow.
ChatOptions apply_chat_settings(const Settings& settings, ChatOptions given, ChatTarget target);

}  // namespace parley
