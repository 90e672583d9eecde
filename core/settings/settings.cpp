#include "settings/settings.h"

#include "licensing/license-trust.h"
#include "parley-license-build-config.h"
#include "util/atomic-file.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace parley {

namespace {

bool is_integer(const std::string& text) {
    if (text.empty() || text.size() > 9) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

bool is_number(const std::string& text) {
    try {
        std::size_t used = 0;
        (void)std::stod(text, &used);
        return used == text.size();
    } catch (const std::exception&) {
        return false;
    }
}

const ConfigKey* find_key(const std::string& name) {
    for (const auto& key : config_keys()) {
        if (name == key.name) return &key;
    }
    return nullptr;
}

void validate(const std::string& key, const std::string& value) {
    if (key == "network.connect_timeout_s" || key == "network.idle_timeout_s") {
        if (!is_integer(value) || std::stoi(value) < 1) {
            throw SettingsError(key + " must be a whole number of seconds, at least 1");
        }
    } else if (key == "network.max_reply_mb") {
        if (!is_integer(value) || std::stoi(value) < 1 || std::stoi(value) > 4096) {
            throw SettingsError("network.max_reply_mb must be a whole number of MiB from 1 to 4096");
        }
    } else if (key == "network.ca_file") {
        if (!value.empty() && !std::filesystem::is_regular_file(value)) {
            throw SettingsError("network.ca_file: no such file: " + value);
        }
    } else if (key == "network.proxy") {
        if (!value.empty() && value.find("://") != std::string::npos && !value.starts_with("http://")) {
            throw SettingsError("network.proxy must be an http:// URL");
        }
    } else if (key == "chat.temperature") {
        if (!value.empty() && (!is_number(value) || std::stod(value) < 0 || std::stod(value) > 2)) {
            throw SettingsError("chat.temperature must be a number between 0 and 2");
        }
    } else if (key == "chat.max_tokens") {
        if (!value.empty() && (!is_integer(value) || std::stoi(value) < 1)) {
            throw SettingsError("chat.max_tokens must be a positive whole number");
        }
    } else if (key == "appearance.font_size") {
        if (!value.empty() && (!is_integer(value) || std::stoi(value) < 6 || std::stoi(value) > 48)) {
            throw SettingsError("appearance.font_size must be a whole number of points from 6 to 48");
        }
    } else if (key == "license.server") {
        if (!value.empty()) {
            try {
                check_license_server_url(value);
            } catch (const LicenseConfigError& error) {
                throw SettingsError(error.what());
            }
        }
    } else if (key == "update.channel") {
        if (value != "stable" && value != "beta") throw SettingsError("update.channel must be stable or beta");
    } else if (key == "update.auto_check") {
        if (value != "true" && value != "false") throw SettingsError("update.auto_check must be true or false");
    } else if (key.starts_with("price.")) {
        if (!key.ends_with(".input") && !key.ends_with(".output")) {
            throw SettingsError(key + ": price keys are price.MODEL.input and price.MODEL.output");
        }
        if (!value.empty() && (!is_number(value) || std::stod(value) < 0)) {
            throw SettingsError(key + " must be a price in USD per million tokens");
        }
    }
}

nlohmann::json to_json(const ProviderProfile& p) {
    nlohmann::json j = {{"kind", std::string(to_string(p.kind))}};
    if (!p.base_url.empty()) j["base_url"] = p.base_url;
    if (!p.default_model.empty()) j["model"] = p.default_model;
    if (!p.preset.empty()) j["preset"] = p.preset;
    if (!p.api_version.empty()) j["api_version"] = p.api_version;
    if (p.allow_insecure_http) j["allow_insecure_http"] = true;
    return j;
}

}  // namespace

const std::vector<ConfigKey>& config_keys() {
    static const std::vector<ConfigKey> keys = {
        {"network.connect_timeout_s", "20", "seconds to wait for a connection"},
        {"network.idle_timeout_s", "120", "seconds without a byte before a request fails"},
        {"network.max_reply_mb", "64", "largest reply (text and reasoning) accepted, in MiB"},
        {"network.ca_file", "", "extra trusted CA bundle (PEM)"},
        {"network.proxy", "", "http:// proxy URL; empty uses HTTPS_PROXY/NO_PROXY"},
        {"chat.default_provider", "", "provider used when -p is not given"},
        {"chat.system_prompt", "", "system prompt for new conversations"},
        {"chat.temperature", "", "sampling temperature; empty uses the provider's default"},
        {"chat.max_tokens", "", "reply length limit; empty uses the provider's default"},
        {"appearance.font_size", "", "transcript font size in points (6-48); empty uses the system's"},
        {"license.server", PARLEY_LICENSE_SERVER, "URL of the license service (https, or http to a loopback address)"},
        {"update.channel", "stable", "release channel the updater follows: stable or beta"},
        {"update.auto_check", "true", "check for updates at most daily in the desktop app: true or false"},
    };
    return keys;
}

bool is_valid_provider_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.';
        if (!ok) return false;
    }
    return true;
}

