#include "cloudfront-url.h"
#include "crypto/base64.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <vector>

using namespace parley;

namespace {

std::string read_source_file(const std::string& relative) {
    std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/" + relative, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot read " + relative);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

nlohmann::json vectors() {
    return nlohmann::json::parse(read_source_file("tests/updater/vectors/cloudfront-vectors.json"))["vectors"];
}

const std::vector<CloudFrontPublicKey>& trusted() {
    static const std::vector<CloudFrontPublicKey> keys{
        {"KTESTPARLEY01", read_source_file("tests/keys/cloudfront-test-public.pem")}};
    return keys;
}

CloudFrontSigning signing(const nlohmann::json& vector) {
    return {"KTESTPARLEY01", read_source_file("tests/keys/cloudfront-test-private.pem"),
            vector.value("algorithm", "SHA1") == "SHA256" ? CloudFrontHash::sha256 : CloudFrontHash::sha1};
}

CloudFrontGrant grant(const nlohmann::json& vector) {
    CloudFrontGrant g;
    g.url = vector["url"];
    g.expires = vector["dateLessThan"];
    if (vector.contains("dateGreaterThan")) g.not_before = vector["dateGreaterThan"].get<std::int64_t>();
    if (vector.contains("ipAddress")) g.source_ip = vector["ipAddress"].get<std::string>();
    return g;
}

// A time inside every vector's window.
constexpr std::int64_t inside = 1893455500;

std::string param(const std::string& url, const std::string& name) {
    const auto at = url.find(name + "=");
    BOOST_REQUIRE(at != std::string::npos);
    const auto end = url.find('&', at);
    return url.substr(at + name.size() + 1, end == std::string::npos ? std::string::npos : end - at - name.size() - 1);
}

std::string with_param(std::string url, const std::string& name, const std::string& value) {
    const std::string old = param(url, name);
    return url.replace(url.find(name + "=") + name.size() + 1, old.size(), value);
}

std::string flip_char(std::string text, std::size_t at) {
    text[at] = text[at] == 'A' ? 'B' : 'A';
    return text;
}

void expect_refused(const std::string& url, std::int64_t now, const std::string& words) {
    try {
        cloudfront_verify_url(url, trusted(), now);
        BOOST_ERROR("accepted: " + url);
    } catch (const CloudFrontError& error) {
        BOOST_TEST(std::string(error.what()).find(words) != std::string::npos, error.what() << " lacks " << words);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cloudfront_url)

BOOST_AUTO_TEST_CASE(signer_matches_the_official_aws_signer) {
    for (const auto& vector : vectors())
        BOOST_TEST(cloudfront_sign_url(grant(vector), signing(vector)) == vector["signedUrl"].get<std::string>(),
                   vector["name"].get<std::string>());
}

BOOST_AUTO_TEST_CASE(verifier_accepts_every_official_vector) {
    for (const auto& vector : vectors()) {
        const auto verified = cloudfront_verify_url(vector["signedUrl"].get<std::string>(), trusted(), inside);
        BOOST_TEST(verified.resource == vector["url"].get<std::string>());
        BOOST_TEST(verified.expires == vector["dateLessThan"].get<std::int64_t>());
    }
}

BOOST_AUTO_TEST_CASE(one_changed_character_anywhere_is_refused) {
    for (const auto& vector : vectors()) {
        const std::string url = vector["signedUrl"];
        const std::string name = vector["name"];
        const std::string signature = param(url, "Signature");
        expect_refused(with_param(url, "Signature", flip_char(signature, 10)), inside, "signature is invalid");
        expect_refused(with_param(url, "Key-Pair-Id", "KTESTPARLEY02"), inside, "unknown CloudFront key");
        expect_refused(flip_char(url, url.find("parley-1.2.0") + 1), inside, "");
        if (name.starts_with("canned")) {
            expect_refused(with_param(url, "Expires", "1893456001"), inside, "signature is invalid");
        } else {
            const std::string policy = param(url, "Policy");
            expect_refused(with_param(url, "Policy", flip_char(policy, 20)), inside, "");
        }
        if (url.find("?channel=beta") != std::string::npos)
            expect_refused(std::string(url).replace(url.find("beta"), 4, "gamm"), inside, "signature is invalid");
    }
}

BOOST_AUTO_TEST_CASE(unknown_hash_algorithm_expiry_and_window_are_refused) {
    const auto all = vectors();
    const std::string sha256 = all[1]["signedUrl"];
    expect_refused(with_param(sha256, "Hash-Algorithm", "SHA512"), inside, "unknown Hash-Algorithm");
    const std::string sha1 = all[0]["signedUrl"];
    expect_refused(sha1 + "&Hash-Algorithm=SHA256", inside, "signature is invalid");
    expect_refused(sha1, 1893456000, "expired");
    expect_refused(all[3]["signedUrl"].get<std::string>(), 1893455000, "not valid yet");
    expect_refused(sha1 + "&Expires=1", inside, "repeats Expires");
    expect_refused(all[0]["url"].get<std::string>(), inside, "no CloudFront signature");
}

BOOST_AUTO_TEST_CASE(a_policy_with_reordered_keys_is_refused) {
    const std::string url = vectors()[3]["signedUrl"];
    std::string policy = param(url, "Policy");
    for (char& c : policy) c = c == '-' ? '+' : c == '_' ? '=' : c == '~' ? '/' : c;
    auto json = nlohmann::ordered_json::parse(*base64_decode(policy));
    auto& condition = json["Statement"][0]["Condition"];
    nlohmann::ordered_json reordered;
    reordered["DateGreaterThan"] = condition["DateGreaterThan"];
    reordered["DateLessThan"] = condition["DateLessThan"];
    condition = reordered;
    std::string encoded = base64_encode(json.dump());
    for (char& c : encoded) c = c == '+' ? '-' : c == '=' ? '_' : c == '/' ? '~' : c;
    expect_refused(with_param(url, "Policy", encoded), inside, "signature is invalid");
}

BOOST_AUTO_TEST_CASE(a_policy_for_another_resource_is_refused_even_when_signed) {
    CloudFrontGrant g;
    g.url = "https://downloads.parley.test/releases/other.tar.gz";
    g.expires = 1893456000;
    g.not_before = 1893455000;
    const std::string url = cloudfront_sign_url(g, signing(vectors()[0]));
    const std::string moved = std::string(url).replace(url.find("other"), 5, "parle");
    expect_refused(moved, inside, "another resource");
}

BOOST_AUTO_TEST_SUITE_END()
