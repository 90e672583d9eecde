// The encrypted file vault.
//
// File format, version 1. Integers are big-endian; offsets in bytes.
//
//   offset  size  field
//        0    11  magic "PARLEYVAULT"
//       11     1  format version (1)
//       12     1  scrypt log2(N)
//       13     4  scrypt r
//       17     4  scrypt p
//       21    16  salt (fresh on every write)
//       37    12  AES-256-GCM nonce (fresh on every write)
//       49    32  verifier = HMAC-SHA256(verifier key, bytes 0..36)
//       81     n  ciphertext = AES-256-GCM(encryption key, nonce, additional data = bytes 0..80)
//                 of the UTF-8 JSON object {"provider id": "key", ...}
//     81+n    16  GCM tag
//
// scrypt(passphrase, salt, N, r, p) yields 64 bytes: the first 32 are the
// encryption key, the last 32 the verifier key. The whole header, verifier
// included, is GCM additional data, so no header byte can change unnoticed.
//
// The verifier covers exactly the bytes that decide the keys (magic, version,
// KDF parameters, salt). A reader checks the tag against the header with the
// verifier it computed itself in place of the stored one, which lets it tell
// a wrong passphrase from damage:
//   - verifier and tag both fail: wrong passphrase. A damaged salt or KDF
//     parameter gives the same picture; no design can tell those apart;
//   - verifier fails but the tag verifies: the verifier bytes are damaged;
//   - verifier passes but the tag fails: nonce, ciphertext or tag damaged.
// A bad magic, an unknown version, out-of-range KDF parameters or a file too
// short to hold a header and a tag are rejected before scrypt runs.
#include "vault/file-vault.h"

#include "util/atomic-file.h"

#include "file-ops.h"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace parley {

namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<unsigned char>;

constexpr std::string_view magic = "PARLEYVAULT";
constexpr unsigned char format_version = 1;
constexpr std::size_t version_offset = 11;
constexpr std::size_t kdf_offset = 12;
constexpr std::size_t salt_offset = 21;
constexpr std::size_t salt_size = 16;
constexpr std::size_t nonce_offset = 37;
constexpr std::size_t nonce_size = 12;
constexpr std::size_t verifier_offset = 49;
constexpr std::size_t verifier_size = 32;
constexpr std::size_t header_size = 81;
constexpr std::size_t tag_size = 16;
constexpr std::size_t key_size = 32;
// A vault holds a handful of keys; anything this large is not one, and
// reading it whole would only waste memory.
constexpr std::uintmax_t max_file_size = 16u << 20;

static_assert(magic.size() == version_offset);
static_assert(kdf_offset + 9 == salt_offset && salt_offset + salt_size == nonce_offset);
static_assert(nonce_offset + nonce_size == verifier_offset && verifier_offset + verifier_size == header_size);

CredentialError corrupt(const fs::path& file, const std::string& detail) {
    return CredentialError(CredentialError::Kind::corrupt,
                           "the key vault " + file.string() + " is damaged or was tampered with (" + detail +
                               "); restore it from a backup, or delete it and store the keys again");
}

// OpenSSL failing outside a tag check: out of memory, or a broken build.
CredentialError crypto_failure(const std::string& what) {
    return CredentialError(CredentialError::Kind::io, "the crypto library failed: " + what);
}

CredentialError io_error(const std::string& doing, const fs::path& file, const std::string& reason) {
    return CredentialError(CredentialError::Kind::io, "cannot " + doing + " the key vault " + file.string() + ": " +
                                                          reason);
}

// Memory OpenSSL's scrypt needs for these parameters (its own formula).
std::uint64_t kdf_memory(const ScryptParams& kdf) {
    return 128 * std::uint64_t{kdf.r} * ((std::uint64_t{1} << kdf.log2_n) + 2 + kdf.p);
}

// The parameters scrypt accepts and this build is willing to pay for.
bool kdf_acceptable(const ScryptParams& kdf, std::uint64_t max_memory) {
    if (kdf.log2_n < 1 || kdf.log2_n > 32 || kdf.r < 1 || kdf.r > 64 || kdf.p < 1 || kdf.p > 16) return false;
    if (kdf.log2_n >= 16 * kdf.r) return false;  // scrypt requires N < 2^(128 r / 8)
    return kdf_memory(kdf) <= max_memory;
}

double kdf_cost(const ScryptParams& kdf) { return std::ldexp(double(kdf.r) * double(kdf.p), kdf.log2_n); }

void put_u32(Bytes& out, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<unsigned char>(value >> shift));
}

std::uint32_t get_u32(const unsigned char* in) {
    return std::uint32_t{in[0]} << 24 | std::uint32_t{in[1]} << 16 | std::uint32_t{in[2]} << 8 | in[3];
}

