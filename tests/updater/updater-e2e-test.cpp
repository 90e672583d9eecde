// parley-updater end to end: the real parley-licensing (releases published
// with the real parley-release and the repo's TEST release key) deciding and
// signing CloudFront URLs, the real parley-fake-cloudfront serving artifacts
// over TLS, and the real parley-updater installing into a temporary root.
// Attacks the honest service would never send (a compromised website without
// the offline release key) come from a small hostile service in this process.
#include "cli-harness.h"
#include "licensing-harness.h"
#include "parley-license-build-config.h"
#include "postgres-cluster.h"
#include "release-manifest.h"
#include "update-decision.h"
#include "util/utc-time.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>

using namespace parley::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kSource = PARLEY_SOURCE_DIR;
const std::string kPlatform = PARLEY_BUILD_PLATFORM;
constexpr std::int64_t kDay = 86400;

std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string iso(std::int64_t t) {
    return parley::format_utc_iso8601(t);
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_file(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

void require_ok(const ProcessResult& result, const std::string& what) {
    BOOST_REQUIRE_MESSAGE(result.exit_code == 0,
                          what + " exited " + std::to_string(result.exit_code) + ": " + result.err + result.out);
}

// Test TLS material (a private CA and a certificate for 127.0.0.1), made once.
const fs::path& certs() {
    static TempDir dir;
    static const bool made = [] {
        require_ok(run_process("/bin/bash", {kSource + "/tests/fakes/make-test-certs.sh", dir.path().string()}),
                   "make-test-certs.sh");
        return true;
    }();
    (void)made;
    return dir.path();
}

// How an artifact's bin/parley-cli behaves, and what else the archive holds.
enum class Payload { healthy, unhealthy, traversal, symlink_out };

// A compromised website: answers every update check with the same bytes.
class HostileService {
public:
    explicit HostileService(std::string answer)
        : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)),
          server_(new Factory(std::move(answer)), socket_, new Poco::Net::HTTPServerParams) {
        server_.start();
    }
    ~HostileService() { server_.stopAll(true); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(socket_.address().port()); }

private:
    struct Handler : Poco::Net::HTTPRequestHandler {
        explicit Handler(const std::string& text) : answer(text) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
            std::ostringstream ignored;
            ignored << request.stream().rdbuf();
            response.setContentType("application/json");
            response.setContentLength64(static_cast<Poco::Int64>(answer.size()));
            response.send() << answer;
        }
        const std::string& answer;
    };
    struct Factory : Poco::Net::HTTPRequestHandlerFactory {
        explicit Factory(std::string text) : answer(std::move(text)) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
            return new Handler(answer);
        }
        std::string answer;
    };
    Poco::Net::ServerSocket socket_;
    Poco::Net::HTTPServer server_;
};

// One machine: a profile, an install root, the vendor's service and CDN.
struct World {
    TempDir work;
    CliHarness cli;  // the profile the updater runs for
    LicensingData data;
    fs::path root = work / "root";
    fs::path cdn = work / "cdn";
    std::vector<std::unique_ptr<ChildProcess>> cdns;
    int cloudfront_port = 0;  // the CDN without faults
    std::unique_ptr<ServeProcess> service;
    std::int64_t now = now_seconds();
    std::vector<std::string> store;  // --store URL, or nothing for the data folder's SQLite

    explicit World(const std::optional<std::string>& store_url = std::nullopt) {
        if (store_url) store = {"--store", *store_url};
        fs::create_directories(cdn);
        cloudfront_port = start_cdn({});
        serve(cdn_base());
        require_ok(cli.run({"config", "set", "network.ca_file", (certs() / "ca.pem").string()}), "config set");
    }

    // Another parley-fake-cloudfront over the same files, with `faults`; its port.
    int start_cdn(const std::vector<std::string>& faults) {
        std::vector<std::string> args = {
            "--port",           "0",
            "--root",           cdn.string(),
            "--tls-cert",       (certs() / "good.pem").string(),
            "--tls-key",        (certs() / "good.key").string(),
            "--cloudfront-key", "KTESTPARLEY01=" + kSource + "/tests/keys/cloudfront-test-public.pem"};
        args.insert(args.end(), faults.begin(), faults.end());
        cdns.push_back(std::make_unique<ChildProcess>(PARLEY_FAKE_CLOUDFRONT_PATH, args));
        const std::string port = cdns.back()->first_stdout_line();
        BOOST_REQUIRE_MESSAGE(!port.empty(), "parley-fake-cloudfront did not start: " + cdns.back()->err());
        return std::stoi(port);
    }

