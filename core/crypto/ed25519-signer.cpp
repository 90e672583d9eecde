#include "crypto/ed25519-signer.h"

#include <sodium.h>

#include <new>
#include <stdexcept>

namespace parley {

Ed25519Signer::Ed25519Signer(const Secret& secret_key) {
    if (secret_key.size() != crypto_sign_SEEDBYTES) throw std::invalid_argument("an Ed25519 secret key has 32 bytes");
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    key_ = static_cast<unsigned char*>(sodium_malloc(crypto_sign_SECRETKEYBYTES));
    if (!key_) throw std::bad_alloc();
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_seed_keypair(public_key, key_, reinterpret_cast<const unsigned char*>(secret_key.view().data()));
    sodium_mprotect_readonly(key_);
}

Ed25519Signer::~Ed25519Signer() {
    sodium_free(key_);  // wipes it first
}

Ed25519Signature Ed25519Signer::sign(std::string_view message) const {
    Ed25519Signature signature{};
    if (crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                             message.size(), key_) != 0)
        throw std::runtime_error("libsodium could not make an Ed25519 signature");
    return signature;
}

}  // namespace parley
