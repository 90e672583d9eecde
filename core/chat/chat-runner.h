#pragma once

#include "chat/growing-text.h"
#include "history/history-store.h"
#include "net/cancel-token.h"
#include "providers/chat-request.h"
#include "providers/provider-client.h"
#include "providers/reply-sink.h"
#include "vault/secret.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace parley {

struct ChatOptions {
    std::optional<std::int64_t> conversation_id;  // empty: start a new conversation
    // Where the new message goes: empty for after the shown branch's last
    // message; a branch point starts a new branch under that parent (none:
    // a new first message). Editing a message is sending its new text from
    // the edited message's parent.
    struct BranchPoint {
        std::optional<std::int64_t> parent;
    };
    std::optional<BranchPoint> branch_from;
    std::string model;                            // empty: the conversation's, then the provider's default
    std::optional<std::string> system_prompt;     // empty: the conversation's
    std::optional<double> temperature;
    std::optional<int> max_tokens;
    bool stream = true;
};

struct ChatOutcome {
    std::int64_t conversation_id = 0;
    std::int64_t user_message_id = 0;
    std::int64_t reply_message_id = 0;
    GrowingText text;  // as it was received: a long reply is not copied again
    MessageStatus status = MessageStatus::complete;
    std::string finish_reason;
    std::string model;
    Usage usage;
};

// Prices a reply; returns nothing when the model has no known price.
using CostEstimator = std::function<std::optional<double>(const std::string& model, const Usage& usage)>;

// One exchange with a provider, persisted as it happens: the user's message
// first, then the reply row from its first byte, its text flushed at least
// every `flush_interval` so a crash loses at most that much. On failure the
// partial reply stays, marked error or interrupted, and the error is rethrown.
class ChatRunner {
public:
    ChatRunner(HistoryStore& history, const ProviderClient& client, std::string provider_id,
               std::string default_model, CostEstimator cost = {},
               std::chrono::milliseconds flush_interval = std::chrono::milliseconds(250));

    ChatOutcome send(const ChatOptions& options, const std::string& user_text,
                     const std::vector<Attachment>& attachments, const Secret& key, ReplySink& display,
                     CancelToken& cancel);

    // Asks for another reply to the user message that `reply_id` answered;
    // the new reply is a sibling of the old one and becomes the shown branch.
    ChatOutcome regenerate(const ChatOptions& options, std::int64_t reply_id, const Secret& key, ReplySink& display,
                           CancelToken& cancel);

    // Called once the conversation and the user's message exist, before the
    // provider is contacted, so a front end can show them at once.
    std::function<void(std::int64_t conversation_id, std::int64_t reply_message_id)> on_started;

private:
    void stream_reply(ChatOutcome& outcome, const std::string& system, const ChatOptions& options, const Secret& key,
                      ReplySink& display, CancelToken& cancel);

    HistoryStore& history_;
    const ProviderClient& client_;
    std::string provider_id_;
    std::string default_model_;
    CostEstimator cost_;
    std::chrono::milliseconds flush_interval_;
};

// Builds a conversation title from the first message: its first line, cut at
// a word boundary.
std::string title_from_message(const std::string& text);

}  // namespace parley
