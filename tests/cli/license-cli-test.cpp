// Licensing end to end: the real parley-cli against the real
// `parley-licensing serve` (started with the repository's TEST signing key,
// which a default build trusts), a real gnome-keyring for the license key
// (this suite runs in tests/run-with-session.sh), faketime for the clock and
// a private mount namespace with another /etc/machine-id for a second
// machine. Times come from the answers and the test's own clock, never from
// a date written here.
#include "cli-harness.h"
#include "crypto/base64.h"
#include "fake-provider.h"
#include "licensing-harness.h"
#include "licensing/license-envelope.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <mutex>
#include <regex>
#include <sstream>

#include <unistd.h>

using namespace parley::test;

namespace {

const std::string kSourceDir = PARLEY_SOURCE_DIR;
const std::string kFaketime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// "2026-11-26T10:00:00Z" → Unix seconds.
std::int64_t parse_instant(const std::string& text) {
    std::tm tm{};
    std::istringstream in(text);
    in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
    BOOST_REQUIRE_MESSAGE(!in.fail(), "not an ISO 8601 instant: " + text);
    return timegm(&tm);
}

// The vendor's service on a free loopback port, signing with the TEST key.
class LicenseService {
public:
    explicit LicenseService(const std::vector<std::string>& serve_args = {})
        : data_(std::filesystem::path(kSourceDir) / "tests/keys/license-test.secret") {
        std::vector<std::string> args = {"--data", data_.data.string(), "--listen", "127.0.0.1:0"};
        args.insert(args.end(), serve_args.begin(), serve_args.end());
        serve_ = std::make_unique<ServeProcess>(args);
    }