    // From now on the service hands out URLs of a CDN with `faults`.
    void serve_faulty_cdn(const std::vector<std::string>& faults) {
        serve("https://127.0.0.1:" + std::to_string(start_cdn(faults)));
    }

    // (Re)starts the service, signing download URLs under `download_base`.
    void serve(const std::string& download_base) {
        service.reset();
        std::vector<std::string> args = {"--data",
                                         data.data.string(),
                                         "--listen",
                                         "127.0.0.1:0",
                                         "--cloudfront-base",
                                         download_base,
                                         "--cloudfront-key-pair-id",
                                         "KTESTPARLEY01",
                                         "--cloudfront-private-key",
                                         kSource + "/tests/keys/cloudfront-test-private.pem"};
        args.insert(args.end(), store.begin(), store.end());
        service = std::make_unique<ServeProcess>(args);
        use_service(service->url());
    }

    std::string cdn_base() const { return "https://127.0.0.1:" + std::to_string(cloudfront_port); }

    void use_service(const std::string& url) {
        require_ok(cli.run({"config", "set", "license.server", url}), "config set license.server");
    }

    // parley-VERSION/bin/parley-cli in a tar.gz under the CDN's root.
    std::string build_artifact(const std::string& version, Payload payload = Payload::healthy) {
        const fs::path stage = work / ("stage-" + version);
        fs::remove_all(stage);
        const fs::path top = stage / ("parley-" + version);
        const std::string printed = payload == Payload::unhealthy ? "0.0.0-broken" : version;
        write_file(top / "bin" / "parley-cli", "#!/bin/sh\necho 'parley-cli " + printed + "'\n");
        fs::permissions(top / "bin" / "parley-cli", fs::perms::owner_all, fs::perm_options::add);
        std::vector<std::string> tar = {"-czf"};
        const std::string name = "releases/parley-" + version + "-" + kPlatform + ".tar.gz";
        fs::create_directories(cdn / "releases");
        tar.push_back((cdn / name).string());
        tar.insert(tar.end(), {"-C", stage.string()});
        if (payload == Payload::traversal) {
            write_file(stage / "evil", "outside\n");
            tar.insert(tar.end(), {"-P", "--transform", "s,^evil,parley-" + version + "/../../evil,"});
            tar.push_back("evil");
        }
        if (payload == Payload::symlink_out) fs::create_symlink("/etc/passwd", top / "bin" / "passwd");
        tar.push_back("parley-" + version);
        require_ok(run_process("/bin/tar", tar), "tar");
        return name;
    }

    // A manifest for `artifact`, signed with `secret_key`; returns its path.
    fs::path sign_manifest(const std::string& version, std::uint64_t serial, const std::string& artifact,
                           const std::string& platform, std::int64_t expires,
                           const std::string& secret_key = kSource + "/tests/keys/release-test.key",
                           const std::vector<std::string>& extra = {}) {
        const fs::path manifest = work / ("manifest-" + version + "-" + std::to_string(serial) + ".json");
        std::vector<std::string> args = {"manifest",
                                         "--version",
                                         version,
                                         "--channel",
                                         "stable",
                                         "--serial",
                                         std::to_string(serial),
                                         "--released",
                                         iso(now - 2 * kDay),
                                         "--expires",
                                         iso(expires),
                                         "--artifact",
                                         platform + "=" + (cdn / artifact).string() + "@" + artifact};
        args.insert(args.end(), extra.begin(), extra.end());
        args.insert(args.end(), {"-o", manifest.string()});
        require_ok(run_process(PARLEY_RELEASE_PATH, args), "parley-release manifest");
        require_ok(run_process(PARLEY_RELEASE_PATH, {"sign", "-s", secret_key, "-m", manifest.string()}),
                   "parley-release sign");
        return manifest;
    }

    ProcessResult publish(const fs::path& manifest,
                          const std::string& public_key = kSource + "/tests/keys/release-test.pub") const {
        std::vector<std::string> args = {"release", "publish", "--data", data.data.string(), "-p", public_key};
        args.insert(args.end(), store.begin(), store.end());
        args.insert(args.end(), {manifest.string(), manifest.string() + ".minisig"});
        return run_licensing(args);
    }

