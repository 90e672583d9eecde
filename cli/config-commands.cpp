#include "cli-context.h"

#include "net/proxy-config.h"

#include <iostream>

namespace parley {

namespace {

// A proxy password written into settings.json by hand (or by an older
// release) is never printed.
std::string shown(const std::string& key, const std::string& value) {
    return key == "network.proxy" ? masked_proxy_url(value) : value;
}

}  // namespace

int run_config_command(CliContext& context, ArgumentList& args) {
    const std::string verb = args.require_positional("config subcommand (get, set, list)");
    auto& settings = context.profile().settings();
    try {
        if (verb == "get") {
            const std::string key = args.require_positional("config KEY");
            args.expect_end();
            std::cout << shown(key, settings.get(key)) << "\n";
            return exit_code::ok;
        }
        if (verb == "set") {
            const std::string key = args.require_positional("config KEY");
            const std::string value = args.require_positional("config VALUE");
            args.expect_end();
            if (key == "chat.default_provider" && !settings.provider(value)) {
                throw UsageError("no provider named '" + value + "'");
            }
            if (key == "network.proxy") {
                auto& profile = context.profile();
                profile.set_proxy(value,
                                  [&context, &profile] { return context.vault_passphrase(!profile.has_file_vault()); });
                return exit_code::ok;
            }
            settings.set(key, value);
            settings.save();
            return exit_code::ok;
        }
        if (verb == "list") {
            args.expect_end();
            for (const auto& [key, value] : settings.all()) std::cout << key << "=" << shown(key, value) << "\n";
            return exit_code::ok;
        }
    } catch (const SettingsError& error) {
        throw UsageError(error.what());
    }
    throw UsageError("unknown config subcommand: " + verb);
}

}  // namespace parley
