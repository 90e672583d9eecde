#include "cli-context.h"

#include "providers/provider-client.h"
#include "providers/provider-presets.h"

#include <iostream>

namespace parley {

namespace {

int add(CliContext& context, ArgumentList& args) {
    const std::string id = args.require_positional("provider ID");
    const auto kind_text = args.take_value("--kind");
    const auto preset_name = args.take_value("--preset");
    ProviderProfile profile;
    profile.id = id;
    if (preset_name) {
        const auto preset = find_preset(*preset_name);
        if (!preset) throw UsageError("unknown preset: " + *preset_name);
        profile.kind = preset->kind;
        profile.preset = *preset_name;
        profile.default_model = std::string(preset->default_model);
    }
    if (kind_text) {
        const auto kind = parse_provider_kind(*kind_text);
        if (!kind) throw UsageError("--kind must be openai, anthropic, gemini or openai-compatible");
        if (preset_name && *kind != profile.kind) throw UsageError("--kind does not match the preset's kind");
        profile.kind = *kind;
    } else if (!preset_name) {
        throw UsageError("provider add needs --kind (openai, anthropic, gemini or openai-compatible)");
    }
    if (!preset_name) profile.default_model = std::string(default_preset(profile.kind).default_model);
    if (auto url = args.take_value("--base-url")) profile.base_url = *url;
    if (auto model = args.take_value("--model")) profile.default_model = *model;
    if (auto version = args.take_value("--api-version")) profile.api_version = *version;
    profile.allow_insecure_http = args.take_flag("--allow-insecure-http");
    args.expect_end();
    if (profile.effective_base_url().empty()) {
        throw UsageError("provider '" + id + "' needs --base-url (no default for this kind or preset)");
    }
    if (!profile.base_url.empty() && !profile.base_url.starts_with("http://") &&
        !profile.base_url.starts_with("https://")) {
        throw UsageError("--base-url must start with http:// or https://");
    }
    if (const std::string risk = clear_text_key_risk(profile); !risk.empty()) {
        if (!profile.allow_insecure_http) {
            throw UsageError("refusing the base URL: " + risk +
                             "; use https://, or pass --allow-insecure-http to accept that");
        }
        std::cerr << "warning: " << risk << "\n";
    } else {
        profile.allow_insecure_http = false;
    }
    auto& settings = context.profile().settings();
    settings.put_provider(profile);
    settings.save();
    std::cerr << "Added provider '" << id << "' (" << to_string(profile.kind) << ", "
              << profile.effective_base_url() << ")\n";
    return exit_code::ok;
}

int list(CliContext& context, ArgumentList& args) {
    const bool json = args.take_flag("--json");
    args.expect_end();
    const auto providers = context.profile().settings().providers();
    const std::string default_id =
        context.profile().settings().default_provider() ? context.profile().settings().default_provider()->id : "";
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& p : providers) {
            out.push_back({{"id", p.id},
                           {"kind", std::string(to_string(p.kind))},
                           {"base_url", p.effective_base_url()},
                           {"model", p.default_model},
                           {"preset", p.preset},
                           {"default", p.id == default_id}});
        }
        print_json(out);
        return exit_code::ok;
    }
    if (providers.empty()) {
        std::cout << "No providers. Add one with: parley-cli provider add ID --kind KIND\n";
        return exit_code::ok;
    }
    for (const auto& p : providers) {
        std::cout << (p.id == default_id ? "* " : "  ") << p.id << "\t" << to_string(p.kind) << "\t"
                  << p.effective_base_url() << "\t" << (p.default_model.empty() ? "-" : p.default_model) << "\n";
    }
    return exit_code::ok;
}

int remove(CliContext& context, ArgumentList& args) {
    const std::string id = args.require_positional("provider ID");
    args.expect_end();
    auto& settings = context.profile().settings();
    if (!settings.remove_provider(id)) throw UsageError("no provider named '" + id + "'");
    settings.save();
    std::cerr << "Removed provider '" << id << "'. Its key, if any, stays in the credential store until "
              << "`parley-cli key remove " << id << "`.\n";
    return exit_code::ok;
}

}  // namespace

int run_provider_models(CliContext& context, ArgumentList& args);
int run_provider_test(CliContext& context, ArgumentList& args);

int run_provider_command(CliContext& context, ArgumentList& args) {
    const std::string verb = args.require_positional("provider subcommand (add, list, remove, models, test)");
    if (verb == "add") return add(context, args);
    if (verb == "list") return list(context, args);
    if (verb == "remove") return remove(context, args);
    if (verb == "models") return run_provider_models(context, args);
    if (verb == "test") return run_provider_test(context, args);
    throw UsageError("unknown provider subcommand: " + verb);
}

}  // namespace parley
