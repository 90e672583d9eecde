#include "update-decision.h"

#include "cloudfront-url.h"
#include "crypto/base64.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace parley;
using namespace parley::licensing;

namespace {

constexpr std::int64_t day = 86400;
constexpr std::int64_t now = 2'000'000'000;

PublishedRelease release(const std::string& version, const std::string& channel, std::int64_t released,
                         std::uint64_t serial = 1, const std::string& platform = "linux-x86_64") {
    PublishedRelease r;
    r.manifest.version = version;
    r.manifest.channel = channel;
    r.manifest.serial = serial;
    r.manifest.released = released;
    r.manifest.expires = now + 30 * day;
    r.manifest.artifacts[platform] = {"releases/parley-" + version + ".tar.gz", 10, std::string(64, 'b')};
    r.manifest_bytes = canonical_manifest_json(r.manifest);
    r.signature = "sig " + version;
    return r;
}

std::string chosen(const std::vector<PublishedRelease>& releases, UpdateQuery query) {
    const auto choice = choose_update(releases, query, now);
    return choice ? choice->manifest.version : "none";
}

std::string read_source_file(const std::string& relative) {
    std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/" + relative);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(update_decision)

BOOST_AUTO_TEST_CASE(newest_newer_release_in_the_channel_for_the_platform) {
    const std::vector releases = {release("1.1.0", "stable", now - 10 * day), release("1.3.0", "stable", now - day),
                                  release("1.2.0", "stable", now - 5 * day), release("2.0.0-beta.1", "beta", now),
                                  release("9.0.0", "stable", now, 1, "windows-x86_64")};
    BOOST_TEST(chosen(releases, {"1.0.0", "linux-x86_64", "stable", false, std::nullopt}) == "1.3.0");
    BOOST_TEST(chosen(releases, {"1.0.0", "linux-x86_64", "beta", false, std::nullopt}) == "2.0.0-beta.1");
    BOOST_TEST(chosen(releases, {"1.3.0", "linux-x86_64", "stable", false, std::nullopt}) == "none");
    BOOST_TEST(chosen(releases, {"1.0.0", "macos-arm64", "stable", false, std::nullopt}) == "none");
    BOOST_TEST(chosen(releases, {"1.0.0", "windows-x86_64", "stable", false, std::nullopt}) == "9.0.0");
}

BOOST_AUTO_TEST_CASE(updates_until_limits_a_license_but_not_an_evaluation) {
    // now - 10 days is 2033-05-08T03:33:20Z; now - 1 day is 2033-05-17.
    const std::vector releases = {release("1.1.0", "stable", now - 10 * day), release("1.2.0", "stable", now - day)};
    BOOST_TEST(chosen(releases, {"1.0.0", "linux-x86_64", "stable", true, "2033-05-08"}) == "1.1.0");
    BOOST_TEST(chosen(releases, {"1.0.0", "linux-x86_64", "stable", true, "2033-05-07"}) == "none");
    BOOST_TEST(chosen(releases, {"1.0.0", "linux-x86_64", "stable", true, std::nullopt}) == "1.2.0");
    BOOST_TEST(chosen(releases, {"1.0.0", "linux-x86_64", "stable", false, "2000-01-01"}) == "1.2.0");
}

BOOST_AUTO_TEST_CASE(expired_manifests_are_never_offered) {
    auto old = release("1.5.0", "stable", now - 60 * day);
    old.manifest.expires = now;
    BOOST_TEST(chosen({old}, {"1.0.0", "linux-x86_64", "stable", false, std::nullopt}) == "none");
}

BOOST_AUTO_TEST_CASE(the_answer_carries_a_url_the_updater_accepts) {
    DownloadSigning signing{
        "https://downloads.parley.test",
        {"KTESTPARLEY01", read_source_file("tests/keys/cloudfront-test-private.pem"), CloudFrontHash::sha256},
        600};
    const auto answer =
        nlohmann::json::parse(update_answer_json(release("1.2.0", "stable", now - day), "linux-x86_64", signing, now));
    BOOST_TEST(answer["update"].get<bool>());
    BOOST_TEST(*base64_decode(answer["manifest"].get<std::string>()) ==
               release("1.2.0", "stable", now - day).manifest_bytes);
    const std::vector<CloudFrontPublicKey> keys{
        {"KTESTPARLEY01", read_source_file("tests/keys/cloudfront-test-public.pem")}};
    const auto verified = cloudfront_verify_url(answer["url"].get<std::string>(), keys, now + 599);
    BOOST_TEST(verified.resource == "https://downloads.parley.test/releases/parley-1.2.0.tar.gz");
    BOOST_CHECK_THROW(cloudfront_verify_url(answer["url"].get<std::string>(), keys, now + 600), CloudFrontError);
    BOOST_TEST(update_answer_json(std::nullopt, "linux-x86_64", signing, now) == R"({"update":false})");
}

BOOST_AUTO_TEST_SUITE_END()
