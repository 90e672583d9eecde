// parley-release: the vendor's offline release tool. Keys, manifests and
// signatures follow minisign's formats so the real minisign can check them.
#include "argument-list.h"
#include "minisign-signer.h"
#include "package-repository.h"
#include "release-manifest.h"
#include "terminal-input.h"
#include "util/atomic-file.h"
#include "util/utc-time.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using parley::UsageError;

constexpr const char* kUsage = R"(usage: parley-release COMMAND
  keygen -p PUB -s SEC [-W]        a minisign-compatible key pair (-W: no passphrase)
  manifest --version V --channel C --serial N --released ISO --expires ISO
           --artifact PLATFORM=FILE[@PATH] ... [--notes HTTPS-URL] -o manifest.json
  sign -s SEC -m manifest.json [-t COMMENT]      writes manifest.json.minisig
  verify -p PUB -m manifest.json
  apt-repo --out DIR --gpg-homedir GNUPGHOME --key KEYID DEB...        a signed apt repository
  rpm-repo --out DIR --gpg-homedir GNUPGHOME --key KEYID --url URL RPM...   a signed dnf repository
Passphrases are read from the terminal, or from PARLEY_RELEASE_PASSPHRASE.
)";

constexpr int exit_ok = 0, exit_failure = 1, exit_usage = 2, exit_refused = 7;

class ToolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string read_file(const fs::path& path, std::size_t limit) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ToolError("cannot read " + path.string());
    std::string data;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        data.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (data.size() > limit) throw ToolError(path.string() + " is too large");
    }
    if (in.bad()) throw ToolError("cannot read " + path.string());
    return data;
}

parley::Secret passphrase(const std::string& prompt, bool confirm) {
    if (const char* env = std::getenv("PARLEY_RELEASE_PASSPHRASE")) {
        parley::Secret value{std::string(env)};
        unsetenv("PARLEY_RELEASE_PASSPHRASE");
        return value;
    }
    if (!parley::stdin_is_terminal())
        throw ToolError("a passphrase is needed: run in a terminal or set PARLEY_RELEASE_PASSPHRASE");
    parley::Secret first = parley::read_hidden_line(prompt);
    if (confirm && parley::read_hidden_line("Passphrase (again): ").view() != first.view())
        throw ToolError("the passphrases differ");
    return first;
}

void write_new_file(const fs::path& path, std::string_view contents) {
    if (fs::exists(path)) throw ToolError(path.string() + " exists; remove it first (keys are never overwritten)");
    parley::write_file_atomically(path, contents);
}

int keygen(parley::ArgumentList& args) {
    const auto pub = args.take_value("-p");
    const auto sec = args.take_value("-s");
    const bool no_passphrase = args.take_flag("-W");
    args.expect_end();
    if (!pub || !sec) throw UsageError("keygen needs -p PUB and -s SEC");
    const auto key = parley::generate_minisign_key();
    const parley::Secret pass = no_passphrase ? parley::Secret() : passphrase("Passphrase: ", true);
    if (!no_passphrase && pass.empty()) throw ToolError("an empty passphrase; use -W for a key without one");
    write_new_file(*sec, parley::format_minisign_secret_key(key, pass));
    write_new_file(*pub, parley::format_minisign_public_key(parley::minisign_public_key_of(key)));
    std::cout << "key id " << parley::minisign_key_id_hex(key.key_id) << "\n";
    return exit_ok;
}

std::int64_t time_value(const std::optional<std::string>& text, const char* flag) {
    if (!text) throw UsageError(std::string("manifest needs ") + flag);
    const auto time = parley::parse_utc_iso8601(*text);
    if (!time) throw UsageError(std::string(flag) + " takes a UTC time YYYY-MM-DDTHH:MM:SSZ");
    return *time;
}

std::pair<std::uint64_t, std::string> size_and_sha256(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ToolError("cannot read " + file.string());
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    std::uint64_t size = 0;
    std::vector<char> buffer(1 << 20);
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
        engine.update(buffer.data(), static_cast<unsigned>(in.gcount()));
        size += static_cast<std::uint64_t>(in.gcount());
    }
    if (in.bad()) throw ToolError("cannot read " + file.string());
    return {size, Poco::DigestEngine::digestToHex(engine.digest())};
}

