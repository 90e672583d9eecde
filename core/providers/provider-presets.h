#pragma once

#include "providers/provider-kind.h"

#include <optional>
#include <span>
#include <string_view>

namespace parley {

struct ProviderPreset {
    std::string_view name;
    ProviderKind kind;
    std::string_view base_url;  // empty: the user must give one (Azure)
    std::string_view default_model;
    std::string_view env_key;  // environment variable that may hold the key
};

std::span<const ProviderPreset> provider_presets();
std::optional<ProviderPreset> find_preset(std::string_view name);
// The preset a kind falls back to when none is named.
ProviderPreset default_preset(ProviderKind kind);

}  // namespace parley
