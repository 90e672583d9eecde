#include "provider-access.h"

namespace parley {

ProviderAccess open_provider(CliContext& context, const std::optional<std::string>& id) {
    auto& settings = context.profile().settings();
    std::optional<ProviderProfile> profile = id ? settings.provider(*id) : settings.default_provider();
    if (!profile) {
        if (id) throw UsageError("no provider named '" + *id + "' (see `parley-cli provider list`)");
        if (settings.providers().empty()) {
            throw UsageError("no provider configured: add one with `parley-cli provider add ID --kind KIND`");
        }
        throw UsageError("several providers are configured: choose one with -p ID or `parley-cli config set "
                         "chat.default_provider ID`");
    }
    ProviderAccess access{*profile, {}};
    access.key = context.profile()
                     .key_resolver([&context] { return context.vault_passphrase(false); })
                     .resolve(*profile);
    if (access.key.source == KeySource::missing) {
        std::string hint = "no API key for provider '" + profile->id + "': store one with `parley-cli key set " +
                           profile->id + "` (the key is read from stdin)";
        if (const auto variable = KeyResolver::env_variable_for(*profile); !variable.empty()) {
            hint += " or set " + variable;
        }
        throw UsageError(hint);
    }
    return access;
}

int exit_code_for(const ProviderError& error) {
    switch (error.category()) {
        case ProviderError::Category::refused: return exit_code::refused;
        case ProviderError::Category::network: return exit_code::network;
        case ProviderError::Category::interrupted: return exit_code::interrupted;
    }
    return exit_code::failure;
}

}  // namespace parley
