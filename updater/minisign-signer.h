#pragma once

#include "minisign.h"
#include "vault/secret.h"

#include <functional>
#include <string>
#include <string_view>

namespace parley {

// The vendor's half of minisign: secret key files and signing. Only the
// release tool links it; the updater and the license service verify only.
struct MinisignSecretKey {
    MinisignKeyId key_id{};
    Secret seed;  // 32 bytes
    Ed25519PublicKey public_key{};
};

MinisignSecretKey generate_minisign_key();
MinisignPublicKey minisign_public_key_of(const MinisignSecretKey& secret);

// Secret key files as `minisign -G` writes them: unencrypted (-W) or
// encrypted with scrypt. `passphrase` is asked only for an encrypted file;
// a wrong one is told apart from a damaged file by the key's checksum.
MinisignSecretKey parse_minisign_secret_key(std::string_view text, const std::function<Secret()>& passphrase);
// An empty passphrase writes an unencrypted file, as `minisign -G -W` does.
std::string format_minisign_secret_key(const MinisignSecretKey& key, const Secret& passphrase);

// A .minisig text for `data` (prehashed). Comments may not contain CR or LF.
std::string minisign_sign(const MinisignSecretKey& key, std::string_view data, std::string_view trusted_comment,
                          std::string_view untrusted_comment = "signature from parley-release secret key");

}  // namespace parley