    // Builds, signs and publishes a release of `version`.
    void release(const std::string& version, std::uint64_t serial, Payload payload = Payload::healthy,
                 const std::vector<std::string>& manifest_args = {}) {
        const auto manifest = sign_manifest(version, serial, build_artifact(version, payload), kPlatform,
                                            now + 30 * kDay, kSource + "/tests/keys/release-test.key", manifest_args);
        require_ok(publish(manifest), "release publish");
    }

    ProcessResult updater(const std::vector<std::string>& args, const Environment& extra = {}) {
        std::vector<std::string> full = {"--home", cli.home().string(), "--install-root", root.string()};
        full.insert(full.end(), args.begin(), args.end());
        Environment env = cli.env();
        env.insert(extra.begin(), extra.end());
        return run_process(PARLEY_UPDATER_PATH, full, "", env);
    }

    // The version ROOT/current runs, after checking it is one whole version:
    // current names versions/V and that folder's parley-cli says V.
    std::string current() const {
        const fs::path link = root / "current";
        if (!fs::is_symlink(link)) return "";
        const fs::path target = fs::read_symlink(link);
        const std::string version = target.filename().string();
        BOOST_TEST(target.parent_path().filename() == "versions");
        const auto said = run_process((root / "current" / "bin" / "parley-cli").string(), {"--version"});
        BOOST_TEST(said.out == "parley-cli " + version + "\n");
        return version;
    }

    // Version A (1.0.0) installed by the updater itself, from the service.
    void install_a(std::uint64_t serial = 5) {
        release("1.0.0", serial);
        require_ok(updater({"apply"}), "installing A");
        BOOST_REQUIRE_EQUAL(current(), "1.0.0");
    }

    // A refused offer: the exit code, the distinct message, and A untouched.
    void expect_refused(const ProcessResult& result, int exit_code, const std::string& message) {
        BOOST_TEST(result.exit_code == exit_code, result.err);
        BOOST_TEST(result.err.find(message) != std::string::npos, result.err);
        BOOST_TEST(current() == "1.0.0");
        BOOST_TEST(!fs::exists(root / "versions" / "1.1.0"));
    }

    // The answer a hostile website would send: real signed bytes, its own URL.
    std::string hostile_answer(const fs::path& manifest, const std::string& platform, const std::string& base) const {
        parley::licensing::PublishedRelease release;
        release.manifest_bytes = slurp(manifest);
        release.signature = slurp(manifest.string() + ".minisig");
        release.manifest = parley::parse_release_manifest(release.manifest_bytes);
        parley::licensing::DownloadSigning signing;
        signing.base_url = base;
        signing.key.key_pair_id = "KTESTPARLEY01";
        signing.key.private_key_pem = slurp(kSource + "/tests/keys/cloudfront-test-private.pem");
        return parley::licensing::update_answer_json(release, platform, signing, now);
    }
};

