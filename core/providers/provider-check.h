#pragma once

#include "providers/provider-client.h"

#include <cstddef>
#include <string>

namespace parley {

// What a provider said to the smallest possible chat.
struct ProviderCheck {
    std::string label;  // how messages name the provider, e.g. "local (OpenAI-compatible)"
    std::string model;
    std::size_t bytes_received = 0;
    std::string finish_reason;
};

// `provider test` and the desktop app's Test button: asks `model` for a
// one-word reply without retries, so a wrong key, base URL or model shows at
// once as the ProviderError it is. Throws std::invalid_argument when no model
// is given.
ProviderCheck check_provider(const ProviderProfile& profile, const NetworkOptions& network, const std::string& model,
                             const Secret& key, CancelToken& cancel);

}  // namespace parley
