#include "providers/provider-error.h"

#include "vault/redact.h"

namespace parley {

namespace {
std::string compose(const std::string& provider, int status, const std::string& message) {
    std::string text = provider;
    if (status != 0) text += ": HTTP " + std::to_string(status);
    text += ": " + message;
    return text;
}
}  // namespace

ProviderError::ProviderError(Category category, std::string provider, int http_status, std::string provider_message,
                             bool retryable)
    : std::runtime_error(compose(provider, http_status, redact_secrets(provider_message))),
      category_(category),
      provider_(std::move(provider)),
      http_status_(http_status),
      provider_message_(redact_secrets(provider_message)),
      retryable_(retryable) {}

}  // namespace parley