    std::string url() const { return trimmed(serve_->url()); }
    void stop() { BOOST_TEST(serve_->stop() == 0); }
    std::string create_license(int seats, const std::vector<std::string>& extra = {}) const {
        return data_.create_license(seats, extra);
    }
    ProcessResult admin(const std::vector<std::string>& words) const {
        std::vector<std::string> args = words;
        args.insert(args.end(), {"--data", data_.data.string()});
        return run_licensing(args);
    }
    nlohmann::json machines(const std::string& key) const {
        const auto listed = admin({"machine", "list", key, "--json"});
        BOOST_TEST_REQUIRE(listed.exit_code == 0, listed.err);
        return nlohmann::json::parse(listed.out);
    }

private:
    LicensingData data_;
    std::unique_ptr<ServeProcess> serve_;
};

void point_at(const CliHarness& cli, const std::string& url) {
    const auto set = cli.run({"config", "set", "license.server", url});
    BOOST_TEST_REQUIRE(set.exit_code == 0, set.err);
}

// Two profiles using the same service: one for this machine, one for
// another (run through OtherMachine).
struct ProfilePair {
    explicit ProfilePair(const std::string& url) {
        point_at(here, url);
        point_at(there, url);
    }
    CliHarness here;
    CliHarness there;
};

ProcessResult activate(const CliHarness& cli, const std::string& key) {
    return cli.run({"license", "activate"}, key + "\n");
}

nlohmann::json status(const CliHarness& cli) {
    return cli.run_json({"license", "status", "--json"});
}

// parley-cli with the clock moved to `at` (Unix seconds), through libfaketime.
ProcessResult run_at(const CliHarness& cli, std::int64_t at, const std::vector<std::string>& args) {
    Environment env = cli.env();
    env["LD_PRELOAD"] = kFaketime;
    env["FAKETIME"] = (at >= unix_now() ? "+" : "") + std::to_string(at - unix_now());
    env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1";
    // Under AddressSanitizer the preload comes before the ASan runtime, which
    // ASan accepts when told to.
    const char* asan = std::getenv("ASAN_OPTIONS");
    env["ASAN_OPTIONS"] = std::string(asan ? asan : "") + ":verify_asan_link_order=0";
    return run_process(cli_path(), args, "", env);
}

std::string state_at(const CliHarness& cli, std::int64_t at) {
    const auto shown = run_at(cli, at, {"license", "status", "--json"});
    BOOST_TEST_REQUIRE(shown.exit_code == 0, shown.err);
    return nlohmann::json::parse(shown.out)["state"].get<std::string>();
}

// Another machine: the same binary in a private mount namespace that sees
// another machine id (an empty one: a machine without any).
class OtherMachine {
public:
    explicit OtherMachine(const std::string& id = "0123456789abcdef0123456789abcdef\n") {
        std::ofstream(id_ / "machine-id") << id;
    }
    ProcessResult run(const CliHarness& cli, const std::vector<std::string>& args,
                      const std::string& input = "") const {
        // As root a mount namespace is enough; otherwise a user namespace
        // maps the caller to root inside it, which may bind-mount there.
        std::vector<std::string> wrapped =
            geteuid() == 0 ? std::vector<std::string>{"-m"} : std::vector<std::string>{"-r", "-m"};
        wrapped.insert(wrapped.end(), {"sh", "-c",
                                       "mount --bind \"$0\" /etc/machine-id && { [ ! -e /var/lib/dbus/machine-id ] || "
                                       "mount --bind \"$0\" /var/lib/dbus/machine-id; } && exec \"$@\"",
                                       (id_ / "machine-id").string(), cli_path()});
        wrapped.insert(wrapped.end(), args.begin(), args.end());
        return run_process("/usr/bin/unshare", wrapped, input, cli.env());
    }

private:
    TempDir id_;
};

// The service's clock minus ours as of the last answer saved: a fresh answer
// received under a clock moved N seconds ahead sets it to about -N.
std::int64_t saved_clock_skew(const CliHarness& cli) {
    std::ifstream in(cli.home() / "state" / "license.json");
    return nlohmann::json::parse(in)["clock_skew"].get<std::int64_t>();
}

std::string keyring_lookup(const CliHarness& cli) {
    return run_process("/usr/bin/secret-tool", {"lookup", "provider", "license:key", "profile", cli.home().string()})
        .out;
}

// A stand-in license service that records each request body and answers
// with what the test decides: to see exactly what leaves the machine, and
// what the app does with answers the real service never sends.
class RecordingService {
public:
    using Answer = std::function<std::string(const nlohmann::json& request)>;
    explicit RecordingService(Answer answer) : answer_(std::move(answer)) {
        auto* params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(2);
        server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), Poco::Net::ServerSocket(0), params);
        server_->start();
    }
    ~RecordingService() { server_->stopAll(true); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
    std::vector<std::string> bodies() const {
        std::lock_guard lock(mutex_);
        return bodies_;
    }

private:
    struct Handler : Poco::Net::HTTPRequestHandler {
        explicit Handler(RecordingService& service) : service_(service) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
            std::string body;
            Poco::StreamCopier::copyToString(request.stream(), body);
            {
                std::lock_guard lock(service_.mutex_);
                service_.bodies_.push_back(body);
            }
            const std::string answer = service_.answer_(nlohmann::json::parse(body, nullptr, false));
            response.setContentType("application/json");
            response.sendBuffer(answer.data(), answer.size());
        }
        RecordingService& service_;
    };
    struct Factory : Poco::Net::HTTPRequestHandlerFactory {
        explicit Factory(RecordingService& service) : service_(service) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
            return new Handler(service_);
        }
        RecordingService& service_;
    };

    Answer answer_;
    mutable std::mutex mutex_;
    std::vector<std::string> bodies_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

parley::Secret test_signing_key() {
    std::ifstream in(kSourceDir + "/tests/keys/license-test.secret");
    std::string text;
    std::getline(in, text);
    return parley::Secret(*parley::base64_decode(text));
}