void random_bytes(unsigned char* out, std::size_t size, const fs::path& file) {
    if (RAND_bytes(out, static_cast<int>(size)) != 1) throw io_error("write", file, "no random numbers available");
}

std::array<unsigned char, 32> verifier_for(const unsigned char* verifier_key, const unsigned char* header) {
    std::array<unsigned char, 32> mac{};
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), verifier_key, int(key_size), header, salt_offset + salt_size, mac.data(), &length) ==
            nullptr ||
        length != mac.size()) {
        throw crypto_failure("HMAC-SHA256");
    }
    return mac;
}

struct CipherContextFree {
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

// Appends ciphertext and tag to `out`, whose contents so far are the header.
void encrypt_into(Bytes& out, const unsigned char* key, std::string_view plaintext) {
    CipherContext ctx(EVP_CIPHER_CTX_new());
    int length = 0;
    const std::size_t start = out.size();
    out.resize(start + plaintext.size() + tag_size);
    const unsigned char* nonce = out.data() + nonce_offset;
    bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key, nonce) == 1 &&
              EVP_EncryptUpdate(ctx.get(), nullptr, &length, out.data(), int(header_size)) == 1;
    std::size_t written = 0;
    if (ok && !plaintext.empty()) {
        ok = EVP_EncryptUpdate(ctx.get(), out.data() + start, &length,
                               reinterpret_cast<const unsigned char*>(plaintext.data()), int(plaintext.size())) == 1;
        written = std::size_t(length);
    }
    ok = ok && EVP_EncryptFinal_ex(ctx.get(), out.data() + start + written, &length) == 1 &&
         written + std::size_t(length) == plaintext.size() &&
         EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(tag_size), out.data() + start + plaintext.size()) ==
             1;
    if (!ok) throw crypto_failure("AES-256-GCM encryption");
}

// The plaintext, or nothing when the tag does not verify against `header`.
std::optional<std::string> decrypt(const Bytes& file_bytes, const Bytes& header, const unsigned char* key) {
    const std::size_t cipher_size = file_bytes.size() - header_size - tag_size;
    const unsigned char* cipher = file_bytes.data() + header_size;
    std::array<unsigned char, tag_size> tag{};
    std::copy_n(cipher + cipher_size, tag_size, tag.begin());

    CipherContext ctx(EVP_CIPHER_CTX_new());
    int length = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key, file_bytes.data() + nonce_offset) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &length, header.data(), int(header_size)) != 1) {
        throw crypto_failure("AES-256-GCM decryption");
    }
    std::string plain(cipher_size, '\0');
    std::size_t written = 0;
    bool ok = true;
    if (cipher_size > 0) {
        ok = EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &length, cipher,
                               int(cipher_size)) == 1;
        written = std::size_t(length);
    }
    ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(tag_size), tag.data()) == 1 &&
         EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + written, &length) == 1;
    if (!ok) {
        // GCM hands out plaintext before it checks the tag: never keep it.
        wipe_string(plain);
        return std::nullopt;
    }
    return plain;
}

// Wipes a string when the scope ends, however it ends.
class WipeOnExit {
public:
    explicit WipeOnExit(std::string& s) : s_(s) {}
    ~WipeOnExit() { wipe_string(s_); }
    WipeOnExit(const WipeOnExit&) = delete;
    WipeOnExit& operator=(const WipeOnExit&) = delete;

private:
    std::string& s_;
};

// Wipes the key strings a JSON object holds before it frees them. Transient
// copies inside nlohmann's lexer and serializer are out of reach; the
// Secret-typed copies callers keep are what lives long.
class JsonWiper {
public:
    explicit JsonWiper(nlohmann::json& j) : j_(j) {}
    ~JsonWiper() {
        if (!j_.is_object()) return;
        for (auto& item : j_.items()) {
            if (item.value().is_string()) wipe_string(item.value().get_ref<std::string&>());
        }
    }
    JsonWiper(const JsonWiper&) = delete;
    JsonWiper& operator=(const JsonWiper&) = delete;

private:
    nlohmann::json& j_;
};

void replace_file(const fs::path& target, const Bytes& bytes) {
    try {
        write_file_atomically(target, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    } catch (const std::exception& e) {
        throw io_error("write", target, e.what());
    }
}

// Another process may be between its read and its rename: without the lock,
// the later rename would drop the key the earlier one added.
file_ops::FileLock lock_writers(const fs::path& file) {
    fs::path lock = file;
    lock += ".lock";
    try {
        return file_ops::FileLock(lock);
    } catch (const std::system_error& e) {
        throw io_error("lock", file, e.what());
    }
}

}  // namespace

