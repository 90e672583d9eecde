// Reads arbitrary bytes as a key vault file: the only acceptable outcomes are
// a successful read or a CredentialError, never a crash, a hang or another
// exception.
//
// Random bytes never get past the passphrase check, so half the inputs
// instead patch a valid vault written once at start-up: the first byte picks
// the mode, then (offset, xor) byte pairs and a final length byte damage the
// valid file, which reaches the tag check and the paths behind it.
#include "vault/file-vault.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

namespace {

namespace fs = std::filesystem;

parley::FileVaultOptions tiny_kdf() {
    parley::FileVaultOptions options;
    options.kdf = parley::ScryptParams{4, 1, 1};
    // Keeps hostile headers cheap: scrypt never gets more than 1 MiB.
    options.max_kdf_memory = std::uint64_t{1} << 20;
    return options;
}

parley::Secret passphrase() { return parley::Secret(std::string("fuzz passphrase")); }

struct Workspace {
    fs::path dir;
    fs::path vault;
    std::string valid;

    Workspace() {
        dir = fs::temp_directory_path() / ("parley-vault-fuzz-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir);
        vault = dir / "vault.bin";
        {
            parley::FileVault writer(vault, passphrase, tiny_kdf());
            writer.store("openai", parley::Secret(std::string("sk-proj-fuzzfuzzfuzzfuzzfuzzfuzz")));
            writer.store("anthropic", parley::Secret(std::string("sk-ant-api03-fuzzfuzzfuzzfuzz")));
        }
        std::ifstream in(vault, std::ios::binary);
        valid.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (valid.empty()) std::abort();
    }
    ~Workspace() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
};

std::string patched(const std::string& valid, const std::uint8_t* data, std::size_t size) {
    std::string bytes = valid;
    std::size_t i = 0;
    for (; i + 2 < size; i += 2) bytes[data[i] % bytes.size()] ^= static_cast<char>(data[i + 1]);
    if (i < size) bytes.resize(bytes.size() - data[i] % 32);
    return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Workspace workspace;
    if (size < 1) return 0;

    const std::string bytes = data[0] % 2 == 0 ? std::string(reinterpret_cast<const char*>(data + 1), size - 1)
                                               : patched(workspace.valid, data + 1, size - 1);
    {
        std::ofstream out(workspace.vault, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out) std::abort();
    }

    parley::FileVault vault(workspace.vault, passphrase, tiny_kdf());
    try {
        const auto ids = vault.list();
        // Anything that reads must be the untouched vault: nothing else can
        // carry a valid tag.
        if (bytes != workspace.valid || ids.size() != 2) std::abort();
        if (!vault.lookup("openai")) std::abort();
    } catch (const parley::CredentialError&) {
    }
    return 0;
}