Settings::Settings(std::filesystem::path file) : file_(std::move(file)) {}

void Settings::load() {
    providers_.clear();
    values_.clear();
    std::ifstream in(file_, std::ios::binary);
    if (!in) return;
    std::stringstream buffer;
    buffer << in.rdbuf();
    const auto json = nlohmann::json::parse(buffer.str(), nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        throw SettingsError("the settings file " + file_.string() + " is not valid JSON; fix or remove it");
    }
    if (const auto providers = json.find("providers"); providers != json.end() && providers->is_object()) {
        for (const auto& [id, entry] : providers->items()) {
            ProviderProfile profile;
            profile.id = id;
            const auto kind = parse_provider_kind(entry.value("kind", ""));
            if (!kind) throw SettingsError("provider '" + id + "' in " + file_.string() + " has an unknown kind");
            profile.kind = *kind;
            profile.base_url = entry.value("base_url", "");
            profile.default_model = entry.value("model", "");
            profile.preset = entry.value("preset", "");
            profile.api_version = entry.value("api_version", "");
            profile.allow_insecure_http = entry.value("allow_insecure_http", false);
            providers_[id] = profile;
        }
    }
    if (const auto config = json.find("config"); config != json.end() && config->is_object()) {
        for (const auto& [key, value] : config->items()) {
            if (value.is_string()) values_[key] = value.get<std::string>();
        }
    }
}

void Settings::save() const {
    nlohmann::json providers = nlohmann::json::object();
    for (const auto& [id, profile] : providers_) providers[id] = to_json(profile);
    nlohmann::json config = nlohmann::json::object();
    for (const auto& [key, value] : values_) config[key] = value;
    const nlohmann::json json = {{"providers", providers}, {"config", config}};
    write_file_atomically(file_, json.dump(2) + "\n");
}

std::vector<ProviderProfile> Settings::providers() const {
    std::vector<ProviderProfile> out;
    for (const auto& [id, profile] : providers_) out.push_back(profile);
    return out;
}

std::optional<ProviderProfile> Settings::provider(const std::string& id) const {
    const auto it = providers_.find(id);
    if (it == providers_.end()) return std::nullopt;
    return it->second;
}

void Settings::put_provider(const ProviderProfile& profile) {
    if (!is_valid_provider_id(profile.id)) {
        throw SettingsError("provider id '" + profile.id + "' may only use letters, digits, '-', '_' and '.'");
    }
    providers_[profile.id] = profile;
}

bool Settings::remove_provider(const std::string& id) {
    if (get("chat.default_provider") == id) values_.erase("chat.default_provider");
    return providers_.erase(id) > 0;
}

std::string Settings::get(const std::string& key) const {
    const ConfigKey* known = find_key(key);
    if (!known && !key.starts_with("price.")) throw SettingsError("unknown config key: " + key);
    const auto it = values_.find(key);
    if (it != values_.end()) return it->second;
    return known ? known->default_value : "";
}

void Settings::set(const std::string& key, const std::string& value) {
    if (!find_key(key) && !key.starts_with("price.")) throw SettingsError("unknown config key: " + key);
    validate(key, value);
    if (value.empty()) {
        values_.erase(key);
    } else {
        values_[key] = value;
    }
}

std::map<std::string, std::string> Settings::all() const {
    std::map<std::string, std::string> out;
    for (const auto& key : config_keys()) out[key.name] = get(key.name);
    for (const auto& [key, value] : values_) out[key] = value;
    return out;
}

NetworkOptions Settings::network_options() const {
    NetworkOptions options;
    options.connect_timeout_s = std::stoi(get("network.connect_timeout_s"));
    options.idle_timeout_s = std::stoi(get("network.idle_timeout_s"));
    options.ca_file = get("network.ca_file");
    options.proxy = get("network.proxy");
    options.max_reply_bytes = static_cast<std::size_t>(std::stoi(get("network.max_reply_mb"))) * 1024 * 1024;
    return options;
}

std::optional<ProviderProfile> Settings::default_provider() const {
    if (const std::string id = get("chat.default_provider"); !id.empty()) return provider(id);
    if (providers_.size() == 1) return providers_.begin()->second;
    return std::nullopt;
}

}  // namespace parley