struct FileVault::Contents {
    std::map<std::string, Secret> keys;
    std::optional<ScryptParams> kdf;  // of the file read; empty when there was none
};

struct FileVault::DerivedKeys {
    ScryptParams kdf;
    std::array<unsigned char, salt_size> salt{};
    std::array<unsigned char, 2 * key_size> bytes{};  // encryption key, then verifier key

    const unsigned char* encryption_key() const { return bytes.data(); }
    const unsigned char* verifier_key() const { return bytes.data() + key_size; }

    DerivedKeys() = default;
    DerivedKeys(const DerivedKeys&) = delete;
    DerivedKeys& operator=(const DerivedKeys&) = delete;
    ~DerivedKeys() { wipe_memory(bytes.data(), bytes.size()); }
};

FileVault::FileVault(std::filesystem::path file, std::function<Secret()> passphrase, FileVaultOptions options)
    : file_(std::move(file)), ask_passphrase_(std::move(passphrase)), options_(options) {
    if (!ask_passphrase_) throw std::invalid_argument("FileVault needs a passphrase callback");
    if (!kdf_acceptable(options_.kdf, options_.max_kdf_memory)) {
        throw std::invalid_argument("FileVault: scrypt parameters out of range or above max_kdf_memory");
    }
}

FileVault::~FileVault() = default;

std::string FileVault::name() const { return "encrypted file vault"; }

bool FileVault::is_available() { return true; }

void FileVault::store(const std::string& provider_id, const Secret& key) {
    std::lock_guard lock(vault_mutex_);
    const file_ops::FileLock writers = lock_writers(file_);
    Contents contents = read_contents();
    contents.keys.insert_or_assign(provider_id, Secret(std::string(key.view())));
    write_contents(contents);
}

std::optional<Secret> FileVault::lookup(const std::string& provider_id) {
    std::lock_guard lock(vault_mutex_);
    Contents contents = read_contents();
    const auto found = contents.keys.find(provider_id);
    if (found == contents.keys.end()) return std::nullopt;
    return std::move(found->second);
}

bool FileVault::remove(const std::string& provider_id) {
    std::lock_guard lock(vault_mutex_);
    if (!fs::exists(file_)) return false;
    const file_ops::FileLock writers = lock_writers(file_);
    Contents contents = read_contents();
    if (contents.keys.erase(provider_id) == 0) return false;
    write_contents(contents);
    return true;
}

std::vector<std::string> FileVault::list() {
    std::lock_guard lock(vault_mutex_);
    const Contents contents = read_contents();
    std::vector<std::string> ids;
    for (const auto& entry : contents.keys) ids.push_back(entry.first);
    return ids;
}

const Secret& FileVault::passphrase() {
    if (!passphrase_) passphrase_.emplace(ask_passphrase_());
    return *passphrase_;
}

const FileVault::DerivedKeys& FileVault::derive(const ScryptParams& kdf, const std::array<unsigned char, 16>& salt) {
    if (derived_ && derived_->kdf == kdf && derived_->salt == salt) return *derived_;
    const Secret& secret = passphrase();
    auto keys = std::make_unique<DerivedKeys>();
    keys->kdf = kdf;
    keys->salt = salt;
    if (EVP_PBE_scrypt(secret.view().data(), secret.size(), salt.data(), salt.size(), std::uint64_t{1} << kdf.log2_n,
                       kdf.r, kdf.p, kdf_memory(kdf), keys->bytes.data(), keys->bytes.size()) != 1) {
        throw CredentialError(CredentialError::Kind::io,
                              "scrypt failed for the key vault " + file_.string() + " (out of memory?)");
    }
    derived_ = std::move(keys);
    return *derived_;
}

