#include "vault/redact.h"

#include <algorithm>

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

// Removes masked echoes: a prefix of the secret (3 characters or more),
// asterisks, then a suffix of it. OpenAI's 401 says "Incorrect API key
// provided: sk-ab***cd". The prefix and suffix are matched against the
// secret itself, not cut at word boundaries, because a key may hold '/',
// '+' or '=' (a base64 token) on either side of the asterisks.
std::string without_masked_echoes(std::string_view text, std::string_view secret) {
    std::string out;
    std::size_t copied = 0;
    std::size_t at = text.find('*');
    while (at != std::string_view::npos) {
        const std::size_t stars_end = std::min(text.find_first_not_of('*', at), text.size());
        std::size_t prefix = 0;
        for (std::size_t k = std::min(secret.size(), at - copied); k >= 3 && prefix == 0; --k) {
            if (text.substr(at - k, k) == secret.substr(0, k)) prefix = k;
        }
        if (prefix > 0) {
            std::size_t suffix = 0;
            for (std::size_t k = std::min(secret.size(), text.size() - stars_end); k > 0 && suffix == 0; --k) {
                if (text.substr(stars_end, k) == secret.substr(secret.size() - k)) suffix = k;
            }
            out.append(text.substr(copied, at - prefix - copied));
            out += marker;
            copied = stars_end + suffix;
        }
        at = text.find('*', std::max(stars_end, copied));
    }
    out.append(text.substr(copied));
    return out;
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
    return without_masked_echoes(out, secret);
}

}  // namespace parley
