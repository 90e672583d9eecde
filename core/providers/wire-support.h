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
// a payload that is not JSON, or nests deeper than kMaxJsonDepth, means the
// transfer or the server is broken.
nlohmann::json parse_provider_json(std::string_view text, const std::string& provider);

// Parses a body that may not be JSON at all (an error body, say): a
// discarded value when it is malformed or nests deeper than kMaxJsonDepth.
// Every provider JSON goes through one of these two, never nlohmann directly.
nlohmann::json parse_json_or_discarded(std::string_view text);

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

// No reply is billed a trillion tokens; a larger count is a server's mistake.
inline constexpr long long kMaxTokenCount = 1'000'000'000'000;

// A token count from a usage object: a whole number from 0 to
// kMaxTokenCount (a float is rounded); nullopt when absent or anything else,
// so no untrusted number is converted out of range.
std::optional<long long> token_count(const nlohmann::json& object, const char* key);

}  // namespace parley
