#include "cli-context.h"
#include "settings/settings.h"
#include "terminal-input.h"
#include "vault/credential-store.h"
#include "vault/key-resolver.h"

#include <iostream>

namespace parley {

namespace {

std::string ways_forward(CliContext& context, const std::string& id) {
    std::string message = "Ways forward: start or unlock a Secret Service keyring (GNOME Keyring, KWallet or "
                          "KeePassXC), or store the key in an encrypted file vault with `parley-cli key set " +
                          id + " --store file`";
    if (const auto profile = context.profile().settings().provider(id)) {
        if (const auto variable = KeyResolver::env_variable_for(*profile); !variable.empty()) {
            message += ", or export " + variable + " in the environment";
        }
    }
    return message;
}

int set(CliContext& context, ArgumentList& args) {
    const std::string id = args.require_positional("provider ID");
    const std::string store = args.take_value("--store").value_or("os");
    args.expect_end();
    if (!is_valid_provider_id(id)) throw UsageError("invalid provider id: " + id);
    if (store != "os" && store != "file") throw UsageError("--store must be os or file");
    if (!context.profile().settings().provider(id)) {
        std::cerr << "note: no provider named '" << id << "' yet; the key is kept for when you add it\n";
    }
    if (store == "os" && !context.profile().os_store().is_available()) {
        std::cerr << "parley-cli: no OS credential store is available (" << context.profile().os_store().name()
                  << " is not running on this session), so the key was not stored. " << ways_forward(context, id)
                  << "\n";
        return exit_code::failure;
    }
    const Secret key = read_secret_input("API key (input hidden): ");
    if (key.empty()) throw UsageError("no key on stdin: pipe it in, e.g. `printf %s \"$KEY\" | parley-cli key set " +
                                      id + "`");
    if (store == "file") {
        const bool creating = !context.profile().has_file_vault();
        context.profile().file_vault([&context, creating] { return context.vault_passphrase(creating); }).store(id, key);
        std::cerr << "Stored the key for '" << id << "' in the encrypted file vault\n";
    } else {
        try {
            context.profile().os_store().store(id, key);
        } catch (const CredentialError& error) {
            // A locked keyring that cannot ask to be unlocked, a full one...
            std::cerr << "parley-cli: " << error.what() << ", so the key was not stored. " << ways_forward(context, id)
                      << "\n";
            return exit_code::failure;
        }
        std::cerr << "Stored the key for '" << id << "' in the " << context.profile().os_store().name() << "\n";
    }
    return exit_code::ok;
}

int remove(CliContext& context, ArgumentList& args) {
    const std::string id = args.require_positional("provider ID");
    args.expect_end();
    bool removed = false;
    auto& os = context.profile().os_store();
    if (os.is_available() && os.remove(id)) {
        std::cerr << "Removed the key for '" << id << "' from the " << os.name() << "\n";
        removed = true;
    }
    if (context.profile().has_file_vault()) {
        auto& vault = context.profile().file_vault([&context] { return context.vault_passphrase(false); });
        if (vault.remove(id)) {
            std::cerr << "Removed the key for '" << id << "' from the encrypted file vault\n";
            removed = true;
        }
    }
    if (!removed) {
        std::cerr << "parley-cli: no stored key for '" << id << "'\n";
        return exit_code::failure;
    }
    return exit_code::ok;
}

int status(CliContext& context, ArgumentList& args) {
    const bool json = args.take_flag("--json");
    const auto id = args.next_positional();
    args.expect_end();
    auto& settings = context.profile().settings();
    std::vector<ProviderProfile> providers;
    if (id) {
        const auto profile = settings.provider(*id);
        if (!profile) throw UsageError("no provider named '" + *id + "'");
        providers.push_back(*profile);
    } else {
        providers = settings.providers();
    }
    const KeyResolver resolver = context.profile().key_resolver([&context] { return context.vault_passphrase(false); });
    nlohmann::json out = nlohmann::json::array();
    for (const auto& profile : providers) {
        const ResolvedKey resolved = resolver.resolve(profile);
        out.push_back({{"provider", profile.id}, {"source", to_string(resolved.source)}, {"detail", resolved.detail}});
    }
    if (json) {
        print_json(id ? out.front() : out);
        return exit_code::ok;
    }
    for (const auto& row : out) {
        std::cout << row["provider"].get<std::string>() << "\t" << row["source"].get<std::string>();
        if (!row["detail"].get<std::string>().empty()) std::cout << " (" << row["detail"].get<std::string>() << ")";
        std::cout << "\n";
    }
    return exit_code::ok;
}

}  // namespace

int run_key_command(CliContext& context, ArgumentList& args) {
    const std::string verb = args.require_positional("key subcommand (set, remove, status)");
    if (verb == "set") return set(context, args);
    if (verb == "remove") return remove(context, args);
    if (verb == "status") return status(context, args);
    throw UsageError("unknown key subcommand: " + verb);
}

}  // namespace parley
