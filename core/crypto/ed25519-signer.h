#pragma once

#include "crypto/ed25519.h"

#include <string_view>

namespace parley {

// One key signing many messages: the license service signs every answer.
// libsodium rather than OpenSSL EVP, which sets up a context and looks the
// algorithm up again for every signature, about as much work as the
// signature itself. Ed25519 is deterministic, so both give the same bytes.
// The expanded key lives in guarded memory (libsodium's sodium_malloc),
// read-only while the signer exists. Its own library: only the vendor's
// service links libsodium for it, the app does not.
class Ed25519Signer {
public:
    // Throws std::invalid_argument when the secret is not a 32-byte seed.
    explicit Ed25519Signer(const Secret& secret_key);
    ~Ed25519Signer();
    Ed25519Signer(const Ed25519Signer&) = delete;
    Ed25519Signer& operator=(const Ed25519Signer&) = delete;
    // Safe to call from several threads at once.
    Ed25519Signature sign(std::string_view message) const;

private:
    unsigned char* key_ = nullptr;  // crypto_sign_SECRETKEYBYTES: seed, then public key
};

}  // namespace parley
