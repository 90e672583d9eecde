#pragma once

#include "vault/credential-store.h"
#include "vault/secret.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace parley {

// scrypt cost: N = 2^log2_n, memory about 128 * r * N bytes (128 MiB at the
// default N = 2^17, r = 8, the OWASP guidance). Stored in each file's header,
// so files written with the earlier N = 2^15 still open, and are rewritten
// with the stronger cost at their next save.
struct ScryptParams {
    std::uint8_t log2_n = 17;
    std::uint32_t r = 8;
    std::uint32_t p = 1;

    friend bool operator==(const ScryptParams&, const ScryptParams&) = default;
};

struct FileVaultOptions {
    // Cost used when this instance writes the file. Tests and the fuzzer use
    // tiny values; the default is the one real profiles get.
    ScryptParams kdf{};
    // A file asking for more scrypt memory than this is refused as corrupt, so
    // a damaged or hostile header cannot make a read allocate gigabytes.
    std::uint64_t max_kdf_memory = std::uint64_t{1} << 30;
};

// The encrypted file fallback for `key set ID --store file`, used when no OS
// credential store is available. One file per profile holds every key,
// encrypted with AES-256-GCM under a key derived from a passphrase by scrypt;
// the format is documented at the top of file-vault.cpp.
//
// The passphrase callback runs lazily, at most once per instance (a callback
// that throws does not count), and only when the file must be read or
// created: looking up, listing or removing on a missing file never prompts.
// A wrong passphrase is forgotten: the next operation asks again. Every operation re-reads the file, so another
// process's writes are seen; writers in other processes are serialised by a
// lock on a sibling file (FILE.lock), so none loses another's key. Safe to
// share between threads.
//
// Errors are CredentialError: bad_passphrase, corrupt (damaged, truncated,
// tampered with, or not a vault), io (cannot read, write or rename), denied
// (refusing to create a vault with an empty passphrase).
class FileVault final : public CredentialStore {
public:
    FileVault(std::filesystem::path file, std::function<Secret()> passphrase, FileVaultOptions options = {});
    ~FileVault() override;
    FileVault(const FileVault&) = delete;
    FileVault& operator=(const FileVault&) = delete;

    std::string name() const override;
    bool is_available() override;
    void store(const std::string& provider_id, const Secret& key) override;
    std::optional<Secret> lookup(const std::string& provider_id) override;
    bool remove(const std::string& provider_id) override;
    std::vector<std::string> list() override;

    const std::filesystem::path& file() const { return file_; }

private:
    struct Contents;
    struct DerivedKeys;

    // Each needs vault_mutex_ held.
    Contents read_contents();
    void write_contents(const Contents& contents);
    const Secret& passphrase();
    const DerivedKeys& derive(const ScryptParams& kdf, const std::array<unsigned char, 16>& salt);

    std::filesystem::path file_;
    std::function<Secret()> ask_passphrase_;
    FileVaultOptions options_;

    std::mutex vault_mutex_;  // guards everything below and serialises read-modify-write
    std::optional<Secret> passphrase_;
    // The keys for the salt last read or written, so reading the file again
    // (every lookup does) does not pay for scrypt each time.
    std::unique_ptr<DerivedKeys> derived_;
};

}  // namespace parley
