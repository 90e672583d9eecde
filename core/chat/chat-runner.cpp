#include "chat/chat-runner.h"

#include "chat/persisting-sink.h"
#include "providers/provider-error.h"

#include <algorithm>

namespace parley {

namespace {

ChatRequest build_request(const HistoryStore& history, const std::vector<MessageRecord>& branch,
                          const std::string& model, const std::string& system, const ChatOptions& options) {
    ChatRequest request;
    request.model = model;
    request.system = system;
    request.temperature = options.temperature;
    request.max_tokens = options.max_tokens;
    request.stream = options.stream;
    for (const auto& message : branch) {
        if (message.role == "system" || (message.content.empty() && message.attachments.empty())) continue;
        ChatTurn turn{message.role == "user" ? Role::user : Role::assistant, message.content, {}};
        for (const auto& a : message.attachments) {
            turn.attachments.push_back({a.mime_type, history.attachment_data(a.sha256), a.name});
        }
        request.turns.push_back(std::move(turn));
    }
    return request;
}

// The reply's last save; returns its text. What arrived has already reached
// the display, so a failure says what was not saved rather than reading like
// a failed request.
GrowingText save_reply(HistoryStore& history, const MessageRecord& reply, PersistingSink& sink) {
    sink.stop();
    GrowingText text = sink.take_text();
    const GrowingText reasoning = sink.take_reasoning();
    try {
        history.finish_reply(reply, text.view(), reasoning.view());
    } catch (const HistoryError& error) {
        throw HistoryError(std::string("the reply could not be saved: ") + error.what());
    }
    return text;
}

MessageStatus status_for(const ProviderError& error) {
    switch (error.category()) {
        case ProviderError::Category::refused: return MessageStatus::error;
        case ProviderError::Category::network:
        case ProviderError::Category::interrupted: return MessageStatus::interrupted;
    }
    return MessageStatus::error;
}

}  // namespace

std::string title_from_message(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    constexpr std::size_t kMax = 60;
    if (line.size() <= kMax) return line.empty() ? "New conversation" : line;
    std::size_t cut = line.rfind(' ', kMax);
    if (cut == std::string::npos || cut < kMax / 2) cut = kMax;
    // Never cut inside a UTF-8 sequence.
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    return line.substr(0, cut) + "…";
}

ChatRunner::ChatRunner(HistoryStore& history, const ProviderClient& client, std::string provider_id,
                       std::string default_model, CostEstimator cost, std::chrono::milliseconds flush_interval)
    : history_(history),
      client_(client),
      provider_id_(std::move(provider_id)),
      default_model_(std::move(default_model)),
      cost_(std::move(cost)),
      flush_interval_(flush_interval) {}

ChatOutcome ChatRunner::send(const ChatOptions& options, const std::string& user_text,
                             const std::vector<Attachment>& attachments, const Secret& key, ReplySink& display,
                             CancelToken& cancel) {
    ChatOutcome outcome;
    std::string model = options.model;
    std::string system = options.system_prompt.value_or("");
    std::optional<std::int64_t> parent;
    if (options.conversation_id) {
        const auto conversation = history_.load_conversation(*options.conversation_id);
        if (!conversation) throw HistoryError("no conversation with id " + std::to_string(*options.conversation_id));
        outcome.conversation_id = conversation->summary.id;
        if (model.empty()) model = conversation->model;
        if (!options.system_prompt) system = conversation->system_prompt;
        parent = conversation->current_leaf_id;
        if (options.branch_from) {
            const auto wanted = options.branch_from->parent;
            const bool found = !wanted || std::any_of(conversation->messages.begin(), conversation->messages.end(),
                                                      [&](const MessageRecord& m) { return m.id == *wanted; });
            if (!found) {
                throw HistoryError("message " + std::to_string(*wanted) + " is not in conversation " +
                                   std::to_string(outcome.conversation_id));
            }
            parent = wanted;
        }
    }
    if (model.empty()) model = default_model_;
    if (model.empty()) {
        throw ProviderError(ProviderError::Category::refused, client_.label(), 0,
                            "no model given: pass -m MODEL or set one with provider add --model");
    }
    outcome.model = model;

    MessageRecord user;
    user.conversation_id = outcome.conversation_id;
    user.parent_id = parent;
    user.role = "user";
    user.content = user_text;
    user.status = MessageStatus::complete;
    std::vector<AttachmentBlob> blobs;
    for (const auto& a : attachments) blobs.push_back({a.mime_type, a.name, a.data});
    if (options.conversation_id) {
        outcome.user_message_id = history_.add_message(user, blobs);
    } else {
        const auto started =
            history_.start_conversation(title_from_message(user_text), provider_id_, model, system, user, blobs);
        outcome.conversation_id = started.conversation_id;
        outcome.user_message_id = started.message_id;
    }
    stream_reply(outcome, system, options, key, display, cancel);
    return outcome;
}

ChatOutcome ChatRunner::regenerate(const ChatOptions& options, std::int64_t reply_id, const Secret& key,
                                   ReplySink& display, CancelToken& cancel) {
    const auto conversation = options.conversation_id ? history_.load_conversation(*options.conversation_id)
                                                      : std::nullopt;
    if (!conversation) throw HistoryError("regenerate needs the conversation of the reply");
    const auto old = std::find_if(conversation->messages.begin(), conversation->messages.end(),
                                  [&](const MessageRecord& m) { return m.id == reply_id; });
    if (old == conversation->messages.end() || old->role != "assistant" || !old->parent_id) {
        throw HistoryError("message " + std::to_string(reply_id) + " is not a reply in conversation " +
                           std::to_string(conversation->summary.id));
    }
    ChatOutcome outcome;
    outcome.conversation_id = conversation->summary.id;
    outcome.user_message_id = *old->parent_id;
    outcome.model = !options.model.empty()      ? options.model
                    : !old->model.empty()        ? old->model
                    : !conversation->model.empty() ? conversation->model
                                                   : default_model_;
    // The reply goes under the same user message: show that branch first.
    history_.show_branch(outcome.conversation_id, outcome.user_message_id);
    const std::string system = options.system_prompt.value_or(conversation->system_prompt);
    stream_reply(outcome, system, options, key, display, cancel);
    return outcome;
}

void ChatRunner::stream_reply(ChatOutcome& outcome, const std::string& system, const ChatOptions& options,
                              const Secret& key, ReplySink& display, CancelToken& cancel) {
    const std::string& model = outcome.model;
    MessageRecord reply;
    reply.conversation_id = outcome.conversation_id;
    reply.parent_id = outcome.user_message_id;
    reply.role = "assistant";
    reply.status = MessageStatus::streaming;
    reply.provider = provider_id_;
    reply.model = model;
    reply.id = history_.add_message(reply);
    outcome.reply_message_id = reply.id;
    if (on_started) on_started(outcome.conversation_id, reply.id);

    // The branch up to the user message: the new reply row is its leaf.
    auto branch = history_.current_branch(outcome.conversation_id);
    if (!branch.empty() && branch.back().id == reply.id) branch.pop_back();
    const ChatRequest request = build_request(history_, branch, model, system, options);
    PersistingSink sink(history_, reply.id, display, flush_interval_);
    try {
        const StreamResult result = client_.chat(request, key, sink, cancel);
        reply.status = MessageStatus::complete;
        reply.finish_reason = result.finish_reason;
        if (result.usage.known) {
            reply.input_tokens = result.usage.input_tokens;
            reply.output_tokens = result.usage.output_tokens;
            if (cost_) reply.cost_usd = cost_(model, result.usage);
        }
        outcome.usage = result.usage;
        outcome.finish_reason = result.finish_reason;
    } catch (const ProviderError& error) {
        reply.status = status_for(error);
        reply.error = error.what();
        save_reply(history_, reply, sink);
        throw;
    }
    outcome.text = save_reply(history_, reply, sink);
    outcome.status = reply.status;
}

}  // namespace parley
