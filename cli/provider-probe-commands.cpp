#include "cli-context.h"
#include "interrupt-signals.h"
#include "provider-access.h"
#include "providers/provider-check.h"
#include "providers/provider-client.h"

#include <iostream>

namespace parley {

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
    const std::string chosen = model.value_or(access.profile.default_model);
    if (chosen.empty()) throw UsageError("provider test needs a model: -m MODEL");
    CancelToken cancel;
    const ScopedInterruptHandler interrupt([&cancel](int) { cancel.cancel(); });
    try {
        const auto check = check_provider(access.profile, context.network_options(), chosen, access.key.key, cancel);
        std::cout << "ok: " << check.label << " answered with model " << check.model << " (" << check.bytes_received
                  << " bytes, finish reason " << (check.finish_reason.empty() ? "-" : check.finish_reason) << ")\n";
        return exit_code::ok;
    } catch (const ProviderError& error) {
        std::cerr << "parley-cli: " << error.what() << "\n";
        return exit_code_for(error);
    }
}

}  // namespace parley
