// The updater's parsers of what the update service sends: the manifest,
// minisign signature files and keys, CloudFront URLs and the service's
// answer. None may crash; a manifest that parses must re-encode to the same
// bytes (the canonical form is the only accepted one).
#include "cloudfront-url.h"
#include "minisign.h"
#include "release-manifest.h"
#include "update-offer.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

const parley::UpdateTrust& trust() {
    static const parley::UpdateTrust value = parley::build_time_update_trust();
    return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        const auto manifest = parley::parse_release_manifest(bytes);
        if (parley::canonical_manifest_json(manifest) != bytes) std::abort();
    } catch (const parley::ManifestError&) {
    }
    try {
        parley::minisign_verify(trust().release_keys, "data", bytes);
    } catch (const parley::MinisignError&) {
    }
    try {
        parley::parse_minisign_public_key(bytes);
    } catch (const parley::MinisignError&) {
    }
    try {
        parley::cloudfront_verify_url(bytes, trust().cloudfront_keys, 1'900'000'000);
    } catch (const parley::CloudFrontError&) {
    }
    try {
        parley::verify_update_answer(bytes, trust(), {"1.0.0", "linux-x86_64", "stable", 0, {}, 1'900'000'000});
    } catch (const parley::UpdateRefused&) {
    }
    try {
        (void)parley::compare_versions(bytes, "1.0.0");
    } catch (const parley::ManifestError&) {
    }
    return 0;
}
