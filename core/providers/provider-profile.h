#pragma once

#include "providers/provider-kind.h"

#include <string>

namespace parley {

// One configured provider: what the user added with `provider add`. Holds no
// key; keys live in a CredentialStore under the same id.
struct ProviderProfile {
    std::string id;
    ProviderKind kind = ProviderKind::openai_compatible;
    std::string base_url;       // empty: the kind's (or preset's) default
    std::string default_model;  // empty: the kind's default
    std::string preset;         // e.g. "ollama", "azure"; empty for none
    std::string api_version;    // Azure OpenAI only

    // The base URL actually used, with no trailing slash.
    std::string effective_base_url() const;
};

}  // namespace parley
