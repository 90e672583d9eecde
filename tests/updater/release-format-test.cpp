#include "crypto/base64.h"
#include "minisign-signer.h"
#include "minisign.h"
#include "release-manifest.h"

#include <boost/test/unit_test.hpp>

#include <vector>

using namespace parley;

namespace {

// The example of the rust-minisign-verify crate's documentation: a
// signature made by minisign itself.
constexpr const char* example_public_key = "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3";
constexpr const char* example_signature =
    "untrusted comment: signature from minisign secret key\n"
    "RUQf6LRCGA9i559r3g7V1qNyJDApGip8MfqcadIgT9CuhV3EMhHoN1mGTkUidF/z7SrlQgXdy8ofjb7bNJJylDOocrCo8KLzZwo=\n"
    "trusted comment: timestamp:1633700835\tfile:test\tprehashed\n"
    "wLMDjy9FLAuxZ3q4NlEvkgtyhrr0gtTu6KC4KBJdITbbOeAi1zBIYo0v4iTgt8jJpIidRJnp94ABQkJAgAooBQ==\n";

ReleaseManifest sample_manifest() {
    ReleaseManifest m;
    m.channel = "stable";
    m.version = "1.2.0";
    m.serial = 7;
    m.released = 1'800'000'000;
    m.expires = 1'800'000'000 + 30 * 86400;
    m.artifacts["linux-x86_64"] = {"releases/parley-1.2.0-linux-x86_64.tar.gz", 1234, std::string(64, 'a')};
    return m;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    BOOST_REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(minisign_format)

BOOST_AUTO_TEST_CASE(verifies_a_signature_made_by_minisign) {
    const std::vector<MinisignPublicKey> trusted{parse_minisign_public_key(example_public_key)};
    BOOST_TEST(minisign_key_id_hex(trusted[0].key_id) == "E7620F1842B4E81F");
    BOOST_TEST(minisign_verify(trusted, "test", example_signature) == "timestamp:1633700835\tfile:test\tprehashed");
    BOOST_CHECK_THROW(minisign_verify(trusted, "tesT", example_signature), MinisignError);
}

BOOST_AUTO_TEST_CASE(an_edited_trusted_comment_is_refused_an_edited_untrusted_one_is_not) {
    const std::vector<MinisignPublicKey> trusted{parse_minisign_public_key(example_public_key)};
    BOOST_CHECK_THROW(minisign_verify(trusted, "test", replace(example_signature, "file:test", "file:tesT")),
                      MinisignError);
    BOOST_TEST(minisign_verify(trusted, "test", replace(example_signature, "from minisign", "from someone")) ==
               "timestamp:1633700835\tfile:test\tprehashed");
}

BOOST_AUTO_TEST_CASE(round_trip_and_refusals) {
    const auto key = generate_minisign_key();
    const auto other = generate_minisign_key();
    const std::vector<MinisignPublicKey> trusted{minisign_public_key_of(key)};
    const std::string signature = minisign_sign(key, "manifest bytes", "version 1.2.0");
    BOOST_TEST(minisign_verify(trusted, "manifest bytes", signature) == "version 1.2.0");
    BOOST_CHECK_THROW(minisign_verify(trusted, "manifest bytez", signature), MinisignError);
    BOOST_CHECK_THROW(minisign_verify(trusted, "manifest bytes", minisign_sign(other, "manifest bytes", "c")),
                      MinisignError);
    BOOST_CHECK_THROW(minisign_verify(trusted, "manifest bytes", "untrusted comment: x\n"), MinisignError);
    BOOST_CHECK_THROW(minisign_sign(key, "x", "two\nlines"), MinisignError);
}

BOOST_AUTO_TEST_CASE(legacy_signatures_are_refused) {
    const auto key = generate_minisign_key();
    const std::vector<MinisignPublicKey> trusted{minisign_public_key_of(key)};
    // A legacy `Ed` signature: Ed25519 over the raw data.
    const auto raw = ed25519_sign(key.seed, "data");
    std::string sig_struct = "Ed";
    sig_struct.append(reinterpret_cast<const char*>(key.key_id.data()), 8);
    sig_struct.append(reinterpret_cast<const char*>(raw.data()), raw.size());
    std::string global_message(reinterpret_cast<const char*>(raw.data()), raw.size());
    global_message += "c";
    const auto global = ed25519_sign(key.seed, global_message);
    const std::string legacy = "untrusted comment: x\n" + base64_encode(sig_struct) + "\ntrusted comment: c\n" +
                               base64_encode(std::string(reinterpret_cast<const char*>(global.data()), 64)) + "\n";
    try {
        minisign_verify(trusted, "data", legacy);
        BOOST_FAIL("a legacy signature was accepted");
    } catch (const MinisignError& error) {
        BOOST_TEST(std::string(error.what()).find("legacy") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(secret_key_files_round_trip_unencrypted) {
    const auto key = generate_minisign_key();
    const auto again = parse_minisign_secret_key(format_minisign_secret_key(key, Secret()),
                                                 []() -> Secret { throw std::logic_error("no passphrase asked"); });
    BOOST_TEST(again.key_id == key.key_id);
    BOOST_TEST(again.seed.view() == key.seed.view());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(release_manifest)

BOOST_AUTO_TEST_CASE(canonical_bytes_round_trip) {
    const std::string bytes = canonical_manifest_json(sample_manifest());
    BOOST_TEST(bytes ==
               R"({"artifacts":{"linux-x86_64":{"path":"releases/parley-1.2.0-linux-x86_64.tar.gz","sha256":")" +
                   std::string(64, 'a') +
                   R"(","size":1234}},"channel":"stable","expires":"2027-02-14T08:00:00Z","product":"parley",)"
                   R"("released":"2027-01-15T08:00:00Z","serial":7,"version":"1.2.0"})");
    const auto parsed = parse_release_manifest(bytes);
    BOOST_TEST(parsed.serial == 7u);
    BOOST_TEST(parsed.artifacts.at("linux-x86_64").size == 1234u);
}

BOOST_AUTO_TEST_CASE(release_notes_are_an_optional_signed_https_url) {
    auto manifest = sample_manifest();
    manifest.notes = "https://parley.example/releases/1.2.0#notes";
    const std::string bytes = canonical_manifest_json(manifest);
    BOOST_TEST(
        bytes.find(R"("expires":"2027-02-14T08:00:00Z","notes":"https://parley.example/releases/1.2.0#notes",)") !=
        std::string::npos);
    BOOST_TEST(parse_release_manifest(bytes).notes == manifest.notes);
    BOOST_TEST(parse_release_manifest(canonical_manifest_json(sample_manifest())).notes.empty());
    const std::vector<std::string> bad = {
        "http://parley.example/notes",
        "https://",
        "https:///notes",
        "https://parley.example/a b",
        "javascript:alert(1)",
        "https://parley.example/\x01",
        "https://parley.example/" + std::string(600, 'a'),
        "",
    };
    for (const auto& url : bad) {
        BOOST_TEST(!is_valid_notes_url(url), url);
        BOOST_CHECK_THROW(parse_release_manifest(replace(bytes, manifest.notes, url)), ManifestError);
    }
}

BOOST_AUTO_TEST_CASE(other_spellings_and_bad_fields_are_refused) {
    const std::string good = canonical_manifest_json(sample_manifest());
    const std::vector<std::string> bad = {
        replace(good, "{\"artifacts\"", "{ \"artifacts\""),
        replace(good, "\"serial\":7", "\"serial\":7,\"serial\":8"),
        replace(good, "\"serial\":7", "\"serial\":-7"),
        replace(good, "\"serial\":7", "\"serial\":7.0"),
        replace(good, "\"product\":\"parley\"", "\"product\":\"other\""),
        replace(good, "\"version\":\"1.2.0\"", "\"version\":\"1.2\""),
        replace(good, "08:00:00Z\",\"serial", "08:00:00+00:00\",\"serial"),
        replace(good, "releases/parley", "../parley"),
        replace(good, "releases/parley", "/releases/parley"),
        replace(good, "\"channel\":\"stable\"", "\"channel\":\"stable\",\"extra\":1"),
        replace(good, std::string(64, 'a'), std::string(64, 'A')),
        "[]",
        "",
    };
    for (const auto& text : bad) BOOST_CHECK_THROW(parse_release_manifest(text), ManifestError);
}

BOOST_AUTO_TEST_CASE(versions_order_as_semver) {
    BOOST_TEST(compare_versions("1.2.0", "1.10.0") < 0);
    BOOST_TEST(compare_versions("2.0.0", "1.99.99") > 0);
    BOOST_TEST(compare_versions("1.0.0-beta.2", "1.0.0-beta.11") < 0);
    BOOST_TEST(compare_versions("1.0.0-beta", "1.0.0") < 0);
    BOOST_TEST(compare_versions("1.0.0-alpha", "1.0.0-alpha.1") < 0);
    BOOST_TEST(compare_versions("1.0.0-1", "1.0.0-alpha") < 0);
    BOOST_TEST(compare_versions("0.1.0", "0.1.0") == 0);
    for (const char* bad : {"1", "1.2", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3+build", "v1.2.3", "1.2.3.4"})
        BOOST_TEST(!is_valid_version(bad), bad);
}

BOOST_AUTO_TEST_SUITE_END()
