#include "crypto/ed25519.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace parley {

namespace {

struct PkeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

Pkey private_key_from(const Secret& secret_key) {
    if (secret_key.size() != 32) throw std::invalid_argument("an Ed25519 secret key has 32 bytes");
    Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                          reinterpret_cast<const unsigned char*>(secret_key.view().data()), 32));
    if (!key) throw std::runtime_error("OpenSSL refused the Ed25519 secret key");
    return key;
}

}  // namespace

Ed25519KeyPair generate_ed25519_key_pair() {
    EVP_PKEY* raw = nullptr;
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr),
                                                                    EVP_PKEY_CTX_free);
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
        throw std::runtime_error("OpenSSL could not generate an Ed25519 key");
    Pkey key(raw);
    std::string seed(32, '\0');
    std::size_t seed_size = seed.size();
    if (EVP_PKEY_get_raw_private_key(key.get(), reinterpret_cast<unsigned char*>(seed.data()), &seed_size) != 1 ||
        seed_size != 32)
        throw std::runtime_error("OpenSSL could not export the Ed25519 key");
    Ed25519KeyPair pair;
    pair.secret_key = Secret(std::move(seed));
    std::size_t public_size = pair.public_key.size();
    if (EVP_PKEY_get_raw_public_key(key.get(), pair.public_key.data(), &public_size) != 1 || public_size != 32)
        throw std::runtime_error("OpenSSL could not export the Ed25519 public key");
    return pair;
}

Ed25519PublicKey ed25519_public_key(const Secret& secret_key) {
    const Pkey key = private_key_from(secret_key);
    Ed25519PublicKey out{};
    std::size_t size = out.size();
    if (EVP_PKEY_get_raw_public_key(key.get(), out.data(), &size) != 1 || size != 32)
        throw std::runtime_error("OpenSSL could not export the Ed25519 public key");
    return out;
}

Ed25519Signature ed25519_sign(const Secret& secret_key, std::string_view message) {
    const Pkey key = private_key_from(secret_key);
    MdCtx ctx(EVP_MD_CTX_new());
    Ed25519Signature signature{};
    std::size_t size = signature.size();
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), signature.data(), &size, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1 ||
        size != signature.size())
        throw std::runtime_error("OpenSSL could not make an Ed25519 signature");
    return signature;
}

bool ed25519_verify(const Ed25519PublicKey& public_key, std::string_view message,
                    std::span<const unsigned char> signature) {
    if (signature.size() != 64) return false;
    Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()));
    if (!key) return false;
    MdCtx ctx(EVP_MD_CTX_new());
    return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
           EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

}  // namespace parley
