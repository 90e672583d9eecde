#include "cli-context.h"
#include "interrupt-signals.h"
#include "provider-access.h"
#include "providers/provider-client.h"

#include <iostream>

namespace parley {

namespace {

class DiscardSink final : public ReplySink {
public:
    void on_text(std::string_view text) override { received += text.size(); }
    void on_reasoning(std::string_view) override {}
    std::size_t received = 0;
};

}  // namespace

int run_provider_models(CliContext& context, ArgumentList& args) {
    const std::string id = args.require_positional("provider ID");
    const bool json = args.take_flag("--json");
    args.expect_end();
    ProviderAccess access = open_provider(context, id);
    const ProviderClient client(access.profile, context.network_options());
    CancelToken cancel;
    const ScopedInterruptHandler interrupt([&cancel](int) { cancel.cancel(); });
    try {
        const auto models = client.list_models(access.key.key, cancel);
        if (json) {
            print_json(models);
        } else {
            for (const auto& model : models) std::cout << model << "\n";
        }
        return exit_code::ok;
    } catch (const ProviderError& error) {
        std::cerr << "parley-cli: " << error.what() << "\n";
        return exit_code_for(error);
    }
}

int run_provider_test(CliContext& context, ArgumentList& args) {
    const std::string id = args.require_positional("provider ID");
    const auto model = args.take_value("--model", "-m");
    args.expect_end();
    ProviderAccess access = open_provider(context, id);
    const ProviderClient client(access.profile, context.network_options(), RetryPolicy{0});
    ChatRequest request;
    request.model = model.value_or(access.profile.default_model);
    if (request.model.empty()) throw UsageError("provider test needs a model: -m MODEL");
    request.turns.push_back({Role::user, "Reply with the single word: ok", {}});
    request.max_tokens = 16;
    CancelToken cancel;
    const ScopedInterruptHandler interrupt([&cancel](int) { cancel.cancel(); });
    DiscardSink sink;
    try {
        const auto result = client.chat(request, access.key.key, sink, cancel);
        std::cout << "ok: " << client.label() << " answered with model " << request.model << " ("
                  << sink.received << " bytes, finish reason " << (result.finish_reason.empty() ? "-" : result.finish_reason)
                  << ")\n";
        return exit_code::ok;
    } catch (const ProviderError& error) {
        std::cerr << "parley-cli: " << error.what() << "\n";
        return exit_code_for(error);
    }
}

}  // namespace parley
