#include "vault/redact.h"

namespace parley {

namespace {

constexpr std::string_view marker = "[redacted]";

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
// The characters of API keys and of most opaque tokens (base64url).
bool is_key_char(char c) { return is_letter(c) || is_digit(c) || c == '-' || c == '_'; }
// RFC 6750 b64token, the syntax of a bearer token.
bool is_bearer_char(char c) {
    return is_key_char(c) || c == '.' || c == '~' || c == '+' || c == '/' || c == '=';
}

bool all_letters(std::string_view s) {
    for (char c : s) {
        if (!is_letter(c)) return false;
    }
    return true;
}

bool mixes_letters_and_digits(std::string_view s) {
    bool letter = false;
    bool digit = false;
    for (char c : s) {
        letter = letter || is_letter(c);
        digit = digit || is_digit(c);
    }
    return letter && digit;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

// 8-4-4-4-12 hex digits, optionally after a word prefix like "conv_" or "msg-".
bool looks_like_uuid(std::string_view run) {
    constexpr std::size_t uuid_size = 36;
    if (run.size() < uuid_size) return false;
    const std::string_view uuid = run.substr(run.size() - uuid_size);
    for (std::size_t i = 0; i < uuid_size; ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? uuid[i] != '-' : !is_hex(uuid[i])) return false;
    }
    const std::string_view prefix = run.substr(0, run.size() - uuid_size);
    if (prefix.empty()) return true;
    return prefix.size() >= 2 && (prefix.back() == '-' || prefix.back() == '_') &&
           all_letters(prefix.substr(0, prefix.size() - 1));
}

bool is_secret_run(std::string_view run) {
    if (run.starts_with("AIza") && run.size() >= 39) return true;
    return run.size() >= 32 && mixes_letters_and_digits(run) && !looks_like_uuid(run);
}

std::size_t run_end(std::string_view text, std::size_t from, bool (*in_run)(char)) {
    while (from < text.size() && in_run(text[from])) ++from;
    return from;
}

bool is_key_char_or_star(char c) { return is_key_char(c) || c == '*'; }

void replace_all(std::string& text, std::string_view needle) {
    if (needle.empty()) return;
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + marker.size())) {
        text.replace(at, needle.size(), marker);
    }
}

std::string url_encoded(std::string_view s, const char* digits) {
    std::string out;
    for (char c : s) {
        if (is_letter(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += digits[byte >> 4];
            out += digits[byte & 0xf];
        }
    }
    return out;
}

// A masked echo: a prefix of the secret, asterisks, then a suffix of it.
// OpenAI's 401 says "Incorrect API key provided: sk-ab***cd".
bool is_masked_echo(std::string_view token, std::string_view secret) {
    const std::size_t first_star = token.find('*');
    const std::size_t last_star = token.rfind('*');
    if (first_star == std::string_view::npos || first_star < 3) return false;
    const std::string_view stars = token.substr(first_star, last_star - first_star + 1);
    if (stars.find_first_not_of('*') != std::string_view::npos) return false;
    return secret.starts_with(token.substr(0, first_star)) && secret.ends_with(token.substr(last_star + 1));
}

}  // namespace

std::string redact_secrets(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_key_char(text[i])) {
            out += text[i++];
            continue;
        }
        // Here a run of key characters starts at a word boundary.
        const std::size_t end = run_end(text, i, is_key_char);
        const std::string_view run = text.substr(i, end - i);

        if (equals_ignoring_case(run, "bearer")) {
            const std::size_t token_start = text.find_first_not_of(" \t", end);
            if (token_start != end && token_start != std::string_view::npos) {
                const std::size_t token_end = run_end(text, token_start, is_bearer_char);
                const std::string_view token = text.substr(token_start, token_end - token_start);
                if (token.size() >= 8 && !all_letters(token)) {
                    out += text.substr(i, token_start - i);
                    out += marker;
                    i = token_end;
                    continue;
                }
            }
        } else if (run.starts_with("sk-")) {
            const std::size_t key_end = run_end(text, i, is_key_char_or_star);
            if (key_end - i >= 3 + 16) {
                out += marker;
                i = key_end;
                continue;
            }
        }
        out += is_secret_run(run) ? marker : run;
        i = end;
    }
    return out;
}

std::string redact_known(std::string_view text, std::string_view secret) {
    std::string out(text);
    if (secret.size() < 8) return out;
    replace_all(out, secret);
    replace_all(out, url_encoded(secret, "0123456789ABCDEF"));
    replace_all(out, url_encoded(secret, "0123456789abcdef"));

    std::string result;
    result.reserve(out.size());
    std::size_t i = 0;
    while (i < out.size()) {
        if (!is_key_char_or_star(out[i])) {
            result += out[i++];
            continue;
        }
        const std::size_t end = run_end(out, i, is_key_char_or_star);
        const std::string_view token = std::string_view(out).substr(i, end - i);
        result += is_masked_echo(token, secret) ? marker : token;
        i = end;
    }
    return result;
}

}  // namespace parley
