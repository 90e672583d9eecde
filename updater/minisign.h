#pragma once

#include "crypto/ed25519.h"

#include <array>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace parley {

// minisign's public key and signature files, byte-compatible with the
// minisign tool (v0.11, as in Debian 12). Signatures are the prehashed `ED`
// kind: Ed25519 over BLAKE2b-512 of the data, plus a global signature over
// that signature and the trusted comment. The legacy `Ed` kind is refused:
// accepting two kinds of signature would be one more way in.
using MinisignKeyId = std::array<unsigned char, 8>;

struct MinisignPublicKey {
    MinisignKeyId key_id{};
    Ed25519PublicKey key{};
};

class MinisignError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr std::string_view kMinisignUntrustedPrefix = "untrusted comment: ";
inline constexpr std::string_view kMinisignTrustedPrefix = "trusted comment: ";

// The key id as minisign prints it: 16 upper-case hex digits of the
// little-endian number.
std::string minisign_key_id_hex(const MinisignKeyId& id);

// A public key file, or just its base64 line (as `minisign -P` takes it).
MinisignPublicKey parse_minisign_public_key(std::string_view text);
std::string format_minisign_public_key(const MinisignPublicKey& key);

std::string blake2b512(std::string_view data);

// Checks a .minisig text against `data` with any of the trusted keys and
// returns the trusted comment. Throws MinisignError naming the failed check:
// malformed file, legacy signature, untrusted key id, bad signature, altered
// trusted comment.
std::string minisign_verify(std::span<const MinisignPublicKey> trusted, std::string_view data,
                            std::string_view signature_text);

// Where a caller needs the key file's base64 line: the single line, or the
// second after an "untrusted comment:" line. Throws MinisignError.
std::string decode_minisign_key_line(std::string_view text, std::size_t expected_size, const char* what);

}  // namespace parley
