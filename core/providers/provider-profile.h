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
    // The user accepted that the key crosses the network unencrypted (plain
    // http to a host other than this machine).
    bool allow_insecure_http = false;

    // The base URL actually used, with no trailing slash.
    std::string effective_base_url() const;
};

// Why this profile would send its key across the network in clear text
// (plain http to a host that is not this machine), for an error or a
// confirmation; empty when it would not (https, or http to loopback or
// localhost such as Ollama and LM Studio). Ignores allow_insecure_http.
std::string clear_text_key_risk(const ProviderProfile& profile);

}  // namespace parley