parley::LicenseAnswer active_answer_to(const nlohmann::json& request) {
    parley::LicenseAnswer answer;
    answer.status = "active";
    answer.nonce = request.value("nonce", "");
    answer.fingerprint = request.value("fingerprint", "");
    answer.edition = "pro";
    answer.seats = 1;
    answer.seats_used = 1;
    answer.issued = unix_now();
    answer.valid_until = answer.issued + 86400;
    return answer;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(license_cli)

BOOST_AUTO_TEST_CASE(only_the_key_the_fingerprint_a_nonce_the_version_and_the_platform_are_sent) {
    const parley::Secret key = test_signing_key();
    RecordingService service([&key](const nlohmann::json& request) {
        return parley::sign_license_envelope(key, parley::license_answer_to_json(active_answer_to(request)));
    });
    CliHarness cli;
    point_at(cli, service.url());
    const std::string license = "ABCDE-FGH2J-KMNPQ-RST3V-WXYZ0";
    const auto activated = activate(cli, "abcde fgh2j kmnpq rst3v wxyz0");  // canonicalised before sending
    BOOST_TEST_REQUIRE(activated.exit_code == 0, activated.err);
    const auto bodies = service.bodies();
    BOOST_TEST_REQUIRE(bodies.size() == 1U);
    const auto sent = nlohmann::json::parse(bodies[0]);
    std::vector<std::string> fields;
    for (const auto& [name, value] : sent.items()) fields.push_back(name);
    BOOST_TEST(fields == (std::vector<std::string>{"app_version", "fingerprint", "license_key", "nonce", "platform"}),
               bodies[0]);
    BOOST_TEST(sent["license_key"] == license);
    BOOST_TEST(sent["fingerprint"] == status(cli)["fingerprint"]);
    BOOST_TEST(sent["platform"] == "linux-x86_64");
    BOOST_TEST(std::regex_match(sent["nonce"].get<std::string>(), std::regex("[0-9a-f]{32}")));
    std::ifstream machine_id("/etc/machine-id");
    std::string raw_id;
    std::getline(machine_id, raw_id);
    BOOST_TEST(bodies[0].find(raw_id) == std::string::npos);
    BOOST_TEST(cli.all_profile_bytes().find(raw_id) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(unsigned_mis_signed_foreign_and_replayed_answers_count_as_no_answer) {
    const parley::Secret key = test_signing_key();
    const parley::Secret stranger(std::string(32, '\x42'));
    const auto check = [](const std::function<std::string(const nlohmann::json&)>& answer, const std::string& why) {
        RecordingService service(answer);
        CliHarness cli;
        point_at(cli, service.url());
        const auto activated = activate(cli, "ABCDE-FGH2J-KMNPQ-RST3V-WXYZ0");
        BOOST_TEST(activated.exit_code == 4, why);
        BOOST_TEST(activated.err.find("was not accepted") != std::string::npos, why + ": " + activated.err);
        BOOST_TEST(status(cli)["state"] == "trial", why);
    };
    check([](const nlohmann::json& request) { return parley::license_answer_to_json(active_answer_to(request)); },
          "unsigned");
    check(
        [&stranger](const nlohmann::json& request) {
            return parley::sign_license_envelope(stranger, parley::license_answer_to_json(active_answer_to(request)));
        },
        "signed by another key");
    check(
        [&key](const nlohmann::json& request) {
            auto answer = active_answer_to(request);
            answer.fingerprint = std::string(64, 'f');
            return parley::sign_license_envelope(key, parley::license_answer_to_json(answer));
        },
        "for another machine");
    check(
        [&key](const nlohmann::json& request) {
            auto answer = active_answer_to(request);
            answer.nonce = "an-earlier-request";
            return parley::sign_license_envelope(key, parley::license_answer_to_json(answer));
        },
        "stale nonce");
}

BOOST_AUTO_TEST_CASE(an_answer_older_than_the_one_held_counts_as_no_answer) {
    const parley::Secret key = test_signing_key();
    std::atomic<int> requests{0};
    const std::int64_t first_issued = unix_now();
    RecordingService service([&](const nlohmann::json& request) {
        auto answer = active_answer_to(request);
        answer.issued = requests++ == 0 ? first_issued : first_issued - 100;  // the second one is replayed
        return parley::sign_license_envelope(key, parley::license_answer_to_json(answer));
    });
    CliHarness cli;
    point_at(cli, service.url());
    BOOST_TEST_REQUIRE(activate(cli, "ABCDE-FGH2J-KMNPQ-RST3V-WXYZ0").exit_code == 0);
    const auto refreshed = cli.run({"license", "refresh"});
    BOOST_TEST(refreshed.exit_code == 4);
    BOOST_TEST(refreshed.err.find("older than the one already held") != std::string::npos, refreshed.err);
    const auto shown = status(cli);
    BOOST_TEST(shown["state"] == "offline_grace");
    BOOST_TEST(parse_instant(shown["validated_at"]) == first_issued);
}

BOOST_AUTO_TEST_CASE(activate_status_refresh_and_deactivate_against_the_real_service) {
    LicenseService service;
    const std::string key = service.create_license(3, {"--edition", "pro", "--updates-until", "2099-12-31"});
    CliHarness cli;
    point_at(cli, service.url());

    const auto before = status(cli);
    BOOST_TEST(before["state"] == "trial");
    BOOST_TEST(before["trial_ends"].is_string());
    BOOST_TEST(std::regex_match(before["fingerprint"].get<std::string>(), std::regex("[0-9a-f]{64}")));

    const auto activated = activate(cli, key);
    BOOST_TEST_REQUIRE(activated.exit_code == 0, activated.err);
    const auto shown = status(cli);
    BOOST_TEST(shown["state"] == "active");
    BOOST_TEST(shown["edition"] == "pro");
    BOOST_TEST(shown["seats"] == 3);
    BOOST_TEST(shown["expires"].is_null());
    BOOST_TEST(shown["updates_until"] == "2099-12-31");
    BOOST_TEST(shown["trial_ends"].is_null());
    BOOST_TEST(parse_instant(shown["valid_until"]) > parse_instant(shown["validated_at"]));
    BOOST_TEST(std::abs(parse_instant(shown["validated_at"]) - unix_now()) < 60);
    const std::vector<std::string> fields = {"state",        "edition",     "seats",      "expires",    "updates_until",
                                             "validated_at", "valid_until", "trial_ends", "fingerprint"};
    BOOST_TEST(shown.size() == fields.size());
    for (const auto& field : fields) BOOST_TEST(shown.contains(field), field);

    // The service seats exactly this fingerprint; the key lives in the keyring only.
    const auto machines = service.machines(key);
    BOOST_TEST_REQUIRE(machines.size() == 1U, machines.dump());
    BOOST_TEST(machines[0]["fingerprint"] == shown["fingerprint"]);
    BOOST_TEST(keyring_lookup(cli) == key);
    BOOST_TEST(cli.all_profile_bytes().find(key) == std::string::npos);

    const auto refreshed = cli.run({"license", "refresh"});
    BOOST_TEST(refreshed.exit_code == 0, refreshed.err);
    BOOST_TEST(status(cli)["state"] == "active");

    const auto deactivated = cli.run({"license", "deactivate"});
    BOOST_TEST_REQUIRE(deactivated.exit_code == 0, deactivated.err);
    BOOST_TEST(status(cli)["state"] == "trial");
    BOOST_TEST(keyring_lookup(cli).empty());
    const auto after = service.machines(key);
    BOOST_TEST_REQUIRE(after.size() == 1U);
    BOOST_TEST(after[0]["state"] == "released");
    BOOST_TEST(cli.run({"license", "refresh"}).exit_code == 6);
}

BOOST_AUTO_TEST_CASE(wrong_key_malformed_key_and_unreachable_service_are_told_apart) {
    LicenseService service;
    CliHarness cli;
    point_at(cli, service.url());
    const auto unknown = activate(cli, "ABCDE-FGH2J-KMNPQ-RST3V-WXYZ0");
    BOOST_TEST(unknown.exit_code == 6);
    BOOST_TEST(unknown.err.find("does not know this key") != std::string::npos, unknown.err);
    const auto garbage = activate(cli, "not-a-key");
    BOOST_TEST(garbage.exit_code == 2);
    BOOST_TEST(garbage.err.find("not a license key") != std::string::npos, garbage.err);
    BOOST_TEST(status(cli)["state"] == "trial");

    const std::string key = service.create_license(1);
    service.stop();
    const auto offline = activate(cli, key);
    BOOST_TEST(offline.exit_code == 4);
    BOOST_TEST(offline.err.find("cannot reach the license service") != std::string::npos, offline.err);
    BOOST_TEST(offline.err.find(key) == std::string::npos, offline.err);
    // Plain http is refused except to a loopback address.
    BOOST_TEST(cli.run({"config", "set", "license.server", "http://licensing.example.com"}).exit_code != 0);
}

BOOST_AUTO_TEST_CASE(revocation_is_seen_on_the_next_refresh_and_refuses_chat) {
    LicenseService service;
    const std::string key = service.create_license(2);
    CliHarness cli;
    point_at(cli, service.url());
    BOOST_TEST_REQUIRE(activate(cli, key).exit_code == 0);
    BOOST_TEST_REQUIRE(service.admin({"license", "revoke", key}).exit_code == 0);
    const auto refreshed = cli.run({"license", "refresh"});
    BOOST_TEST(refreshed.exit_code == 6);
    BOOST_TEST(status(cli)["state"] == "revoked");
    const auto chat = cli.run({"chat", "hello"});
    BOOST_TEST(chat.exit_code == 6);
    BOOST_TEST(chat.err.find("license revoked") != std::string::npos, chat.err);
    // History stays readable (principle 4).
    BOOST_TEST(cli.run({"history", "list"}).exit_code == 0);
}

BOOST_AUTO_TEST_CASE(a_second_machine_takes_a_second_seat_and_the_limit_names_itself) {
    LicenseService service;
    const OtherMachine other;
    const std::string two_seats = service.create_license(2);
    const ProfilePair two(service.url());
    BOOST_TEST_REQUIRE(activate(two.here, two_seats).exit_code == 0);
    const auto second = other.run(two.there, {"license", "activate"}, two_seats);
    BOOST_TEST_REQUIRE(second.exit_code == 0, second.err);
    BOOST_TEST(service.machines(two_seats).size() == 2U);
    const auto there_status = nlohmann::json::parse(other.run(two.there, {"license", "status", "--json"}).out);
    BOOST_TEST(there_status["state"] == "active");
    BOOST_TEST(there_status["fingerprint"] != status(two.here)["fingerprint"]);

    const std::string one_seat = service.create_license(1);
    const ProfilePair one(service.url());
    BOOST_TEST_REQUIRE(activate(one.here, one_seat).exit_code == 0);
    const auto refused = other.run(one.there, {"license", "activate"}, one_seat);
    BOOST_TEST(refused.exit_code == 6);
    BOOST_TEST(refused.err.find("seat limit reached: 1 of 1 machines") != std::string::npos, refused.err);
    BOOST_TEST(refused.err.find("license deactivate") != std::string::npos, refused.err);
    BOOST_TEST(one.here.run({"license", "deactivate"}).exit_code == 0);
    const auto freed = other.run(one.there, {"license", "activate"}, one_seat);
    BOOST_TEST(freed.exit_code == 0, freed.err);
}

BOOST_AUTO_TEST_CASE(a_state_folder_copied_to_another_machine_is_never_active_there) {
    LicenseService service;
    const OtherMachine other;
    const std::string key = service.create_license(5);
    CliHarness original;
    point_at(original, service.url());
    BOOST_TEST_REQUIRE(activate(original, key).exit_code == 0);
    CliHarness clone;
    std::filesystem::copy(original.home(), clone.home(),
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
    const auto cloned = other.run(clone, {"license", "status", "--json"});
    BOOST_TEST_REQUIRE(cloned.exit_code == 0, cloned.err);
    const auto shown = nlohmann::json::parse(cloned.out);
    BOOST_TEST(shown["state"] != "active");
    BOOST_TEST(shown["edition"].is_null());
    // Not on a later run either, and the original machine keeps its license.
    BOOST_TEST(nlohmann::json::parse(other.run(clone, {"license", "status", "--json"}).out)["state"] != "active");
    BOOST_TEST(status(original)["state"] == "active");
}

BOOST_AUTO_TEST_CASE(a_machine_without_an_id_gets_the_evaluation_but_no_license) {
    LicenseService service;
    const OtherMachine no_id("");
    CliHarness cli;
    point_at(cli, service.url());
    const auto shown = no_id.run(cli, {"license", "status", "--json"});
    BOOST_TEST_REQUIRE(shown.exit_code == 0, shown.err);
    const auto json = nlohmann::json::parse(shown.out);
    BOOST_TEST(json["state"] == "trial");
    BOOST_TEST(json["fingerprint"].is_null());
    const auto activated = no_id.run(cli, {"license", "activate"}, service.create_license(1));
    BOOST_TEST(activated.exit_code == 1);
    BOOST_TEST(activated.err.find("no machine id") != std::string::npos, activated.err);
    // The chat passes the license check (then stops: no provider is set up).
    BOOST_TEST(no_id.run(cli, {"chat", "hello"}).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(the_evaluation_ends_on_day_fifteen) {
    CliHarness cli;
    const auto first = status(cli);
    BOOST_TEST(first["state"] == "trial");
    const std::int64_t ends = parse_instant(first["trial_ends"]);
    const std::int64_t start = unix_now();
    BOOST_TEST(std::abs(ends - (start + 14 * 86400)) < 60);
    BOOST_TEST(state_at(cli, start + 13 * 86400) == "trial");
    BOOST_TEST(state_at(cli, ends + 1) == "trial_over");
    const auto chat = run_at(cli, ends + 1, {"chat", "hello"});
    BOOST_TEST(chat.exit_code == 6);
    BOOST_TEST(chat.err.find("evaluation ended") != std::string::npos, chat.err);
    BOOST_TEST(chat.err.find("license activate") != std::string::npos, chat.err);
    BOOST_TEST(std::count(chat.err.begin(), chat.err.end(), '\n') == 1);
    BOOST_TEST(run_at(cli, ends + 1, {"history", "list"}).exit_code == 0);
}

BOOST_AUTO_TEST_CASE(the_offline_grace_holds_until_valid_until_and_not_a_second_longer) {
    LicenseService service({"--grace-days", "3"});
    const std::string key = service.create_license(1);
    CliHarness cli;
    point_at(cli, service.url());
    BOOST_TEST_REQUIRE(activate(cli, key).exit_code == 0);
    const std::int64_t valid_until = parse_instant(status(cli)["valid_until"]);
    BOOST_TEST(valid_until - unix_now() > 2 * 86400);
    service.stop();
    const auto offline = cli.run({"license", "refresh"});
    BOOST_TEST(offline.exit_code == 4);
    BOOST_TEST(offline.err.find("working offline until") != std::string::npos, offline.err);
    BOOST_TEST(status(cli)["state"] == "offline_grace");
    BOOST_TEST(state_at(cli, valid_until - 2) == "offline_grace");
    // Chat passes the license check (and then stops: no provider is set up).
    const auto allowed = run_at(cli, valid_until - 2, {"chat", "hello"});
    BOOST_TEST(allowed.exit_code == 2, allowed.err);
    BOOST_TEST(state_at(cli, valid_until + 1) == "expired");
    const auto refused = run_at(cli, valid_until + 1, {"chat", "hello"});
    BOOST_TEST(refused.exit_code == 6);
    BOOST_TEST(refused.err.find("offline grace ended") != std::string::npos, refused.err);
}

BOOST_AUTO_TEST_CASE(a_clock_set_back_three_hours_is_caught_until_an_online_validation_succeeds) {
    LicenseService service;
    const std::string key = service.create_license(1);
    CliHarness cli;
    point_at(cli, service.url());
    BOOST_TEST_REQUIRE(activate(cli, key).exit_code == 0);
    const std::int64_t three_hours_ago = unix_now() - 3 * 3600;
    BOOST_TEST(state_at(cli, three_hours_ago) == "clock_set_back");
    const auto chat = run_at(cli, three_hours_ago, {"chat", "hello"});
    BOOST_TEST(chat.exit_code == 6);
    BOOST_TEST(chat.err.find("clock") != std::string::npos, chat.err);
    // An hour back is within the tolerance.
    BOOST_TEST(state_at(cli, unix_now() - 3600) == "active");
    // The service vouches for the time: the same wrong clock is now fine.
    const auto refreshed = run_at(cli, three_hours_ago, {"license", "refresh"});
    BOOST_TEST(refreshed.exit_code == 0, refreshed.err);
    BOOST_TEST(state_at(cli, unix_now() - 3 * 3600) == "active");
}

BOOST_AUTO_TEST_CASE(a_clock_moved_forward_then_back_cannot_stretch_the_grace) {
    LicenseService service({"--grace-days", "3"});
    const std::string key = service.create_license(1);
    CliHarness cli;
    point_at(cli, service.url());
    BOOST_TEST_REQUIRE(activate(cli, key).exit_code == 0);
    const std::int64_t valid_until = parse_instant(status(cli)["valid_until"]);
    service.stop();
    // Seen once past the grace...
    BOOST_TEST(state_at(cli, valid_until + 60) == "expired");
    // ... turning the clock back inside the grace does not bring it back:
    BOOST_TEST(state_at(cli, valid_until - 86400) == "clock_set_back");
    BOOST_TEST(state_at(cli, valid_until + 60 - 3600) == "expired");
    BOOST_TEST(run_at(cli, valid_until - 86400, {"chat", "hello"}).exit_code == 6);
}

BOOST_AUTO_TEST_CASE(a_day_old_answer_is_revalidated_alongside_the_chat) {
    LicenseService service;
    FakeProvider provider;
    const std::string key = service.create_license(1);
    CliHarness cli;
    point_at(cli, service.url());
    BOOST_TEST_REQUIRE(cli.run({"provider", "add", "p", "--kind", "openai", "--base-url", provider.origin() + "/v1",
                                "--model", "m+slow=200"})
                           .exit_code == 0);
    BOOST_TEST_REQUIRE(cli.run({"key", "set", "p"}, "sk-license-test-0123456789").exit_code == 0);
    BOOST_TEST_REQUIRE(activate(cli, key).exit_code == 0);
    BOOST_TEST(std::abs(saved_clock_skew(cli)) < 60);
    // Within the day: no validation.
    BOOST_TEST(run_at(cli, unix_now() + 3600, {"chat", "hello"}).exit_code == 0);
    BOOST_TEST(std::abs(saved_clock_skew(cli)) < 60);
    // Two days on, the chat starts one in the background and saves its answer
    // (issued by the service's clock, two days behind this one).
    const auto chat = run_at(cli, unix_now() + 2 * 86400, {"chat", "hello again"});
    BOOST_TEST(chat.exit_code == 0, chat.err);
    BOOST_TEST(std::abs(saved_clock_skew(cli) + 2 * 86400) < 60);
}

BOOST_AUTO_TEST_SUITE_END()
