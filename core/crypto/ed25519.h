#pragma once

#include "vault/secret.h"

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace parley {

// Ed25519 (RFC 8032, pure) through OpenSSL's EVP interface. Keys are the raw
// 32-byte forms the licensing and release formats carry.
using Ed25519PublicKey = std::array<unsigned char, 32>;
using Ed25519Signature = std::array<unsigned char, 64>;

struct Ed25519KeyPair {
    Ed25519PublicKey public_key{};
    Secret secret_key;  // the raw 32-byte seed
};

Ed25519KeyPair generate_ed25519_key_pair();

// Throws std::invalid_argument when the secret is not a 32-byte seed.
Ed25519Signature ed25519_sign(const Secret& secret_key, std::string_view message);

// The public key that belongs to a 32-byte seed.
Ed25519PublicKey ed25519_public_key(const Secret& secret_key);

bool ed25519_verify(const Ed25519PublicKey& public_key, std::string_view message,
                    std::span<const unsigned char> signature);

}  // namespace parley
