#pragma once

#include "net/network-options.h"
#include "providers/provider-profile.h"

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley {

class SettingsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The profile's settings file: configured providers and config keys. Never
// holds a key. Saved atomically so a crash cannot leave half a file.
class Settings {
public:
    explicit Settings(std::filesystem::path file);

    void load();
    void save() const;

    std::vector<ProviderProfile> providers() const;
    std::optional<ProviderProfile> provider(const std::string& id) const;
    void put_provider(const ProviderProfile& profile);
    bool remove_provider(const std::string& id);

    // Config keys: the known keys are validated; see config_keys().
    std::string get(const std::string& key) const;
    void set(const std::string& key, const std::string& value);
    std::map<std::string, std::string> all() const;

    NetworkOptions network_options() const;
    // The provider used when none is named: chat.default_provider, else the
    // only one configured.
    std::optional<ProviderProfile> default_provider() const;

private:
    std::filesystem::path file_;
    std::map<std::string, ProviderProfile> providers_;
    std::map<std::string, std::string> values_;
};

struct ConfigKey {
    const char* name;
    const char* default_value;
    const char* description;
};
const std::vector<ConfigKey>& config_keys();

// Provider ids become credential-store attributes and CLI arguments.
bool is_valid_provider_id(const std::string& id);

}  // namespace parley
