#include "cli-context.h"

#include "platform-services.h"
#include "terminal-input.h"

#include <iostream>
#include <iterator>

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

Secret read_secret_input(const std::string& prompt) {
    if (stdin_is_terminal()) return read_hidden_line(prompt);
    std::string text{std::istreambuf_iterator<char>(std::cin), {}};
    // Trim the newline that `echo` or a here-string adds, and any spaces.
    const auto first = text.find_first_not_of(" \t\r\n");
    const auto last = text.find_last_not_of(" \t\r\n");
    Secret key(first == std::string::npos ? std::string() : text.substr(first, last - first + 1));
    wipe_string(text);
    return key;
}

void print_json(const nlohmann::json& value) {
    std::cout << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace parley
