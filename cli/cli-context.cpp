#include "cli-context.h"

#include "platform-services.h"
#include "terminal-input.h"
#include "terminal-output.h"

#include <iostream>

namespace parley {

CliContext::CliContext(std::optional<std::filesystem::path> home) : home_(std::move(home)) {}

Profile& CliContext::profile() {
    if (!profile_) profile_ = std::make_unique<Profile>(home_, native_platform_services());
    return *profile_;
}

Secret CliContext::vault_passphrase(bool confirm_new) {
    if (auto from_env = profile().environment("PARLEY_VAULT_PASSPHRASE"); from_env && !from_env->empty()) {
        Secret passphrase(std::move(*from_env));
        return passphrase;
    }
    if (!stdin_is_terminal()) {
        throw UsageError("the key vault needs a passphrase: set PARLEY_VAULT_PASSPHRASE or run from a terminal");
    }
    Secret passphrase = read_hidden_line("Key vault passphrase: ");
    if (confirm_new) {
        const Secret again = read_hidden_line("Repeat the passphrase: ");
        if (again.view() != passphrase.view()) throw UsageError("the passphrases do not match");
    }
    if (passphrase.empty()) throw UsageError("the key vault passphrase may not be empty");
    return passphrase;
}

void print_json(const nlohmann::json& value) {
    write_machine_output(value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + '\n');
}

}  // namespace parley
