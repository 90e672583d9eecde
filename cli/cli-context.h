#pragma once

#include "argument-list.h"
#include "profile/profile.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <optional>

namespace parley {

namespace exit_code {
constexpr int ok = 0;
constexpr int failure = 1;
constexpr int usage = 2;
constexpr int refused = 3;
constexpr int network = 4;
constexpr int interrupted = 5;
constexpr int no_license = 6;
}  // namespace exit_code

// What every command shares: the profile, opened on first use.
class CliContext {
public:
    explicit CliContext(std::optional<std::filesystem::path> home);
    Profile& profile();
    // The key-vault passphrase: PARLEY_VAULT_PASSPHRASE, else a no-echo prompt.
    Secret vault_passphrase(bool confirm_new);

private:
    std::optional<std::filesystem::path> home_;
    std::unique_ptr<Profile> profile_;
};

void print_json(const nlohmann::json& value);
// A key read from stdin (trimmed), or from a no-echo prompt on a terminal.
Secret read_secret_input(const std::string& prompt);

int run_provider_command(CliContext& context, ArgumentList& args);
int run_key_command(CliContext& context, ArgumentList& args);
int run_chat_command(CliContext& context, ArgumentList& args);
int run_history_command(CliContext& context, ArgumentList& args);
int run_config_command(CliContext& context, ArgumentList& args);
int run_license_command(CliContext& context, ArgumentList& args);

}  // namespace parley
