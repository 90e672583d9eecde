#pragma once

#include "crypto/base64.h"
#include "net/http-client.h"
#include "providers/provider-error.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace parley {

// `text` as one URL path segment or query value: every byte but RFC 3986's
// unreserved characters is percent-encoded. Page tokens come from the server
// and model or deployment names from settings or imported archives; encoded,
// none of them can end the request line, add a header or change the query.
std::string encode_url_component(std::string_view text);

// Parses a JSON payload from a provider, or throws ProviderError (network):
// a payload that is not JSON means the transfer or the server is broken.
nlohmann::json parse_provider_json(std::string_view text, const std::string& provider);

// The human-readable message inside an error body, whatever the provider's
// shape ({"error":{"message"}}, {"error":"..."}, {"message"}, [{...}]), or
// the start of the raw body when it is not JSON.
std::string error_message_from_body(std::string_view body);

// Statuses worth retrying when nothing of the reply has arrived yet.
bool is_retryable_status(int status);

// The delay a provider asks for: retry-after-ms, retry-after (seconds or an
// HTTP date); nullopt when absent or unparsable.
std::optional<double> retry_after_from_headers(const HttpResponseHead& head);

// Builds the ProviderError for an HTTP error status, applying the common
// retry rules and the provider-specific `not_retryable` verdict.
ProviderError make_http_error(const std::string& provider, int status, const HttpResponseHead& head,
                              const std::string& message, bool not_retryable);

std::string json_string_or_empty(const nlohmann::json& object, const char* key);

}  // namespace parley
