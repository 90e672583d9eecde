#pragma once

#include "cli-context.h"
#include "providers/provider-error.h"
#include "vault/key-resolver.h"

#include <optional>
#include <string>

namespace parley {

struct ProviderAccess {
    ProviderProfile profile;
    ResolvedKey key;
};

// The named provider (or the default one) and its key. Throws UsageError
// with the way forward when either is missing.
ProviderAccess open_provider(CliContext& context, const std::optional<std::string>& id);

int exit_code_for(const ProviderError& error);

}  // namespace parley
