#pragma once

#include "licensing/license-state.h"

#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

namespace parley {

class LicenseStoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct LoadedFacts {
    LicenseFacts facts;
    bool fresh = false;  // no file yet: the evaluation starts now
    // Why a saved answer was set aside (not signed by a trusted key, made for
    // another machine...): it then counts as no answer at all.
    std::optional<std::string> discarded;
};

// The licensing facts of one profile, one small JSON file in its state
// folder (`license.json`): the last trusted envelope exactly as received, the
// evaluation's start and the high-water mark. The envelope is verified again
// on every load, against the build's keys and this machine's fingerprint, so
// an edited file or a state folder copied to another machine holds no license.
class LicenseStore {
public:
    explicit LicenseStore(std::filesystem::path file);

    const std::filesystem::path& file() const { return file_; }
    // Throws LicenseStoreError when the file exists but cannot be read.
    LoadedFacts load(std::span<const Ed25519PublicKey> trusted_keys, const std::string& fingerprint,
                     std::int64_t now) const;
    // Atomic: a reader sees the old file or the new one.
    void save(const LicenseFacts& facts) const;

private:
    std::filesystem::path file_;
};

}  // namespace parley
