#include "cli-context.h"

#include <iostream>

namespace parley {

int run_config_command(CliContext& context, ArgumentList& args) {
    const std::string verb = args.require_positional("config subcommand (get, set, list)");
    auto& settings = context.profile().settings();
    try {
        if (verb == "get") {
            const std::string key = args.require_positional("config KEY");
            args.expect_end();
            std::cout << settings.get(key) << "\n";
            return exit_code::ok;
        }
        if (verb == "set") {
            const std::string key = args.require_positional("config KEY");
            const std::string value = args.require_positional("config VALUE");
            args.expect_end();
            if (key == "chat.default_provider" && !settings.provider(value)) {
                throw UsageError("no provider named '" + value + "'");
            }
            settings.set(key, value);
            settings.save();
            return exit_code::ok;
        }
        if (verb == "list") {
            args.expect_end();
            for (const auto& [key, value] : settings.all()) std::cout << key << "=" << value << "\n";
            return exit_code::ok;
        }
    } catch (const SettingsError& error) {
        throw UsageError(error.what());
    }
    throw UsageError("unknown config subcommand: " + verb);
}

}  // namespace parley
