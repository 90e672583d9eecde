#include "vault/secret.h"

#include <openssl/crypto.h>

namespace parley {

void wipe_memory(void* data, std::size_t size) noexcept {
    if (data != nullptr && size > 0) OPENSSL_cleanse(data, size);
}

void wipe_string(std::string& s) noexcept {
    // Wipe the whole capacity: earlier, longer contents may sit past size().
    s.resize(s.capacity());
    wipe_memory(s.data(), s.size());
    s.clear();
}

std::string join_secret(std::string_view prefix, std::string_view secret) {
    std::string joined;
    joined.reserve(prefix.size() + secret.size());
    joined.append(prefix);
    joined.append(secret);
    return joined;
}

Secret::Secret(std::string value) : value_(std::move(value)) {}

Secret::Secret(Secret&& other) noexcept : value_(std::move(other.value_)) { other.wipe(); }

Secret& Secret::operator=(Secret&& other) noexcept {
    if (this != &other) {
        wipe();
        value_ = std::move(other.value_);
        other.wipe();
    }
    return *this;
}

Secret::~Secret() { wipe(); }

void Secret::wipe() noexcept { wipe_string(value_); }

}  // namespace parley
