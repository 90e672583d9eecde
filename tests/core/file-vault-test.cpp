#include "vault/file-vault.h"

#include "filesystem-features.h"
#include "temp-dir.h"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

using namespace parley;
namespace fs = std::filesystem;

namespace {

using Kind = CredentialError::Kind;

const std::string correct_passphrase = "correct horse battery staple";
const std::string openai_key = "sk-proj-Q7vB2xKp9LmN4rT8wYz1AcDeFgHiJkLm";
const std::string anthropic_key = "sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe";
const std::string gemini_key = "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q";

// Tiny scrypt cost: these tests run the KDF hundreds of times. Real
// profiles get the default (N = 2^17, r = 8).
FileVaultOptions fast_kdf(std::uint8_t log2_n = 4) {
    FileVaultOptions options;
    options.kdf = ScryptParams{log2_n, 1, 1};
    return options;
}

// Offsets of the regions of a version 1 file (see file-vault.cpp).
constexpr std::size_t kdf_begin = 12;
constexpr std::size_t salt_begin = 21;
constexpr std::size_t nonce_begin = 37;
constexpr std::size_t verifier_begin = 49;
constexpr std::size_t ciphertext_begin = 81;
constexpr std::size_t tag_size = 16;

std::string read_bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& file, const std::string& bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    BOOST_REQUIRE(out.good());
}

fs::perms permissions_of(const fs::path& file) {
    return fs::status(file).permissions() & fs::perms::all;
}

constexpr fs::perms owner_only = fs::perms::owner_read | fs::perms::owner_write;

std::set<std::string> names_in(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
    return names;
}

struct VaultFixture {
    test::TempDir dir;
    fs::path file = dir / "vault.bin";
    int prompts = 0;

    FileVault open(const std::string& passphrase = correct_passphrase, FileVaultOptions options = fast_kdf()) {
        return FileVault(
            file,
            [this, passphrase] {
                ++prompts;
                return Secret(passphrase);
            },
            options);
    }

    // A vault holding two keys, written by another instance.
    void create_vault() {
        FileVault vault = open();
        vault.store("openai", Secret(openai_key));
        vault.store("anthropic", Secret(anthropic_key));
    }

    // The error a fresh instance with the right passphrase gets reading the
    // file; fails the test if the file reads.
    CredentialError read_error() {
        FileVault vault = open();
        try {
            const auto ids = vault.list();
            BOOST_FAIL("the vault read although it should not: " << ids.size() << " entries");
        } catch (const CredentialError& e) {
            return e;
        }
        throw std::logic_error("unreachable");
    }

    // Flips each byte in [begin, end) in turn, with two masks, and checks that
    // no variant reads and each fails with one of `allowed`.
    void expect_every_flip_rejected(std::size_t begin, std::size_t end, const std::set<Kind>& allowed) {
        const std::string original = read_bytes(file);
        BOOST_REQUIRE(begin < end && end <= original.size());
        for (std::size_t offset = begin; offset < end; ++offset) {
            for (const unsigned char mask : {0x01, 0x80}) {
                std::string damaged = original;
                damaged[offset] = static_cast<char>(damaged[offset] ^ mask);
                write_bytes(file, damaged);
                const CredentialError error = read_error();
                BOOST_TEST(allowed.count(error.kind()) == 1, "byte " << offset << " ^ " << int(mask) << " gave kind "
                                                                     << int(error.kind()) << ": " << error.what());
            }
        }
        write_bytes(file, original);
    }
};

