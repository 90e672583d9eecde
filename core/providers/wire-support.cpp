#include "providers/wire-support.h"

#include "util/json-nesting.h"

#include <Poco/DateTimeParser.h>
#include <Poco/NumberParser.h>
#include <Poco/Timestamp.h>

#include <cmath>
#include <cstdint>

namespace parley {

std::string encode_url_component(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                                (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_' ||
                                byte == '~';
        if (unreserved) {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0x0f];
        }
    }
    return out;
}

nlohmann::json parse_provider_json(std::string_view text, const std::string& provider) {
    if (const auto at = find_excess_json_nesting(text)) {
        throw ProviderError(ProviderError::Category::network, provider, 0,
                            "the response nests JSON deeper than " + std::to_string(kMaxJsonDepth) +
                                " levels (at byte " + std::to_string(*at) + ")");
    }
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded()) {
        std::string excerpt(text.substr(0, 120));
        throw ProviderError(ProviderError::Category::network, provider, 0,
                            "malformed JSON in the response: " + excerpt);
    }
    return json;
}

nlohmann::json parse_json_or_discarded(std::string_view text) {
    if (find_excess_json_nesting(text)) return nlohmann::json(nlohmann::json::value_t::discarded);
    return nlohmann::json::parse(text, nullptr, false);
}

std::string json_string_or_empty(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return {};
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

std::optional<long long> token_count(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return std::nullopt;
    const auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    if (it->is_number_unsigned()) {
        const auto count = it->get<std::uint64_t>();
        if (count > static_cast<std::uint64_t>(kMaxTokenCount)) return std::nullopt;
        return static_cast<long long>(count);
    }
    if (it->is_number_integer()) {
        const auto count = it->get<std::int64_t>();
        return count >= 0 && count <= kMaxTokenCount ? std::optional<long long>(count) : std::nullopt;
    }
    if (it->is_number_float()) {
        const double count = it->get<double>();
        if (count >= 0 && count <= static_cast<double>(kMaxTokenCount)) return std::llround(count);
    }
    return std::nullopt;
}

std::string error_message_from_body(std::string_view body) {
    auto json = parse_json_or_discarded(body);
    if (json.is_array() && !json.empty()) json = json.front();
    if (json.is_object()) {
        if (const auto it = json.find("error"); it != json.end()) {
            if (it->is_string()) return it->get<std::string>();
            if (it->is_object()) {
                std::string message = json_string_or_empty(*it, "message");
                if (!message.empty()) return message;
                return it->dump();
            }
        }
        if (std::string message = json_string_or_empty(json, "message"); !message.empty()) return message;
        if (std::string detail = json_string_or_empty(json, "detail"); !detail.empty()) return detail;
    }
    std::string text(body.substr(0, 300));
    for (char& c : text) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    return text.empty() ? std::string("(empty response body)") : text;
}

bool is_retryable_status(int status) { return status == 408 || status == 409 || status == 429 || status >= 500; }

std::optional<double> retry_after_from_headers(const HttpResponseHead& head) {
    double value = 0;
    // "nan" and "inf" parse as numbers too; only a finite delay is one.
    if (const std::string ms = head.header("retry-after-ms"); !ms.empty()) {
        if (Poco::NumberParser::tryParseFloat(ms, value) && std::isfinite(value) && value >= 0) return value / 1000.0;
    }
    const std::string after = head.header("retry-after");
    if (after.empty()) return std::nullopt;
    if (Poco::NumberParser::tryParseFloat(after, value)) {
        return std::isfinite(value) && value >= 0 ? std::optional<double>(value) : std::nullopt;
    }
    Poco::DateTime when;
    int tz = 0;
    if (Poco::DateTimeParser::tryParse(after, when, tz)) {
        const double seconds =
            static_cast<double>((when.timestamp() - Poco::Timestamp()) / Poco::Timestamp::resolution());
        return seconds > 0 ? seconds : 0.0;
    }
    return std::nullopt;
}

ProviderError make_http_error(const std::string& provider, int status, const HttpResponseHead& head,
                              const std::string& message, bool not_retryable) {
    bool retryable = is_retryable_status(status) && !not_retryable;
    if (const std::string should = head.header("x-should-retry"); should == "true" || should == "false") {
        retryable = should == "true" && !not_retryable;
    }
    ProviderError error(ProviderError::Category::refused, provider, status, message, retryable);
    if (const auto delay = retry_after_from_headers(head)) error.set_retry_after_s(*delay);
    return error;
}

}  // namespace parley
