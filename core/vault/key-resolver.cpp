#include "vault/key-resolver.h"

#include "providers/provider-presets.h"

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

std::string KeyResolver::env_variable_for(const ProviderProfile& profile) {
    if (const auto preset = find_preset(profile.preset); preset && !preset->env_key.empty()) {
        return std::string(preset->env_key);
    }
    if (profile.kind == ProviderKind::openai_compatible) return {};
    return std::string(default_preset(profile.kind).env_key);
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
    // Ollama and LM Studio run locally without keys.
    if (profile.kind == ProviderKind::openai_compatible) {
        resolved.source = KeySource::none_needed;
        return resolved;
    }
    return resolved;
}

}  // namespace parley