std::string check_body(const std::string& version, const std::string& license_key = "") {
    return json{{"product", "parley"},
                {"version", version},
                {"platform", kPlatform},
                {"channel", "stable"},
                {"fingerprint", std::string(64, 'a')},
                {"license_key", license_key}}
        .dump();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(service)

BOOST_AUTO_TEST_CASE(publish_checks_the_signature_and_the_serial) {
    World world;
    const auto manifest = world.sign_manifest("1.0.0", 1, world.build_artifact("1.0.0"), kPlatform, world.now + kDay);
    TempDir keys;
    require_ok(run_process(PARLEY_RELEASE_PATH,
                           {"keygen", "-W", "-p", (keys / "other.pub").string(), "-s", (keys / "other.key").string()}),
               "keygen");
    const auto wrong = world.publish(manifest, (keys / "other.pub").string());
    BOOST_TEST(wrong.exit_code == 1);
    BOOST_TEST(wrong.err.find("not a valid signature") != std::string::npos, wrong.err);
    require_ok(world.publish(manifest), "publish");
    const auto again = world.publish(manifest);
    BOOST_TEST(again.exit_code == 1);
    BOOST_TEST(again.err.find("serial 1 already") != std::string::npos, again.err);
    const auto list = run_licensing({"release", "list", "--data", world.data.data.string(), "--json"});
    require_ok(list, "release list");
    BOOST_TEST(json::parse(list.out).size() == 1u);
}

BOOST_AUTO_TEST_CASE(update_check_validates_and_decides) {
    World world;
    world.release("1.1.0", 2);
    const std::string url = world.service->url();
    const auto offered = http_request(url, "POST", "/api/update/check", check_body("1.0.0"));
    BOOST_TEST(offered.status == 200, offered.body);
    const json answer = json::parse(offered.body);
    BOOST_TEST(answer["update"] == true);
    BOOST_TEST(answer["url"].get<std::string>().starts_with(world.cdn_base() + "/releases/parley-1.1.0-"));
    BOOST_TEST(answer["url"].get<std::string>().find("Key-Pair-Id=KTESTPARLEY01") != std::string::npos);

    const auto current = http_request(url, "POST", "/api/update/check", check_body("1.1.0"));
    BOOST_TEST(current.body == R"({"update":false})");
    BOOST_TEST(http_request(url, "POST", "/api/update/check", check_body("1.x")).status == 400);
    BOOST_TEST(http_request(url, "POST", "/api/update/check", "{").status == 400);
    const auto unknown =
        http_request(url, "POST", "/api/update/check", check_body("1.0.0", "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE"));
    BOOST_TEST(unknown.status == 403);
    BOOST_TEST(unknown.body == R"({"error":"unknown license key"})");

    const std::string key = world.data.create_license(1, {"--updates-until", iso(world.now - 10 * kDay).substr(0, 10)});
    const auto lapsed = http_request(url, "POST", "/api/update/check", check_body("1.0.0", key));
    BOOST_TEST(lapsed.body == R"({"update":false})");
    require_ok(run_licensing({"license", "revoke", key, "--data", world.data.data.string()}), "revoke");
    const auto revoked = http_request(url, "POST", "/api/update/check", check_body("1.0.0", key));
    BOOST_TEST(revoked.status == 403);
    BOOST_TEST(revoked.body == R"({"error":"this license has been revoked"})");
}

BOOST_AUTO_TEST_CASE(releases_published_to_postgresql_are_offered_from_it) {
    PostgresCluster cluster;
    World world(cluster.url());
    world.install_a();
    world.release("1.1.0", 6);
    const auto again = world.publish(world.work / "manifest-1.1.0-6.json");
    BOOST_TEST(again.exit_code == 1);
    BOOST_TEST(again.err.find("serial 6 already") != std::string::npos, again.err);
    const auto in_postgres =
        run_licensing({"release", "list", "--data", world.data.data.string(), "--store", cluster.url(), "--json"});
    require_ok(in_postgres, "release list --store");
    BOOST_TEST(json::parse(in_postgres.out).size() == 2u);  // A and B
    const auto in_sqlite = run_licensing({"release", "list", "--data", world.data.data.string(), "--json"});
    require_ok(in_sqlite, "release list");
    BOOST_TEST(json::parse(in_sqlite.out).empty());
    require_ok(world.updater({"apply", "--json"}), "apply");
    BOOST_TEST(world.current() == "1.1.0");
}

BOOST_AUTO_TEST_CASE(without_cloudfront_flags_updates_are_not_configured) {
    LicensingData data;
    ServeProcess service({"--data", data.data.string(), "--listen", "127.0.0.1:0"});
    const auto reply = http_request(service.url(), "POST", "/api/update/check", check_body("1.0.0"));
    BOOST_TEST(reply.status == 503);
    BOOST_TEST(reply.body == R"({"error":"updates are not configured"})");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(updater)

BOOST_AUTO_TEST_CASE(updates_a_to_b) {
    World world;
    world.install_a();
    const std::string notes = "https://parley.example/releases/1.1.0";
    world.release("1.1.0", 6, Payload::healthy, {"--notes", notes});
    const auto check = world.updater({"check", "--json"});
    require_ok(check, "check");
    BOOST_TEST(json::parse(check.out)["offered"]["version"] == "1.1.0");
    BOOST_TEST(json::parse(check.out)["offered"]["notes"] == notes);
    const auto told = world.updater({"check"});
    BOOST_TEST(told.out.find("Release notes: " + notes + "\n") != std::string::npos, told.out);
    const auto apply = world.updater({"apply", "--json"});
    require_ok(apply, "apply");
    BOOST_TEST(json::parse(apply.out)["to"] == "1.1.0");
    // The desktop app's progress bar follows these, up to the whole file.
    BOOST_TEST(apply.err.find("downloading: 100%\n") != std::string::npos, apply.err);
    BOOST_TEST(world.current() == "1.1.0");
    const auto again = world.updater({"apply", "--json"});
    BOOST_TEST(json::parse(again.out)["status"] == "up_to_date");
    const auto status = json::parse(world.updater({"status", "--json"}).out);
    BOOST_TEST(status["highest_serial"] == 6);
}

BOOST_AUTO_TEST_CASE(a_release_signed_by_another_key_is_refused) {
    World world;
    world.install_a();
    TempDir keys;
    require_ok(run_process(PARLEY_RELEASE_PATH,
                           {"keygen", "-W", "-p", (keys / "evil.pub").string(), "-s", (keys / "evil.key").string()}),
               "keygen");
    // A service told to trust the wrong key still cannot get it installed.
    const auto manifest = world.sign_manifest("1.1.0", 6, world.build_artifact("1.1.0"), kPlatform, world.now + kDay,
                                              (keys / "evil.key").string());
    require_ok(world.publish(manifest, (keys / "evil.pub").string()), "publish");
    world.expect_refused(world.updater({"apply"}), 7, "signature was refused");
}

BOOST_AUTO_TEST_CASE(a_lower_serial_is_a_rollback_attack) {
    World world;
    world.install_a(5);
    world.release("1.1.0", 3);
    world.expect_refused(world.updater({"apply"}), 7, "serial 3");
}

BOOST_AUTO_TEST_CASE(a_foreign_download_host_is_refused) {
    World world;
    world.install_a();
    // Signed by the right CloudFront key, but for a host this build does not trust.
    world.serve("https://127.0.0.2:" + std::to_string(world.cloudfront_port));
    world.release("1.1.0", 6);
    world.expect_refused(world.updater({"apply"}), 7, "127.0.0.2 is not a trusted update host");
}

// What only a compromised website could send: the release key is offline, so
// every one of these is refused although the service signed the URL.
BOOST_AUTO_TEST_CASE(a_compromised_website_cannot_get_stale_old_or_foreign_releases_installed) {
    World world;
    world.install_a();
    const std::string artifact = world.build_artifact("1.1.0");
    struct Attack {
        fs::path manifest;
        std::string platform;
        std::string base;
        std::string message;
    };
    const std::vector<Attack> attacks = {
        {world.sign_manifest("1.1.0", 10, artifact, kPlatform, world.now - kDay), kPlatform, world.cdn_base(),
         "the release manifest expired"},
        {world.sign_manifest("0.9.0", 11, artifact, kPlatform, world.now + kDay), kPlatform, world.cdn_base(),
         "the offered version 0.9.0 is not newer than the installed 1.0.0"},
        {world.sign_manifest("1.1.0", 12, artifact, "windows-x86_64", world.now + kDay), "windows-x86_64",
         world.cdn_base(), "has no artifact for " + kPlatform},
        {world.sign_manifest("1.1.0", 13, artifact, kPlatform, world.now + kDay), kPlatform,
         "http://127.0.0.1:" + std::to_string(world.cloudfront_port), "the download URL is not https"},
    };
    for (const Attack& attack : attacks) {
        HostileService hostile(world.hostile_answer(attack.manifest, attack.platform, attack.base));
        world.use_service(hostile.url());
        world.expect_refused(world.updater({"apply"}), 7, attack.message);
    }
    // None of them raised the serial a genuine release must beat.
    BOOST_TEST(json::parse(world.updater({"status", "--json"}).out)["highest_serial"] == 5);
}

BOOST_AUTO_TEST_CASE(a_body_longer_than_signed_is_cut_and_refused) {
    World world;
    world.install_a();
    world.serve_faulty_cdn({"--extra-bytes", "100000"});
    world.release("1.1.0", 6);
    world.expect_refused(world.updater({"apply"}), 7, "larger than the signed size");
}

BOOST_AUTO_TEST_CASE(a_wrong_hash_is_refused) {
    World world;
    world.install_a();
    world.serve_faulty_cdn({"--corrupt"});
    world.release("1.1.0", 6);
    world.expect_refused(world.updater({"apply"}), 7, "SHA-256 does not match");
}

BOOST_AUTO_TEST_CASE(a_dropped_download_resumes_and_installs) {
    World world;
    world.install_a();
    world.serve_faulty_cdn({"--drop-after", "64"});
    world.release("1.1.0", 6);
    require_ok(world.updater({"apply"}), "apply");
    BOOST_TEST(world.current() == "1.1.0");
}

BOOST_AUTO_TEST_CASE(a_stalled_download_times_out) {
    World world;
    world.install_a();
    require_ok(world.cli.run({"config", "set", "network.idle_timeout_s", "1"}), "config set");
    world.serve_faulty_cdn({"--stall-after", "0"});
    world.release("1.1.0", 6);
    world.expect_refused(world.updater({"apply"}), 4, "within the time limit");
}

BOOST_AUTO_TEST_CASE(hostile_archives_are_not_installed) {
    for (const Payload payload : {Payload::traversal, Payload::symlink_out}) {
        World world;
        world.install_a();
        world.release("1.1.0", 6, payload);
        world.expect_refused(world.updater({"apply"}), 8, "the update was not installed");
        // Nothing of it was left anywhere in the install root or beside it.
        for (const auto& entry : fs::recursive_directory_iterator(world.work.path())) {
            const std::string name = entry.path().filename().string();
            const bool staged = entry.path().string().find("/stage-") != std::string::npos;
            BOOST_TEST((staged || (name != "evil" && name != "passwd")), entry.path());
        }
    }
}

BOOST_AUTO_TEST_CASE(a_version_that_does_not_start_is_rolled_back_and_blocklisted) {
    World world;
    world.install_a();
    world.release("1.1.0", 6, Payload::unhealthy);
    const auto apply = world.updater({"apply"});
    BOOST_TEST(apply.exit_code == 8, apply.err);
    BOOST_TEST(apply.err.find("failed its start-up check") != std::string::npos, apply.err);
    BOOST_TEST(world.current() == "1.0.0");
    const auto status = json::parse(world.updater({"status", "--json"}).out);
    BOOST_TEST(status["blocklist"] == json::array({"1.1.0"}));
    // Offered again, the blocklisted version is not retried.
    const auto again = world.updater({"apply", "--json"});
    BOOST_TEST(again.exit_code == 0, again.err);
    BOOST_TEST(json::parse(again.out)["status"] == "up_to_date");
    BOOST_TEST(world.current() == "1.0.0");
}

BOOST_AUTO_TEST_CASE(a_kill_at_any_install_step_leaves_a_or_b_and_the_next_run_finishes) {
    for (const std::string step : {"unpacking", "unpacked", "switching", "switched", "confirmed"}) {
        BOOST_TEST_CONTEXT("killed at " << step) {
            World world;
            world.install_a();
            world.release("1.1.0", 6);
            const auto killed = world.updater({"apply"}, {{"PARLEY_UPDATER_KILL_AT", step}});
            BOOST_TEST(killed.exit_code == 128 + 9, killed.err);
            const std::string after_kill = world.current();
            BOOST_TEST((after_kill == "1.0.0" || after_kill == "1.1.0"), after_kill);
            const auto status = world.updater({"status", "--json"});
            require_ok(status, "status");
            BOOST_TEST(json::parse(status.out)["installed"] == after_kill);
            require_ok(world.updater({"apply"}), "apply after the kill");
            BOOST_TEST(world.current() == "1.1.0");
        }
    }
}

// A copy under /usr is the package manager's: seen through a private mount
// namespace, so nothing under the real /usr changes.
BOOST_AUTO_TEST_CASE(a_system_package_install_is_never_touched) {
    if (run_process("/usr/bin/unshare", {"-m", "true"}).exit_code != 0) {
        BOOST_TEST_MESSAGE("skipped: cannot make a mount namespace here (needs root)");
        return;
    }
    World world;
    world.release("1.0.0", 5);
    const fs::path bin = world.work / "usr-bin";
    fs::create_directories(bin);
    fs::copy_file(PARLEY_UPDATER_PATH, bin / "parley-updater");
    const std::string command = "mount --bind '" + bin.string() +
                                "' /usr/src && exec /usr/src/parley-updater --home '" + world.cli.home().string() +
                                "' --install-root '" + world.root.string() + "' apply";
    const auto apply = run_process("/usr/bin/unshare", {"-m", "/bin/sh", "-c", command}, "", world.cli.env());
    BOOST_TEST(apply.exit_code == 9, apply.err);
    BOOST_TEST(apply.err.find("installed by the system's package manager") != std::string::npos, apply.err);
    BOOST_TEST(!fs::exists(world.root / "current"));
    BOOST_TEST(!fs::exists(world.root / "versions"));
}

BOOST_AUTO_TEST_SUITE_END()
