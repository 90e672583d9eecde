#include "release-manifest.h"

#include "util/utc-time.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <set>
#include <vector>

namespace parley {

namespace {

using nlohmann::json;

constexpr std::size_t max_manifest_bytes = 64 * 1024;

bool is_lower_hex(std::string_view s, std::size_t size) {
    return s.size() == size && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// A relative path of plain segments that reads the same on every OS and in
// a URL without escaping: no "..", no hidden or empty segment.
bool is_safe_relative_path(std::string_view s) {
    if (s.empty() || s.size() > 512) return false;
    for (;;) {
        const auto slash = s.find('/');
        const auto segment = s.substr(0, slash);
        if (segment.empty() || segment.front() == '.' ||
            segment.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-") !=
                std::string_view::npos)
            return false;
        if (slash == std::string_view::npos) return true;
        s = s.substr(slash + 1);
    }
}

bool is_identifier(std::string_view s) {
    return !s.empty() && s.size() <= 64 &&
           s.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string_view::npos;
}

const json& member(const json& object, const char* name) {
    const auto it = object.find(name);
    if (it == object.end()) throw ManifestError(std::string("the manifest lacks '") + name + "'");
    return *it;
}

std::string string_member(const json& object, const char* name) {
    const json& value = member(object, name);
    if (!value.is_string()) throw ManifestError(std::string("the manifest's '") + name + "' is not a string");
    return value.get<std::string>();
}

std::uint64_t unsigned_member(const json& object, const char* name) {
    const json& value = member(object, name);
    if (!value.is_number_unsigned())
        throw ManifestError(std::string("the manifest's '") + name + "' is not a non-negative integer");
    return value.get<std::uint64_t>();
}

std::int64_t time_member(const json& object, const char* name) {
    const auto time = parse_utc_iso8601(string_member(object, name));
    if (!time) throw ManifestError(std::string("the manifest's '") + name + "' is not a UTC time YYYY-MM-DDTHH:MM:SSZ");
    return *time;
}

void expect_members(const json& object, std::set<std::string> names, const char* what) {
    if (!object.is_object()) throw ManifestError(std::string(what) + " is not a JSON object");
    for (const auto& [key, value] : object.items())
        if (!names.contains(key)) throw ManifestError(std::string(what) + " has an unknown field '" + key + "'");
}

struct Version {
    std::vector<std::uint64_t> core;
    std::vector<std::string_view> prerelease;
};

std::optional<std::uint64_t> numeric(std::string_view s) {
    if (s.empty() || (s.size() > 1 && s.front() == '0')) return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (error != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return value;
}

std::vector<std::string_view> split(std::string_view s, char separator) {
    std::vector<std::string_view> parts;
    for (;;) {
        const auto at = s.find(separator);
        parts.push_back(s.substr(0, at));
        if (at == std::string_view::npos) return parts;
        s = s.substr(at + 1);
    }
}

std::optional<Version> parse_version(std::string_view text) {
    if (text.empty() || text.size() > 64) return std::nullopt;
    const auto dash = text.find('-');
    Version version;
    for (auto part : split(text.substr(0, dash), '.')) {
        const auto n = numeric(part);
        if (!n) return std::nullopt;
        version.core.push_back(*n);
    }
    if (version.core.size() != 3) return std::nullopt;
    if (dash != std::string_view::npos) {
        for (auto part : split(text.substr(dash + 1), '.')) {
            if (part.empty() ||
                part.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") !=
                    std::string_view::npos)
                return std::nullopt;
            if (part.find_first_not_of("0123456789") == std::string_view::npos && !numeric(part)) return std::nullopt;
            version.prerelease.push_back(part);
        }
    }
    return version;
}

}  // namespace

bool is_valid_version(std::string_view version) {
    return parse_version(version).has_value();
}

bool is_valid_notes_url(std::string_view url) {
    constexpr std::string_view scheme = "https://";
    if (url.size() <= scheme.size() || url.size() > 512 || !url.starts_with(scheme)) return false;
    if (url[scheme.size()] == '/') return false;
    for (const char c : url)
        if (c <= ' ' || c > '~' || c == '"' || c == '\\' || c == '<' || c == '>') return false;
    return true;
}

int compare_versions(std::string_view a, std::string_view b) {
    const auto va = parse_version(a), vb = parse_version(b);
    if (!va || !vb)
        throw ManifestError("not a version (MAJOR.MINOR.PATCH[-PRERELEASE]): '" + std::string(va ? b : a) + "'");
    for (std::size_t i = 0; i < 3; ++i)
        if (va->core[i] != vb->core[i]) return va->core[i] < vb->core[i] ? -1 : 1;
    // A release sorts after its pre-releases.
    if (va->prerelease.empty() || vb->prerelease.empty())
        return va->prerelease.empty() == vb->prerelease.empty() ? 0 : (va->prerelease.empty() ? 1 : -1);
    for (std::size_t i = 0; i < std::min(va->prerelease.size(), vb->prerelease.size()); ++i) {
        const auto x = va->prerelease[i], y = vb->prerelease[i];
        const auto nx = numeric(x), ny = numeric(y);
        if (nx && ny) {
            if (*nx != *ny) return *nx < *ny ? -1 : 1;
        } else if (nx || ny) {
            return nx ? -1 : 1;
        } else if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    if (va->prerelease.size() == vb->prerelease.size()) return 0;
    return va->prerelease.size() < vb->prerelease.size() ? -1 : 1;
}

std::string canonical_manifest_json(const ReleaseManifest& manifest) {
    json artifacts = json::object();
    for (const auto& [platform, artifact] : manifest.artifacts)
        artifacts[platform] = {{"path", artifact.path}, {"size", artifact.size}, {"sha256", artifact.sha256}};
    json object = {{"product", manifest.product},
                   {"channel", manifest.channel},
                   {"version", manifest.version},
                   {"serial", manifest.serial},
                   {"released", format_utc_iso8601(manifest.released)},
                   {"expires", format_utc_iso8601(manifest.expires)},
                   {"artifacts", artifacts}};
    if (!manifest.notes.empty()) object["notes"] = manifest.notes;
    // nlohmann's objects are ordered maps, so dump() sorts keys; no indent
    // means no whitespace.
    return object.dump();
}

ReleaseManifest parse_release_manifest(std::string_view bytes) {
    if (bytes.size() > max_manifest_bytes) throw ManifestError("the manifest is larger than 64 KiB");
    const json object = json::parse(bytes, nullptr, false);
    if (object.is_discarded()) throw ManifestError("the manifest is not JSON");
    expect_members(object, {"product", "channel", "version", "serial", "released", "expires", "artifacts", "notes"},
                   "the manifest");
    ReleaseManifest manifest;
    manifest.product = string_member(object, "product");
    manifest.channel = string_member(object, "channel");
    manifest.version = string_member(object, "version");
    manifest.serial = unsigned_member(object, "serial");
    manifest.released = time_member(object, "released");
    manifest.expires = time_member(object, "expires");
    if (manifest.product != "parley") throw ManifestError("the manifest is for product '" + manifest.product + "'");
    if (!is_identifier(manifest.channel)) throw ManifestError("the manifest's channel is not a valid name");
    if (!is_valid_version(manifest.version)) throw ManifestError("the manifest's version is not a valid version");
    if (object.contains("notes")) {
        manifest.notes = string_member(object, "notes");
        if (!is_valid_notes_url(manifest.notes))
            throw ManifestError("the manifest's notes are not an https URL (printable, no spaces, at most 512 bytes)");
    }
    const json& artifacts = member(object, "artifacts");
    if (!artifacts.is_object()) throw ManifestError("the manifest's artifacts are not a JSON object");
    for (const auto& [platform, entry] : artifacts.items()) {
        if (!is_identifier(platform)) throw ManifestError("the manifest names an invalid platform");
        expect_members(entry, {"path", "size", "sha256"}, "an artifact entry");
        ReleaseArtifact artifact{string_member(entry, "path"), unsigned_member(entry, "size"),
                                 string_member(entry, "sha256")};
        if (!is_safe_relative_path(artifact.path))
            throw ManifestError("the artifact path for " + platform + " is not a plain relative path");
        if (!is_lower_hex(artifact.sha256, 64))
            throw ManifestError("the artifact sha256 for " + platform + " is not 64 lower-case hex digits");
        manifest.artifacts.emplace(platform, std::move(artifact));
    }
    if (manifest.artifacts.empty()) throw ManifestError("the manifest lists no artifact");
    // Duplicate keys and other spellings of the same values parse to this
    // same manifest; only the canonical bytes are accepted.
    if (canonical_manifest_json(manifest) != bytes) throw ManifestError("the manifest is not in canonical form");
    return manifest;
}

}  // namespace parley
