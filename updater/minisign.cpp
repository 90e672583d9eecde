#include "minisign.h"

#include "crypto/base64.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

namespace parley {

namespace {

std::string_view as_view(const unsigned char* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

std::span<const unsigned char> as_bytes(std::string_view s) {
    return {reinterpret_cast<const unsigned char*>(s.data()), s.size()};
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        if (end == std::string_view::npos) break;
        text = text.substr(end + 1);
    }
    return lines;
}

}  // namespace

std::string minisign_key_id_hex(const MinisignKeyId& id) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (auto it = id.rbegin(); it != id.rend(); ++it) {
        out.push_back(hex[*it >> 4]);
        out.push_back(hex[*it & 0xf]);
    }
    return out;
}

std::string blake2b512(std::string_view data) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    unsigned char out[64];
    unsigned int written = 0;
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_blake2b512(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 || EVP_DigestFinal_ex(ctx.get(), out, &written) != 1)
        throw MinisignError("BLAKE2b-512 failed");
    return std::string(as_view(out, written));
}

std::string decode_minisign_key_line(std::string_view text, std::size_t expected_size, const char* what) {
    std::vector<std::string_view> lines;
    for (auto line : split_lines(text))
        if (!line.empty()) lines.push_back(line);
    std::string_view encoded;
    if (lines.size() == 1 && !lines[0].starts_with(kMinisignUntrustedPrefix))
        encoded = lines[0];
    else if (lines.size() == 2 && lines[0].starts_with(kMinisignUntrustedPrefix))
        encoded = lines[1];
    else
        throw MinisignError(std::string("not a minisign ") + what + " file");
    auto bytes = base64_decode(encoded);
    if (!bytes || bytes->size() != expected_size)
        throw MinisignError(std::string("the minisign ") + what + " is not valid base64 of the right size");
    return std::move(*bytes);
}

MinisignPublicKey parse_minisign_public_key(std::string_view text) {
    const std::string bytes = decode_minisign_key_line(text, 42, "public key");
    if (bytes.compare(0, 2, "Ed") != 0) throw MinisignError("the minisign public key has an unknown algorithm");
    MinisignPublicKey key;
    std::memcpy(key.key_id.data(), bytes.data() + 2, key.key_id.size());
    std::memcpy(key.key.data(), bytes.data() + 10, key.key.size());
    return key;
}

std::string format_minisign_public_key(const MinisignPublicKey& key) {
    std::string bytes = "Ed";
    bytes.append(as_view(key.key_id.data(), key.key_id.size()));
    bytes.append(as_view(key.key.data(), key.key.size()));
    return std::string(kMinisignUntrustedPrefix) + "minisign public key " + minisign_key_id_hex(key.key_id) + "\n" +
           base64_encode(bytes) + "\n";
}

std::string minisign_verify(std::span<const MinisignPublicKey> trusted, std::string_view data,
                            std::string_view signature_text) {
    auto lines = split_lines(signature_text);
    if (lines.size() == 5 && lines[4].empty()) lines.pop_back();
    if (lines.size() != 4 || !lines[0].starts_with(kMinisignUntrustedPrefix) ||
        !lines[2].starts_with(kMinisignTrustedPrefix))
        throw MinisignError("the signature is not a minisign signature file");
    const auto sig_struct = base64_decode(lines[1]);
    const auto global = base64_decode(lines[3]);
    if (!sig_struct || sig_struct->size() != 74 || !global || global->size() != 64)
        throw MinisignError("the minisign signature is not valid base64 of the right size");
    const std::string_view alg = std::string_view(*sig_struct).substr(0, 2);
    if (alg == "Ed") throw MinisignError("legacy (not prehashed) minisign signatures are refused");
    if (alg != "ED") throw MinisignError("the minisign signature has an unknown algorithm");
    MinisignKeyId id{};
    std::memcpy(id.data(), sig_struct->data() + 2, id.size());
    const auto key = std::find_if(trusted.begin(), trusted.end(), [&](const auto& k) { return k.key_id == id; });
    if (key == trusted.end())
        throw MinisignError("the signature is by key " + minisign_key_id_hex(id) + ", not a trusted release key");
    const std::string_view signature = std::string_view(*sig_struct).substr(10, 64);
    if (!ed25519_verify(key->key, blake2b512(data), as_bytes(signature)))
        throw MinisignError("the signature does not match the signed file");
    const std::string_view trusted_comment = lines[2].substr(kMinisignTrustedPrefix.size());
    std::string global_message(signature);
    global_message.append(trusted_comment);
    if (!ed25519_verify(key->key, global_message, as_bytes(*global)))
        throw MinisignError("the trusted comment has been altered (global signature mismatch)");
    return std::string(trusted_comment);
}

}  // namespace parley
