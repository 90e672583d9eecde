#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace parley {

// The release manifest, one definition for the release tool that writes it,
// the license service that stores and serves it, and the updater that
// verifies it. Its bytes are canonical JSON (keys sorted, no whitespace):
//   {"artifacts":{PLATFORM:{"path","sha256","size"}},"channel","expires",
//    "notes"?,"product":"parley","released","serial","version"}
// Times are "YYYY-MM-DDTHH:MM:SSZ". Parsing refuses anything but that exact
// form (unknown or duplicate fields, other spellings), so the bytes that were
// signed have exactly one meaning.
struct ReleaseArtifact {
    std::string path;  // relative path on the download host, e.g. releases/parley-1.2.0-linux-x86_64.tar.gz
    std::uint64_t size = 0;
    std::string sha256;  // lower-case hex
};

struct ReleaseManifest {
    std::string product = "parley";
    std::string channel;
    std::string version;
    std::uint64_t serial = 0;
    std::int64_t released = 0;  // Unix seconds
    std::int64_t expires = 0;
    std::map<std::string, ReleaseArtifact> artifacts;  // by platform, e.g. linux-x86_64
    // The release notes' https URL, or empty (then absent from the JSON).
    // Inside the signed bytes, so nobody between the vendor and the user
    // can point the app's "Release notes" link elsewhere.
    std::string notes;
};

class ManifestError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string canonical_manifest_json(const ReleaseManifest& manifest);
ReleaseManifest parse_release_manifest(std::string_view bytes);

// Versions are MAJOR.MINOR.PATCH with an optional -PRERELEASE of dot-separated
// identifiers, ordered as Semantic Versioning 2.0 orders them.
bool is_valid_version(std::string_view version);
// An https URL of printable ASCII without spaces, at most 512 bytes: what the
// app may show as a link and hand to the system browser.
bool is_valid_notes_url(std::string_view url);
// <0, 0, >0; throws ManifestError for an invalid version.
int compare_versions(std::string_view a, std::string_view b);

}  // namespace parley
