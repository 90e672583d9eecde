#pragma once

#include "crypto/ed25519.h"

#include <filesystem>
#include <optional>
#include <stdexcept>

namespace parley::licensing {

class KeyFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The Ed25519 key that signs every answer lives in the data folder as the
// base64 of its 32-byte seed, readable by the service's user only.
std::filesystem::path answer_signing_key_path(const std::filesystem::path& data_dir);

// Writes a new key (or the given seed) with mode 0600 and returns its public
// half. Never overwrites an existing key: that would strand every app built
// with the old public key.
Ed25519PublicKey create_answer_signing_key(const std::filesystem::path& data_dir, std::optional<Secret> seed);

// Throws KeyFileError when the file is missing, malformed, or readable by
// anyone but its owner.
Secret load_answer_signing_key(const std::filesystem::path& data_dir);

// A base64 32-byte seed from any file (init --secret-key-file).
Secret read_seed_file(const std::filesystem::path& file);

}  // namespace parley::licensing