void check_corrupt_message(const CredentialError& error, const fs::path& file) {
    const std::string message = error.what();
    BOOST_TEST(message.find(file.string()) != std::string::npos, message);
    BOOST_TEST(message.find("damaged or was tampered with") != std::string::npos, message);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(file_vault, VaultFixture)

BOOST_AUTO_TEST_CASE(several_keys_round_trip) {
    FileVault vault = open();
    vault.store("openai", Secret(openai_key));
    vault.store("anthropic", Secret(anthropic_key));
    vault.store("gemini", Secret(gemini_key));

    BOOST_TEST(vault.lookup("openai").value().view() == openai_key);
    BOOST_TEST(vault.lookup("anthropic").value().view() == anthropic_key);
    BOOST_TEST(vault.lookup("gemini").value().view() == gemini_key);
    BOOST_TEST(!vault.lookup("mistral").has_value());
}

BOOST_AUTO_TEST_CASE(store_replaces_the_key_of_a_provider) {
    FileVault vault = open();
    vault.store("openai", Secret(openai_key));
    vault.store("openai", Secret(std::string("sk-proj-replacement0000000000000000")));

    BOOST_TEST(vault.lookup("openai").value().view() == "sk-proj-replacement0000000000000000");
    BOOST_TEST(vault.list() == std::vector<std::string>{"openai"});
}

BOOST_AUTO_TEST_CASE(remove_deletes_one_key_and_reports_whether_it_was_there) {
    create_vault();
    FileVault vault = open();

    BOOST_TEST(vault.remove("openai"));
    BOOST_TEST(!vault.lookup("openai").has_value());
    BOOST_TEST(vault.lookup("anthropic").value().view() == anthropic_key);
    BOOST_TEST(!vault.remove("openai"));
    BOOST_TEST(!open().lookup("openai").has_value());
}

BOOST_AUTO_TEST_CASE(list_names_every_provider_with_a_key) {
    FileVault vault = open();
    BOOST_TEST(vault.list().empty());
    vault.store("openai", Secret(openai_key));
    vault.store("gemini", Secret(gemini_key));
    vault.store("anthropic", Secret(anthropic_key));

    BOOST_TEST(vault.list() == (std::vector<std::string>{"anthropic", "gemini", "openai"}));
}

BOOST_AUTO_TEST_CASE(keys_persist_across_instances) {
    create_vault();
    FileVault later = open();

    BOOST_TEST(later.lookup("openai").value().view() == openai_key);
    BOOST_TEST(later.lookup("anthropic").value().view() == anthropic_key);
}

BOOST_AUTO_TEST_CASE(wrong_passphrase_is_bad_passphrase_and_names_the_file) {
    create_vault();
    FileVault vault = open("wrong passphrase");
    try {
        (void)vault.lookup("openai");
        BOOST_FAIL("a wrong passphrase opened the vault");
    } catch (const CredentialError& e) {
        BOOST_TEST(int(e.kind()) == int(Kind::bad_passphrase));
        const std::string message = e.what();
        BOOST_TEST(message == "wrong passphrase for the key vault " + file.string());
    }
}

BOOST_AUTO_TEST_CASE(store_with_a_wrong_passphrase_leaves_the_file_untouched) {
    create_vault();
    const std::string before = read_bytes(file);
    FileVault vault = open("wrong passphrase");

    BOOST_CHECK_EXCEPTION(vault.store("gemini", Secret(gemini_key)), CredentialError,
                          [](const CredentialError& e) { return e.kind() == Kind::bad_passphrase; });
    BOOST_TEST(read_bytes(file) == before);
}

BOOST_AUTO_TEST_CASE(missing_file_reads_as_empty_without_asking_for_the_passphrase) {
    FileVault vault = open();

    BOOST_TEST(!vault.lookup("openai").has_value());
    BOOST_TEST(vault.list().empty());
    BOOST_TEST(!vault.remove("openai"));
    BOOST_TEST(prompts == 0);
    BOOST_TEST(!fs::exists(file));
}

BOOST_AUTO_TEST_CASE(passphrase_is_asked_at_most_once_per_instance) {
    create_vault();
    prompts = 0;
    FileVault vault = open();
    (void)vault.lookup("openai");
    vault.store("gemini", Secret(gemini_key));
    (void)vault.list();
    (void)vault.remove("anthropic");

    BOOST_TEST(prompts == 1);
}

BOOST_AUTO_TEST_CASE(passphrase_callback_that_throws_is_asked_again_next_time) {
    create_vault();
    int calls = 0;
    FileVault vault(
        file,
        [&calls] {
            if (++calls == 1) throw std::runtime_error("prompt cancelled");
            return Secret(correct_passphrase);
        },
        fast_kdf());

    BOOST_CHECK_THROW((void)vault.lookup("openai"), std::runtime_error);
    BOOST_TEST(vault.lookup("openai").value().view() == openai_key);
    BOOST_TEST(calls == 2);
}

BOOST_AUTO_TEST_CASE(a_wrong_passphrase_is_forgotten_and_asked_again) {
    create_vault();
    int calls = 0;
    FileVault vault(
        file, [&calls] { return Secret(std::string(++calls == 1 ? "mistyped" : correct_passphrase)); }, fast_kdf());

    BOOST_CHECK_EXCEPTION((void)vault.lookup("openai"), CredentialError,
                          [](const CredentialError& e) { return e.kind() == Kind::bad_passphrase; });
    BOOST_TEST(vault.lookup("openai").value().view() == openai_key);
    BOOST_TEST(vault.lookup("anthropic").value().view() == anthropic_key);
    BOOST_TEST(calls == 2);
}

BOOST_AUTO_TEST_CASE(empty_passphrase_is_refused_when_creating_a_vault) {
    FileVault vault = open("");

    BOOST_CHECK_EXCEPTION(vault.store("openai", Secret(openai_key)), CredentialError,
                          [](const CredentialError& e) { return e.kind() == Kind::denied; });
    BOOST_TEST(!fs::exists(file));
}

BOOST_AUTO_TEST_CASE(flipped_signature_byte_is_corrupt) {
    create_vault();
    expect_every_flip_rejected(0, 11, {Kind::corrupt});
    write_bytes(file, "X" + read_bytes(file).substr(1));
    check_corrupt_message(read_error(), file);
}

BOOST_AUTO_TEST_CASE(flipped_version_byte_is_corrupt) {
    create_vault();
    expect_every_flip_rejected(11, kdf_begin, {Kind::corrupt});
}

BOOST_AUTO_TEST_CASE(unknown_version_is_corrupt_and_says_which) {
    create_vault();
    std::string bytes = read_bytes(file);
    bytes[11] = 2;
    write_bytes(file, bytes);

    const CredentialError error = read_error();
    BOOST_TEST(int(error.kind()) == int(Kind::corrupt));
    BOOST_TEST(std::string(error.what()).find("version 2") != std::string::npos, error.what());
}

// KDF parameters and salt decide the keys: damage there cannot be told from a
// wrong passphrase (out-of-range parameters are caught as corrupt first).
BOOST_AUTO_TEST_CASE(flipped_kdf_parameter_is_rejected) {
    create_vault();
    expect_every_flip_rejected(kdf_begin, salt_begin, {Kind::bad_passphrase, Kind::corrupt});
}

BOOST_AUTO_TEST_CASE(flipped_salt_byte_reads_as_wrong_passphrase) {
    create_vault();
    expect_every_flip_rejected(salt_begin, nonce_begin, {Kind::bad_passphrase});
}

BOOST_AUTO_TEST_CASE(flipped_nonce_byte_is_corrupt) {
    create_vault();
    expect_every_flip_rejected(nonce_begin, verifier_begin, {Kind::corrupt});
}

BOOST_AUTO_TEST_CASE(flipped_verifier_byte_is_corrupt) {
    create_vault();
    expect_every_flip_rejected(verifier_begin, ciphertext_begin, {Kind::corrupt});
}

BOOST_AUTO_TEST_CASE(flipped_ciphertext_byte_is_corrupt) {
    create_vault();
    const std::size_t size = fs::file_size(file);
    expect_every_flip_rejected(ciphertext_begin, size - tag_size, {Kind::corrupt});
}

BOOST_AUTO_TEST_CASE(flipped_tag_byte_is_corrupt_and_names_the_file) {
    create_vault();
    const std::size_t size = fs::file_size(file);
    expect_every_flip_rejected(size - tag_size, size, {Kind::corrupt});

    std::string bytes = read_bytes(file);
    bytes.back() = static_cast<char>(bytes.back() ^ 1);
    write_bytes(file, bytes);
    check_corrupt_message(read_error(), file);
}

BOOST_AUTO_TEST_CASE(truncated_file_is_corrupt_at_every_length_tried) {
    create_vault();
    const std::string original = read_bytes(file);
    const std::size_t size = original.size();
    for (const std::size_t length :
         {std::size_t{0}, std::size_t{1}, std::size_t{11}, std::size_t{12}, std::size_t{20}, std::size_t{36},
          std::size_t{48}, std::size_t{80}, std::size_t{81}, std::size_t{96}, std::size_t{97}, size - tag_size - 1,
          size - tag_size, size - 1}) {
        write_bytes(file, original.substr(0, length));
        const CredentialError error = read_error();
        BOOST_TEST(int(error.kind()) == int(Kind::corrupt), "length " << length << ": " << error.what());
    }
}

BOOST_AUTO_TEST_CASE(bytes_appended_after_the_tag_are_corrupt) {
    create_vault();
    write_bytes(file, read_bytes(file) + std::string(1, '\0'));

    BOOST_TEST(int(read_error().kind()) == int(Kind::corrupt));
}

BOOST_AUTO_TEST_CASE(file_that_is_not_a_vault_is_corrupt) {
    write_bytes(file, R"({"openai": "sk-proj-plaintext"})");

    const CredentialError error = read_error();
    BOOST_TEST(int(error.kind()) == int(Kind::corrupt));
    check_corrupt_message(error, file);
}

BOOST_AUTO_TEST_CASE(kdf_parameters_beyond_the_memory_limit_are_corrupt_before_scrypt_runs) {
    create_vault();
    std::string bytes = read_bytes(file);
    bytes[kdf_begin] = 31;      // N = 2^31
    bytes[kdf_begin + 4] = 64;  // r = 64: 16 TiB
    write_bytes(file, bytes);

    BOOST_TEST(int(read_error().kind()) == int(Kind::corrupt));
}

BOOST_AUTO_TEST_CASE(stronger_kdf_parameters_of_a_file_survive_a_rewrite) {
    FileVault strong = open(correct_passphrase, fast_kdf(6));
    strong.store("openai", Secret(openai_key));
    FileVault weak = open(correct_passphrase, fast_kdf(4));
    weak.store("gemini", Secret(gemini_key));

    BOOST_TEST(int(read_bytes(file)[kdf_begin]) == 6);
    BOOST_TEST(open().lookup("gemini").value().view() == gemini_key);
}

BOOST_AUTO_TEST_CASE(rewrite_raises_weaker_kdf_parameters) {
    open(correct_passphrase, fast_kdf(4)).store("openai", Secret(openai_key));
    open(correct_passphrase, fast_kdf(5)).store("gemini", Secret(gemini_key));

    BOOST_TEST(int(read_bytes(file)[kdf_begin]) == 5);
}

BOOST_AUTO_TEST_CASE(every_write_uses_a_fresh_salt_and_nonce) {
    FileVault vault = open();
    vault.store("openai", Secret(openai_key));
    const std::string first = read_bytes(file);
    vault.store("openai", Secret(openai_key));
    const std::string second = read_bytes(file);

    BOOST_TEST(first.substr(salt_begin, 16) != second.substr(salt_begin, 16));
    BOOST_TEST(first.substr(nonce_begin, 12) != second.substr(nonce_begin, 12));
}

BOOST_AUTO_TEST_CASE(key_passphrase_and_provider_ids_never_appear_in_the_file) {
    create_vault();
    const std::string bytes = read_bytes(file);

    BOOST_TEST(bytes.find(openai_key) == std::string::npos);
    BOOST_TEST(bytes.find(anthropic_key) == std::string::npos);
    BOOST_TEST(bytes.find("sk-") == std::string::npos);
    BOOST_TEST(bytes.find(correct_passphrase) == std::string::npos);
    BOOST_TEST(bytes.find("anthropic") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(vault_file_is_owner_only_after_create, *boost::unit_test::enable_if<test::posix_file_modes>()) {
    create_vault();
    BOOST_TEST((permissions_of(file) == owner_only));
}

BOOST_AUTO_TEST_CASE(rewrite_makes_a_loosened_vault_owner_only_again,
                     *boost::unit_test::enable_if<test::posix_file_modes>()) {
    create_vault();
    fs::permissions(file, owner_only | fs::perms::group_read | fs::perms::others_read);
    BOOST_REQUIRE((permissions_of(file) != owner_only));

    open().store("gemini", Secret(gemini_key));
    BOOST_TEST((permissions_of(file) == owner_only));
}

BOOST_AUTO_TEST_CASE(no_temporary_files_are_left_behind) {
    create_vault();
    FileVault vault = open();
    vault.store("gemini", Secret(gemini_key));
    vault.remove("openai");

    BOOST_TEST((names_in(dir.path()) == std::set<std::string>{"vault.bin", "vault.bin.lock"}));
}

// Root ignores a read-only directory, and the suite runs as root in CI; a
// file name too long to take the temporary suffix (names stop at 255 bytes
// on Linux, macOS and Windows file systems) fails the write for anyone.
BOOST_AUTO_TEST_CASE(failed_write_leaves_the_previous_vault_intact_and_readable) {
    create_vault();
    const fs::path long_name = dir / std::string(250, 'v');
    fs::rename(file, long_name);
    file = long_name;
    const std::string before = read_bytes(file);
    FileVault vault = open();
    BOOST_REQUIRE(vault.lookup("openai").has_value());

    BOOST_CHECK_EXCEPTION(vault.store("gemini", Secret(gemini_key)), CredentialError,
                          [](const CredentialError& e) { return e.kind() == Kind::io; });
    BOOST_TEST(read_bytes(file) == before);
    BOOST_TEST(open().lookup("openai").value().view() == openai_key);
    BOOST_TEST(!open().lookup("gemini").has_value());
    // No temp file left (lock files stay; the long name's may not fit).
    auto names = names_in(dir.path());
    std::erase_if(names, [](const std::string& name) { return name.ends_with(".lock"); });
    BOOST_TEST((names == std::set<std::string>{long_name.filename().string()}));
}

BOOST_AUTO_TEST_CASE(failed_rename_removes_the_temporary_file) {
    // The prompt runs between reading and writing: it puts a non-empty
    // directory where the vault goes, so the final rename fails.
    FileVault vault(
        file,
        [this] {
            fs::create_directories(file / "occupied");
            return Secret(correct_passphrase);
        },
        fast_kdf());

    BOOST_CHECK_EXCEPTION(vault.store("openai", Secret(openai_key)), CredentialError,
                          [](const CredentialError& e) { return e.kind() == Kind::io; });
    BOOST_TEST((names_in(dir.path()) == std::set<std::string>{"vault.bin", "vault.bin.lock"}));
    BOOST_TEST(fs::is_directory(file));
}

BOOST_AUTO_TEST_CASE(name_and_availability) {
    FileVault vault = open();
    BOOST_TEST(vault.name() == "encrypted file vault");
    BOOST_TEST(vault.is_available());
    BOOST_TEST(prompts == 0);
}

BOOST_AUTO_TEST_CASE(default_kdf_cost_is_the_strong_one) {
    const FileVaultOptions defaults;
    BOOST_TEST(int(defaults.kdf.log2_n) == 17);
    BOOST_TEST(defaults.kdf.r == 8u);
    BOOST_TEST(defaults.kdf.p == 1u);

    FileVault vault(file, [] { return Secret(correct_passphrase); });
    vault.store("openai", Secret(openai_key));
    const std::string bytes = read_bytes(file);
    BOOST_TEST(int(bytes[kdf_begin]) == 17);
    BOOST_TEST(vault.lookup("openai").value().view() == openai_key);
}

// tests/fixtures/vault-scrypt-n15.vault was written with the earlier default
// cost (N = 2^15, r = 8, p = 1) by an independent implementation of the
// format (Python's hashlib.scrypt and cryptography's AESGCM), passphrase
// "fixture passphrase", holding {"legacy": "sk-legacy-fixture-0123456789"}.
BOOST_AUTO_TEST_CASE(a_vault_with_the_earlier_cost_reads_and_is_strengthened_at_its_next_save) {
    fs::copy_file(PARLEY_SOURCE_DIR "/tests/fixtures/vault-scrypt-n15.vault", file);
    const auto passphrase = [] { return Secret("fixture passphrase"); };
    {
        FileVault vault(file, passphrase);
        BOOST_TEST(vault.lookup("legacy").value().view() == "sk-legacy-fixture-0123456789");
        BOOST_TEST(int(read_bytes(file)[kdf_begin]) == 15);  // reading alone rewrites nothing
        vault.store("openai", Secret(openai_key));
    }
    const std::string bytes = read_bytes(file);
    BOOST_TEST(int(bytes[kdf_begin]) == 17);
    BOOST_TEST(bytes.substr(kdf_begin + 1, 8) == std::string("\0\0\0\x08\0\0\0\x01", 8));  // r = 8, p = 1
    FileVault reread(file, passphrase);
    BOOST_TEST(reread.lookup("legacy").value().view() == "sk-legacy-fixture-0123456789");
    BOOST_TEST(reread.lookup("openai").value().view() == openai_key);
}

BOOST_AUTO_TEST_SUITE_END()