int manifest(parley::ArgumentList& args) {
    parley::ReleaseManifest manifest;
    const auto version = args.take_value("--version");
    const auto channel = args.take_value("--channel");
    const auto serial = args.take_value("--serial");
    manifest.released = time_value(args.take_value("--released"), "--released");
    manifest.expires = time_value(args.take_value("--expires"), "--expires");
    const auto artifacts = args.take_values("--artifact");
    const auto notes = args.take_value("--notes");
    const auto output = args.take_value("-o");
    args.expect_end();
    if (!version || !channel || !serial || !output || artifacts.empty())
        throw UsageError("manifest needs --version, --channel, --serial, --released, --expires, --artifact and -o");
    manifest.version = *version;
    manifest.channel = *channel;
    const auto [end, error] = std::from_chars(serial->data(), serial->data() + serial->size(), manifest.serial);
    if (error != std::errc() || end != serial->data() + serial->size())
        throw UsageError("--serial takes a non-negative integer");
    if (manifest.expires <= manifest.released) throw UsageError("--expires must be after --released");
    if (notes) {
        if (!parley::is_valid_notes_url(*notes))
            throw UsageError("--notes takes an https URL (printable, no spaces, at most 512 bytes)");
        manifest.notes = *notes;
    }
    for (const auto& spec : artifacts) {
        const auto equals = spec.find('=');
        if (equals == std::string::npos || equals == 0) throw UsageError("--artifact takes PLATFORM=FILE[@PATH]");
        const std::string platform = spec.substr(0, equals);
        std::string file = spec.substr(equals + 1);
        std::string path;
        if (const auto at = file.rfind('@'); at != std::string::npos) {
            path = file.substr(at + 1);
            file.resize(at);
        }
        if (path.empty()) path = fs::path(file).filename().string();
        if (manifest.artifacts.contains(platform)) throw UsageError("--artifact " + platform + " given twice");
        const auto [size, sha256] = size_and_sha256(file);
        manifest.artifacts[platform] = parley::ReleaseArtifact{path, size, sha256};
    }
    const std::string bytes = parley::canonical_manifest_json(manifest);
    // Checks every field the way the updater will, before anything is signed.
    parley::parse_release_manifest(bytes);
    parley::write_file_atomically(*output, bytes);
    return exit_ok;
}

int sign(parley::ArgumentList& args) {
    const auto sec = args.take_value("-s");
    const auto manifest_path = args.take_value("-m");
    const auto comment = args.take_value("-t");
    args.expect_end();
    if (!sec || !manifest_path) throw UsageError("sign needs -s SEC and -m manifest.json");
    const std::string bytes = read_file(*manifest_path, 64 * 1024);
    const auto manifest = parley::parse_release_manifest(bytes);
    const auto key =
        parley::parse_minisign_secret_key(read_file(*sec, 4096), [] { return passphrase("Passphrase: ", false); });
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    // minisign's own default comment, so signatures look alike whichever
    // tool made them.
    const std::string trusted = comment ? *comment
                                        : "timestamp:" + std::to_string(now) +
                                              "\tfile:" + fs::path(*manifest_path).filename().string() + "\thashed";
    parley::write_file_atomically(*manifest_path + ".minisig", parley::minisign_sign(key, bytes, trusted));
    std::cout << "signed parley " << manifest.version << " (" << manifest.channel << ", serial " << manifest.serial
              << ") with key " << parley::minisign_key_id_hex(key.key_id) << "\n";
    return exit_ok;
}

int verify(parley::ArgumentList& args) {
    const auto pub = args.take_value("-p");
    const auto manifest_path = args.take_value("-m");
    args.expect_end();
    if (!pub || !manifest_path) throw UsageError("verify needs -p PUB and -m manifest.json");
    const std::vector<parley::MinisignPublicKey> trusted{parley::parse_minisign_public_key(read_file(*pub, 4096))};
    const std::string bytes = read_file(*manifest_path, 64 * 1024);
    const std::string comment = parley::minisign_verify(trusted, bytes, read_file(*manifest_path + ".minisig", 16384));
    const auto manifest = parley::parse_release_manifest(bytes);
    std::cout << "Signature and comment signature verified\nTrusted comment: " << comment << "\n"
              << "parley " << manifest.version << " (" << manifest.channel << ", serial " << manifest.serial
              << "), expires " << parley::format_utc_iso8601(manifest.expires) << "\n";
    return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> raw(argv + 1, argv + argc);
    // The package repository commands read their own arguments.
    if (!raw.empty() && raw[0] == "apt-repo") return parley::run_apt_repo({raw.begin() + 1, raw.end()});
    if (!raw.empty() && raw[0] == "rpm-repo") return parley::run_rpm_repo({raw.begin() + 1, raw.end()});
    parley::ArgumentList args(raw);
    try {
        if (args.take_flag("--help") || args.take_flag("-h")) {
            std::cout << kUsage;
            return exit_ok;
        }
        const auto command = args.next_positional();
        if (!command) throw UsageError("no command");
        if (*command == "keygen") return keygen(args);
        if (*command == "manifest") return manifest(args);
        if (*command == "sign") return sign(args);
        if (*command == "verify") return verify(args);
        throw UsageError("unknown command: " + *command);
    } catch (const UsageError& error) {
        std::cerr << "parley-release: " << error.what() << "\n" << kUsage;
        return exit_usage;
    } catch (const parley::MinisignError& error) {
        std::cerr << "parley-release: " << error.what() << "\n";
        return exit_refused;
    } catch (const parley::ManifestError& error) {
        std::cerr << "parley-release: " << error.what() << "\n";
        return exit_refused;
    } catch (const std::exception& error) {
        std::cerr << "parley-release: " << error.what() << "\n";
        return exit_failure;
    }
}
