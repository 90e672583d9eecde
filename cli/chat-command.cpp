#include "chat-license.h"
#include "chat/chat-runner.h"
#include "chat/chat-settings.h"
#include "chat/cost-estimator.h"
#include "chat/image-attachment.h"
#include "chat/message-actions.h"
#include "cli-context.h"
#include "interrupt-signals.h"
#include "provider-access.h"
#include "terminal-input.h"

#include <iostream>
#include <iterator>
#include <sstream>

namespace parley {

namespace {

// Writes reply text to stdout as it arrives: exactly, or on a terminal
// through its filter (see terminal-output.h). The provider client hands over
// the deltas of one read from the network together (CoalescingSink), so a
// long reply costs a write per read rather than per delta of a few bytes.
class StdoutSink final : public ReplySink {
public:
    explicit StdoutSink(bool enabled) : enabled_(enabled) {}
    void on_text(std::string_view text) override {
        if (!enabled_ || text.empty()) return;
        std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
        ends_with_newline_ = text.back() == '\n';
        wrote_ = true;
    }
    void on_reasoning(std::string_view) override {}
    void flush() override {
        if (enabled_) std::cout.flush();
    }
    // Before anything goes to stderr, so that an error follows the text.
    void finish_line() {
        if (enabled_ && wrote_ && !ends_with_newline_) std::cout << '\n';
        flush();
    }

private:
    bool enabled_;
    bool wrote_ = false;
    bool ends_with_newline_ = false;
};

std::string read_all(std::istream& in) {
    return {std::istreambuf_iterator<char>(in), {}};
}

Attachment load_attachment(const std::string& path) {
    try {
        return load_image_attachment(path);
    } catch (const AttachmentError& e) {
        throw UsageError(e.what());
    }
}

template <typename T>
std::optional<T> parse_number(const std::optional<std::string>& text, const char* option) {
    if (!text) return std::nullopt;
    std::istringstream in(*text);
    T value{};
    if (!(in >> value) || !in.eof()) throw UsageError(std::string(option) + " needs a number, got '" + *text + "'");
    return value;
}

}  // namespace

int run_chat_command(CliContext& context, ArgumentList& args) {
    const auto provider_id = args.take_value("--provider", "-p");
    ChatOptions options;
    options.model = args.take_value("--model", "-m").value_or("");
    if (auto system = args.take_value("--system", "-s")) options.system_prompt = *system;
    const auto conversation = args.take_value("--conversation", "-c");
    const bool continue_latest = args.take_flag("--continue");
    options.temperature = parse_number<double>(args.take_value("--temperature"), "--temperature");
    options.max_tokens = parse_number<int>(args.take_value("--max-tokens"), "--max-tokens");
    const auto attachment_paths = args.take_values("--attach");
    options.stream = !args.take_flag("--no-stream");
    const bool json = args.take_flag("--json");
    const auto edit = args.take_value("--edit");
    const auto regenerate = args.take_value("--regenerate");
    std::optional<std::string> message = args.next_positional();
    args.expect_end();
    if (edit && regenerate) throw UsageError("use either --edit or --regenerate, not both");
    if ((edit || regenerate) && (conversation || continue_latest)) {
        throw UsageError("--edit and --regenerate name a message, which names its conversation: drop -c/--continue");
    }
    if (regenerate && message) throw UsageError("--regenerate takes no MESSAGE: it asks again for the same one");

    if (options.temperature && (*options.temperature < 0 || *options.temperature > 2)) {
        throw UsageError("--temperature must be between 0 and 2");
    }
    if (options.max_tokens && *options.max_tokens < 1) throw UsageError("--max-tokens must be positive");
    if (conversation && continue_latest) throw UsageError("use either -c ID or --continue, not both");
    const auto license = ChatLicense::admit(context);
    if (!license) return exit_code::no_license;
    if (!regenerate && (!message || *message == "-")) {
        if (!message && stdin_is_terminal()) throw UsageError("chat needs a MESSAGE (or - to read it from stdin)");
        message = read_all(std::cin);
    }
    if (!regenerate && message->empty()) throw UsageError("the message is empty");

    std::vector<Attachment> attachments;
    for (const auto& path : attachment_paths) attachments.push_back(load_attachment(path));

    auto& settings = context.profile().settings();
    const bool new_conversation = !conversation && !continue_latest && !edit && !regenerate;
    options = apply_chat_settings(settings, std::move(options),
                                  new_conversation ? ChatTarget::new_conversation : ChatTarget::existing_conversation);

    auto& history = context.profile().history();
    std::optional<std::int64_t> regenerate_id;
    if (edit || regenerate) {
        const auto id = parse_number<std::int64_t>(edit ? edit : regenerate, edit ? "--edit" : "--regenerate");
        const auto target = history.find_message(*id);
        if (!target) throw UsageError("no message with id " + std::to_string(*id));
        try {
            options = edit ? edit_options(*target, options) : regenerate_options(*target, options);
        } catch (const MessageActionError& e) {
            throw UsageError(std::string(edit ? "--edit: " : "--regenerate: ") + e.what());
        }
        if (regenerate) regenerate_id = target->id;
    }
    if (conversation) {
        const auto id = parse_number<std::int64_t>(conversation, "-c");
        if (!history.load_conversation(*id)) throw UsageError("no conversation with id " + *conversation);
        options.conversation_id = id;
    } else if (continue_latest) {
        options.conversation_id = history.most_recent_conversation();
        if (!options.conversation_id) throw UsageError("--continue: there is no conversation yet");
    }

    ProviderAccess access = open_provider(context, provider_id);
    const ProviderClient client(access.profile, context.network_options());
    ChatRunner runner(history, client, access.profile.id, access.profile.default_model, make_cost_estimator(settings));

    CancelToken cancel;
    const ScopedInterruptHandler interrupt([&cancel](int) { cancel.cancel(); });

    StdoutSink sink(!json);
    try {
        const ChatOutcome outcome = regenerate_id
                                        ? runner.regenerate(options, *regenerate_id, access.key.key, sink, cancel)
                                        : runner.send(options, *message, attachments, access.key.key, sink, cancel);
        sink.finish_line();
        if (json) {
            print_json(
                {{"conversation_id", outcome.conversation_id},
                 {"message_id", outcome.reply_message_id},
                 {"text", outcome.text.view()},
                 {"status", to_string(outcome.status)},
                 {"finish_reason", outcome.finish_reason},
                 {"provider", access.profile.id},
                 {"model", outcome.model},
                 {"usage",
                  {{"input_tokens", outcome.usage.known ? nlohmann::json(outcome.usage.input_tokens) : nullptr},
                   {"output_tokens", outcome.usage.known ? nlohmann::json(outcome.usage.output_tokens) : nullptr}}}});
        }
        return exit_code::ok;
    } catch (const ProviderError& error) {
        sink.finish_line();
        std::cerr << "parley-cli: " << error.what() << "\n";
        return exit_code_for(error);
    } catch (...) {
        sink.finish_line();
        throw;
    }
}

}  // namespace parley
