#include "vault/key-resolver.h"

#include "providers/provider-presets.h"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace parley {

const char* to_string(KeySource source) {
    switch (source) {
        case KeySource::os_store: return "os-store";
        case KeySource::file_vault: return "file-vault";
        case KeySource::environment: return "environment";
        case KeySource::none_needed: return "none-needed";
        case KeySource::missing: return "missing";
    }
    return "missing";
}

KeyResolver::KeyResolver(CredentialStore* os_store, CredentialStore* file_vault, EnvLookup env)
    : os_store_(os_store), file_vault_(file_vault), env_(std::move(env)) {}

namespace {

// The preset whose environment variable may serve this profile, whatever its
// base URL.
std::optional<ProviderPreset> env_preset_for(const ProviderProfile& profile) {
    if (const auto preset = find_preset(profile.preset); preset && !preset->env_key.empty()) return preset;
    if (profile.kind == ProviderKind::openai_compatible) return std::nullopt;
    return default_preset(profile.kind);
}

struct Origin {
    std::string scheme;
    std::string host;
    unsigned short port = 0;
};

std::optional<Origin> origin_of(const std::string& url) {
    try {
        const Poco::URI uri(url);
        return Origin{Poco::toLower(uri.getScheme()), Poco::toLower(uri.getHost()), uri.getPort()};
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

// Whether `url` is the preset's own endpoint. Azure resources have their own
// host names under openai.azure.com, so the preset names only the domain.
bool is_official_endpoint(const ProviderPreset& preset, const std::string& url) {
    const auto origin = origin_of(url);
    if (!origin || origin->scheme != "https" || origin->port != 443) return false;
    if (preset.name == "azure") return origin->host.ends_with(".openai.azure.com");
    const auto official = origin_of(std::string(preset.base_url));
    return official && official->host == origin->host;
}

std::string official_host(const ProviderPreset& preset) {
    if (preset.name == "azure") return "*.openai.azure.com";
    const auto official = origin_of(std::string(preset.base_url));
    return official ? official->host : std::string();
}

}  // namespace

std::string KeyResolver::env_variable_for(const ProviderProfile& profile) {
    const auto preset = env_preset_for(profile);
    if (!preset || !is_official_endpoint(*preset, profile.effective_base_url())) return {};
    return std::string(preset->env_key);
}

ResolvedKey KeyResolver::resolve(const ProviderProfile& profile) const {
    ResolvedKey resolved;
    if (os_store_ && os_store_->is_available()) {
        if (auto key = os_store_->lookup(profile.id)) {
            resolved.source = KeySource::os_store;
            resolved.key = std::move(*key);
            resolved.detail = os_store_->name();
            return resolved;
        }
    }
    if (file_vault_) {
        if (auto key = file_vault_->lookup(profile.id)) {
            resolved.source = KeySource::file_vault;
            resolved.key = std::move(*key);
            resolved.detail = file_vault_->name();
            return resolved;
        }
    }
    if (const std::string variable = env_variable_for(profile); !variable.empty() && env_) {
        if (auto value = env_(variable); value && !value->empty()) {
            resolved.source = KeySource::environment;
            resolved.key = Secret(std::move(*value));
            resolved.detail = variable;
            return resolved;
        }
    }
    if (const auto preset = env_preset_for(profile); preset && env_ && env_(std::string(preset->env_key))) {
        // Said, so the user knows why a variable they set is not used: a
        // vendor's key travels only to that vendor's own endpoint.
        resolved.detail = std::string(preset->env_key) + " is set but is sent only to " + official_host(*preset);
    }
    // Ollama and LM Studio run locally without keys.
    if (profile.kind == ProviderKind::openai_compatible) {
        resolved.source = KeySource::none_needed;
        return resolved;
    }
    return resolved;
}

}  // namespace parley