FileVault::Contents FileVault::read_contents() {
    Contents contents;
    std::error_code ec;
    const auto status = fs::status(file_, ec);
    // A missing vault is an empty one; finding that out needs no passphrase.
    if (status.type() == fs::file_type::not_found) return contents;
    if (ec) throw io_error("read", file_, ec.message());
    if (status.type() != fs::file_type::regular) throw io_error("read", file_, "it is not a regular file");

    const std::uintmax_t size = fs::file_size(file_, ec);
    if (ec) throw io_error("read", file_, ec.message());
    if (size > max_file_size) throw corrupt(file_, "it is far too large to be a key vault");
    Bytes bytes;
    {
        std::ifstream in(file_, std::ios::binary);
        if (!in) throw io_error("read", file_, "cannot open it");
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (in.bad()) throw io_error("read", file_, "reading failed");
    }
    // The file may have grown since file_size(); a concurrent writer renames
    // a whole new file into place, so this only guards against appends.
    if (bytes.size() > max_file_size) throw corrupt(file_, "it is far too large to be a key vault");

    const std::size_t magic_seen = std::min(bytes.size(), magic.size());
    if (!std::equal(bytes.begin(), bytes.begin() + std::ptrdiff_t(magic_seen), magic.begin())) {
        throw corrupt(file_, "it does not start with the PARLEYVAULT signature");
    }
    if (bytes.size() <= version_offset) throw corrupt(file_, "it is truncated");
    if (bytes[version_offset] != format_version) {
        throw corrupt(file_, "unknown format version " + std::to_string(bytes[version_offset]));
    }
    if (bytes.size() < header_size + tag_size) throw corrupt(file_, "it is truncated");

    ScryptParams kdf;
    kdf.log2_n = bytes[kdf_offset];
    kdf.r = get_u32(&bytes[kdf_offset + 1]);
    kdf.p = get_u32(&bytes[kdf_offset + 5]);
    if (!kdf_acceptable(kdf, options_.max_kdf_memory)) {
        throw corrupt(file_, "its key-derivation parameters are out of range");
    }
    std::array<unsigned char, salt_size> salt{};
    std::copy_n(bytes.begin() + salt_offset, salt_size, salt.begin());

    const DerivedKeys& keys = derive(kdf, salt);
    const auto expected = verifier_for(keys.verifier_key(), bytes.data());
    const bool verifier_ok = CRYPTO_memcmp(expected.data(), &bytes[verifier_offset], verifier_size) == 0;
    Bytes header(bytes.begin(), bytes.begin() + verifier_offset);
    header.insert(header.end(), expected.begin(), expected.end());
    std::optional<std::string> plain = decrypt(bytes, header, keys.encryption_key());
    if (!verifier_ok) {
        if (!plain) {
            // Forgotten, so the next operation asks again: a mistyped
            // passphrase must not lock the vault until the app restarts.
            passphrase_.reset();
            derived_.reset();
            throw CredentialError(CredentialError::Kind::bad_passphrase,
                                  "wrong passphrase for the key vault " + file_.string());
        }
        wipe_string(*plain);
        throw corrupt(file_, "its passphrase check does not match contents that decrypt");
    }
    if (!plain) throw corrupt(file_, "its contents fail the integrity check");
    WipeOnExit wipe_plain(*plain);

    nlohmann::json object;
    JsonWiper wipe_object(object);
    try {
        object = nlohmann::json::parse(*plain);
    } catch (const nlohmann::json::exception&) {
        throw corrupt(file_, "its decrypted contents are not valid JSON");
    }
    if (!object.is_object()) throw corrupt(file_, "its decrypted contents are not a JSON object");
    for (auto& item : object.items()) {
        if (!item.value().is_string()) throw corrupt(file_, "an entry in it is not a string");
        contents.keys.insert_or_assign(item.key(), Secret(std::move(item.value().get_ref<std::string&>())));
    }
    contents.kdf = kdf;
    return contents;
}

void FileVault::write_contents(const Contents& contents) {
    // Never weaken a file: keep its parameters when they cost more than ours.
    const ScryptParams kdf =
        contents.kdf && kdf_cost(*contents.kdf) > kdf_cost(options_.kdf) ? *contents.kdf : options_.kdf;
    if (passphrase().empty()) {
        throw CredentialError(CredentialError::Kind::denied,
                              "refusing to write the key vault " + file_.string() + " with an empty passphrase");
    }

    std::string plain;
    WipeOnExit wipe_plain(plain);
    {
        nlohmann::json object = nlohmann::json::object();
        JsonWiper wipe_object(object);
        for (const auto& [id, key] : contents.keys) object[id] = std::string(key.view());
        try {
            plain = object.dump();
        } catch (const nlohmann::json::exception&) {
            throw std::invalid_argument("a provider id or key is not valid UTF-8");
        }
    }

    Bytes bytes(magic.begin(), magic.end());
    bytes.reserve(header_size + plain.size() + tag_size);
    bytes.push_back(format_version);
    bytes.push_back(kdf.log2_n);
    put_u32(bytes, kdf.r);
    put_u32(bytes, kdf.p);
    std::array<unsigned char, salt_size> salt{};
    random_bytes(salt.data(), salt.size(), file_);
    bytes.insert(bytes.end(), salt.begin(), salt.end());
    bytes.resize(verifier_offset);
    random_bytes(&bytes[nonce_offset], nonce_size, file_);

    const DerivedKeys& keys = derive(kdf, salt);
    const auto verifier = verifier_for(keys.verifier_key(), bytes.data());
    bytes.insert(bytes.end(), verifier.begin(), verifier.end());
    encrypt_into(bytes, keys.encryption_key(), plain);
    replace_file(file_, bytes);
}

}  // namespace parley
