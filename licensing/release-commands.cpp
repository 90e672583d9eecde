#include "release-commands.h"

#include "license-store.h"
#include "minisign.h"
#include "release-manifest.h"
#include "util/utc-time.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <iostream>

namespace parley::licensing {

namespace {

using nlohmann::json;

// Manifests and signatures are small; anything bigger is not one.
constexpr std::size_t kMaxReleaseFile = 64 * 1024;

std::string read_small_file(const std::filesystem::path& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": cannot read the " + what);
    std::string bytes(kMaxReleaseFile + 1, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.bad()) throw std::runtime_error(path.string() + ": cannot read the " + what);
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > kMaxReleaseFile) {
        throw std::runtime_error(path.string() + ": the " + what + " is larger than " +
                                 std::to_string(kMaxReleaseFile) + " bytes");
    }
    return bytes;
}

std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int publish(ArgumentList& args) {
    const std::filesystem::path data_dir = args.require_value("--data");
    const std::string store_url = args.take_value("--store").value_or("");
    const std::filesystem::path public_key_file = args.require_value("-p");
    const bool as_json = args.take_flag("--json");
    const std::filesystem::path manifest_file = args.require_positional("MANIFEST");
    const std::filesystem::path signature_file = args.require_positional("SIGNATURE");
    args.expect_end();

    const MinisignPublicKey public_key =
        parse_minisign_public_key(read_small_file(public_key_file, "release public key"));
    ReleaseRecord release;
    release.manifest = read_small_file(manifest_file, "manifest");
    release.signature = read_small_file(signature_file, "signature");
    try {
        minisign_verify(std::span(&public_key, 1), release.manifest, release.signature);
    } catch (const MinisignError& error) {
        throw std::runtime_error(signature_file.string() + ": not a valid signature of " + manifest_file.string() +
                                 " by that release key: " + error.what());
    }
    const ReleaseManifest manifest = parse_release_manifest(release.manifest);
    release.published = now_seconds();
    if (manifest.expires <= release.published) {
        throw std::runtime_error(manifest_file.string() + ": the manifest expired at " +
                                 format_utc_iso8601(manifest.expires) + "; sign a new one");
    }
    release.channel = manifest.channel;
    release.version = manifest.version;
    release.serial = manifest.serial;
    open_license_store(data_dir, store_url)->publish_release(release);
    if (as_json) {
        std::cout << json{{"version", release.version}, {"channel", release.channel}, {"serial", release.serial}}.dump()
                  << "\n";
    } else {
        std::cout << "published " << release.version << " (channel " << release.channel << ", serial " << release.serial
                  << ")\n";
    }
    return 0;
}

int list(ArgumentList& args) {
    const std::filesystem::path data_dir = args.require_value("--data");
    const std::string store_url = args.take_value("--store").value_or("");
    const bool as_json = args.take_flag("--json");
    args.expect_end();
    json out = json::array();
    for (const ReleaseRecord& release : open_license_store(data_dir, store_url)->list_releases()) {
        const ReleaseManifest manifest = parse_release_manifest(release.manifest);
        json platforms = json::array();
        for (const auto& [platform, artifact] : manifest.artifacts) platforms.push_back(platform);
        if (as_json) {
            out.push_back({{"version", release.version},
                           {"channel", release.channel},
                           {"serial", release.serial},
                           {"released", format_utc_iso8601(manifest.released)},
                           {"expires", format_utc_iso8601(manifest.expires)},
                           {"platforms", platforms},
                           {"published", format_utc_iso8601(release.published)}});
        } else {
            std::cout << release.version << "  " << release.channel << "  serial " << release.serial << "  expires "
                      << format_utc_iso8601(manifest.expires) << "  " << platforms.dump() << "\n";
        }
    }
    if (as_json) std::cout << out.dump() << "\n";
    return 0;
}

}  // namespace

int run_release_command(const std::string& action, ArgumentList& args) {
    if (action == "publish") return publish(args);
    if (action == "list") return list(args);
    throw UsageError("unknown release action: " + action);
}

}  // namespace parley::licensing
