#include "minisign-signer.h"

#include "crypto/base64.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace parley {

namespace {

// Secret key file layout (minisign's SeckeyStruct): sig_alg[2] kdf_alg[2]
// chk_alg[2] salt[32] opslimit[8] memlimit[8], then keynum[8] sk[64] chk[32];
// those last 104 bytes are XORed with scrypt output when encrypted.
constexpr std::size_t salt_at = 6, opslimit_at = 38, memlimit_at = 46, keynum_sk_at = 54;
constexpr std::size_t keynum_sk_size = 8 + 64 + 32, secret_file_size = keynum_sk_at + keynum_sk_size;
constexpr std::size_t trusted_comment_max = 8192 - kMinisignTrustedPrefix.size();
constexpr std::size_t untrusted_comment_max = 1024 - kMinisignUntrustedPrefix.size();
// Refuse cost parameters no honest key has before allocating for them
// (minisign writes libsodium's *_SENSITIVE limits: 32 Mi ops, 1 GiB).
constexpr unsigned long long max_memlimit = 1ULL << 31;

std::string_view as_view(const unsigned char* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

std::uint64_t load_le64(const char* p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}

void store_le64(char* p, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

void init_sodium() {
    if (sodium_init() < 0) throw MinisignError("libsodium could not start");
}

std::string key_checksum(const MinisignKeyId& id, std::string_view sk) {
    std::string input = "Ed";
    input.append(as_view(id.data(), id.size()));
    input.append(sk);
    unsigned char out[crypto_generichash_BYTES];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(input.data()), input.size(), nullptr, 0);
    wipe_string(input);
    return std::string(as_view(out, sizeof out));
}

void xor_with_scrypt(std::string& bytes, const Secret& passphrase) {
    const std::uint64_t opslimit = load_le64(bytes.data() + opslimit_at);
    const std::uint64_t memlimit = load_le64(bytes.data() + memlimit_at);
    if (memlimit > max_memlimit || opslimit > (1ULL << 34))
        throw MinisignError("the secret key's scrypt parameters are out of range");
    unsigned char stream[keynum_sk_size];
    if (crypto_pwhash_scryptsalsa208sha256(stream, sizeof stream, passphrase.view().data(), passphrase.size(),
                                           reinterpret_cast<const unsigned char*>(bytes.data() + salt_at), opslimit,
                                           static_cast<std::size_t>(memlimit)) != 0)
        throw MinisignError("scrypt failed on the secret key (out of memory?)");
    for (std::size_t i = 0; i < keynum_sk_size; ++i) bytes[keynum_sk_at + i] ^= static_cast<char>(stream[i]);
    sodium_memzero(stream, sizeof stream);
}

struct WipeOnExit {
    std::string& s;
    ~WipeOnExit() { wipe_string(s); }
};

void check_comment(std::string_view comment, std::size_t max, const char* what) {
    if (comment.size() > max) throw MinisignError(std::string("the ") + what + " is too long");
    if (comment.find_first_of("\r\n") != std::string_view::npos)
        throw MinisignError(std::string("the ") + what + " may not contain a line break");
}

}  // namespace

MinisignSecretKey generate_minisign_key() {
    init_sodium();
    auto pair = generate_ed25519_key_pair();
    MinisignSecretKey key;
    randombytes_buf(key.key_id.data(), key.key_id.size());
    key.seed = std::move(pair.secret_key);
    key.public_key = pair.public_key;
    return key;
}

MinisignPublicKey minisign_public_key_of(const MinisignSecretKey& secret) {
    return MinisignPublicKey{secret.key_id, secret.public_key};
}

MinisignSecretKey parse_minisign_secret_key(std::string_view text, const std::function<Secret()>& passphrase) {
    init_sodium();
    std::string bytes = decode_minisign_key_line(text, secret_file_size, "secret key");
    WipeOnExit wipe{bytes};
    if (bytes.compare(0, 2, "Ed") != 0 || bytes.compare(4, 2, "B2") != 0)
        throw MinisignError("the minisign secret key has an unknown algorithm");
    const std::string_view kdf = std::string_view(bytes).substr(2, 2);
    const bool encrypted = kdf == "Sc";
    if (!encrypted && kdf != std::string_view("\0\0", 2))
        throw MinisignError("the minisign secret key uses an unknown key derivation");
    if (encrypted) xor_with_scrypt(bytes, passphrase());
    const std::string_view keynum_sk = std::string_view(bytes).substr(keynum_sk_at, keynum_sk_size);
    MinisignSecretKey key;
    std::memcpy(key.key_id.data(), keynum_sk.data(), key.key_id.size());
    const std::string_view sk = keynum_sk.substr(8, 64);
    const std::string_view chk = keynum_sk.substr(72, 32);
    // `minisign -G -W` leaves the checksum zero; an encrypted key always has
    // one, and it is what tells a wrong passphrase.
    const bool zero_chk = std::all_of(chk.begin(), chk.end(), [](char c) { return c == 0; });
    if ((encrypted || !zero_chk) && key_checksum(key.key_id, sk) != chk)
        throw MinisignError(encrypted ? "wrong passphrase for the minisign secret key"
                                      : "the minisign secret key is damaged (checksum mismatch)");
    key.seed = Secret(std::string(sk.substr(0, 32)));
    key.public_key = ed25519_public_key(key.seed);
    if (std::memcmp(key.public_key.data(), sk.data() + 32, 32) != 0)
        throw MinisignError("the minisign secret key is damaged (its public half does not match)");
    return key;
}

std::string format_minisign_secret_key(const MinisignSecretKey& key, const Secret& passphrase) {
    init_sodium();
    std::string bytes(secret_file_size, '\0');
    WipeOnExit wipe{bytes};
    std::memcpy(bytes.data(), "Ed", 2);
    std::memcpy(bytes.data() + 4, "B2", 2);
    std::memcpy(bytes.data() + keynum_sk_at, key.key_id.data(), 8);
    std::memcpy(bytes.data() + keynum_sk_at + 8, key.seed.view().data(), 32);
    std::memcpy(bytes.data() + keynum_sk_at + 40, key.public_key.data(), 32);
    if (!passphrase.empty()) {
        std::memcpy(bytes.data() + 2, "Sc", 2);
        randombytes_buf(bytes.data() + salt_at, 32);
        store_le64(bytes.data() + opslimit_at, crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE);
        store_le64(bytes.data() + memlimit_at, crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE);
        const std::string chk = key_checksum(key.key_id, std::string_view(bytes).substr(keynum_sk_at + 8, 64));
        std::memcpy(bytes.data() + keynum_sk_at + 72, chk.data(), chk.size());
        xor_with_scrypt(bytes, passphrase);
    }
    return std::string(kMinisignUntrustedPrefix) + "minisign encrypted secret key\n" + base64_encode(bytes) + "\n";
}

std::string minisign_sign(const MinisignSecretKey& key, std::string_view data, std::string_view trusted_comment,
                          std::string_view untrusted_comment) {
    check_comment(trusted_comment, trusted_comment_max, "trusted comment");
    check_comment(untrusted_comment, untrusted_comment_max, "untrusted comment");
    const Ed25519Signature signature = ed25519_sign(key.seed, blake2b512(data));
    std::string sig_struct = "ED";
    sig_struct.append(as_view(key.key_id.data(), key.key_id.size()));
    sig_struct.append(as_view(signature.data(), signature.size()));
    std::string global_message(as_view(signature.data(), signature.size()));
    global_message.append(trusted_comment);
    const Ed25519Signature global = ed25519_sign(key.seed, global_message);
    return std::string(kMinisignUntrustedPrefix) + std::string(untrusted_comment) + "\n" + base64_encode(sig_struct) +
           "\n" + std::string(kMinisignTrustedPrefix) + std::string(trusted_comment) + "\n" +
           base64_encode(as_view(global.data(), global.size())) + "\n";
}

}  // namespace parley
