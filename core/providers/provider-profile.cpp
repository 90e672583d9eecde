#include "providers/provider-profile.h"

#include "providers/provider-presets.h"

namespace parley {

std::string ProviderProfile::effective_base_url() const {
    std::string url = base_url;
    if (url.empty()) {
        const auto named = find_preset(preset);
        url = std::string(named ? named->base_url : default_preset(kind).base_url);
    }
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

}  // namespace parley
