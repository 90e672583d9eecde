// parley-cli: the headless front end over core. Its command line is a
// contract that external tests rely on (see DESIGN.md).
#include "cli-context.h"
#include "environment.h"
#include "interrupt-signals.h"
#include "history/sqlite-statement.h"
#include "parley-version.h"
#include "process-hardening.h"
#include "providers/provider-error.h"
#include "terminal-output.h"
#include "vault/credential-store.h"
#include "vault/redact.h"

#include <Poco/Exception.h>

#include <filesystem>
#include <iostream>

namespace {

constexpr const char* kUsage = R"(usage: parley-cli [--home DIR] COMMAND
  provider add ID --kind openai|anthropic|gemini|openai-compatible [--preset NAME] [--base-url URL] [--model M]
               [--api-version V] [--allow-insecure-http]   (http:// only to this machine without the flag)
  provider list [--json] | remove ID | models ID [--json] | test ID [-m MODEL]
  key set ID [--store os|file]   (the key is read from stdin)
  key remove ID | key status [ID] [--json]
  chat [-p ID] [-m MODEL] [-s SYSTEM] [-c CONVERSATION | --continue] [--temperature T]
       [--max-tokens N] [--attach FILE]... [--no-stream] [--json] [MESSAGE | -]
  chat --edit MESSAGE_ID [options] NEW_TEXT | --regenerate REPLY_ID [options]   (a new branch)
  history list [--all] [--json] | show ID [--json] | search QUERY [--json] [--limit N] | delete ID | delete-message ID
  history rename ID TITLE | pin ID | unpin ID | archive ID | unarchive ID
  history export ID --format markdown|json [-o FILE] | export --all -o FILE
  history import FILE [--from chatgpt|claude|parley] [--json]
  config get KEY | set KEY VALUE | list
  license activate | status [--json] | refresh | deactivate   (the key is read from stdin)
  --version
)";

int dispatch(parley::CliContext& context, const std::string& command, parley::ArgumentList& args) {
    if (command == "provider") return parley::run_provider_command(context, args);
    if (command == "key") return parley::run_key_command(context, args);
    if (command == "chat") return parley::run_chat_command(context, args);
    if (command == "history") return parley::run_history_command(context, args);
    if (command == "config") return parley::run_config_command(context, args);
    if (command == "license") return parley::run_license_command(context, args);
    throw parley::UsageError("unknown command: " + command);
}

void error_line(const std::string& message) { std::cerr << "parley-cli: " << parley::redact_secrets(message) << "\n"; }

}  // namespace

int main(int argc, char** argv) {
    parley::harden_process();
    // Out of the environment before anything else runs: no child inherits it.
    std::optional<parley::Secret> env_passphrase;
    if (auto value = parley::take_environment_variable("PARLEY_VAULT_PASSPHRASE")) {
        env_passphrase.emplace(std::move(*value));
    }
    const parley::TerminalOutput terminal;
    parley::start_interrupt_watch();
    std::vector<std::string> raw(argv + 1, argv + argc);
    parley::ArgumentList args(raw);
    try {
        if (args.take_flag("--version")) {
            std::cout << "parley-cli " << PARLEY_VERSION << "\n";
            return 0;
        }
        if (args.take_flag("--help") || args.take_flag("-h")) {
            std::cout << kUsage;
            return 0;
        }
        std::optional<std::filesystem::path> home;
        if (auto dir = args.take_value("--home")) home = *dir;
        const auto command = args.next_positional();
        if (!command) {
            std::cerr << kUsage;
            return parley::exit_code::usage;
        }
        parley::CliContext context(home, std::move(env_passphrase));
        return dispatch(context, *command, args);
    } catch (const parley::UsageError& error) {
        error_line(error.what());
        std::cerr << "Run `parley-cli --help` for usage.\n";
        return parley::exit_code::usage;
    } catch (const parley::ProviderError& error) {
        error_line(error.what());
        return error.category() == parley::ProviderError::Category::refused ? parley::exit_code::refused
                                                                            : parley::exit_code::network;
    } catch (const parley::CredentialError& error) {
        error_line(error.what());
        return parley::exit_code::failure;
    } catch (const parley::HistoryError& error) {
        error_line(error.what());
        return parley::exit_code::failure;
    } catch (const Poco::Exception& error) {
        error_line(error.displayText());
        return parley::exit_code::failure;
    } catch (const std::exception& error) {
        error_line(error.what());
        return parley::exit_code::failure;
    }
}
