// Answers screened before they count, and the licensing facts on disk: the
// held envelope is verified again on every load, so an edited file or a state
// folder copied to another machine holds no license there.
#include "licensing/license-store.h"
#include "crypto/base64.h"
#include "licensing/license-state.h"
#include "licensing/license-trust.h"
#include "licensing/machine-fingerprint.h"
#include "settings/settings.h"
#include "temp-dir.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace parley;

namespace {

constexpr std::int64_t T0 = 1'900'000'000;
const std::string kThisMachine = "aa11";
const std::string kOtherMachine = "bb22";

struct Signer {
    Ed25519KeyPair pair = generate_ed25519_key_pair();
    std::vector<Ed25519PublicKey> trusted{pair.public_key};

    std::string envelope(const std::string& status, const std::string& fingerprint, const std::string& nonce,
                         std::int64_t issued) const {
        LicenseAnswer answer;
        answer.status = status;
        answer.nonce = nonce;
        answer.fingerprint = fingerprint;
        answer.edition = "pro";
        answer.seats = 2;
        answer.seats_used = 1;
        answer.issued = issued;
        answer.valid_until = issued + 7 * 86400;
        return sign_license_envelope(pair.secret_key, license_answer_to_json(answer));
    }
};

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
}

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(license_answers)

BOOST_AUTO_TEST_CASE(a_fresh_answer_for_this_machine_is_accepted) {
    const Signer signer;
    const auto answer = check_license_answer(signer.envelope("active", kThisMachine, "n1", T0), signer.trusted,
                                             {kThisMachine, "n1", T0 - 10});
    BOOST_TEST(answer.status == "active");
}

BOOST_AUTO_TEST_CASE(foreign_stale_older_or_untrusted_answers_count_as_no_answer) {
    const Signer signer;
    const Signer stranger;
    const AnswerExpectation expected{kThisMachine, "n1", T0};
    const auto refused = [&](const std::string& envelope, const std::string& why) {
        try {
            (void)check_license_answer(envelope, signer.trusted, expected);
            BOOST_ERROR("accepted: " + why);
        } catch (const EnvelopeError& error) {
            BOOST_TEST_MESSAGE(why << ": " << error.what());
        }
    };
    refused(signer.envelope("active", kOtherMachine, "n1", T0), "foreign fingerprint");
    refused(signer.envelope("active", kThisMachine, "n0", T0), "stale nonce");
    refused(signer.envelope("active", kThisMachine, "n1", T0 - 1), "older than held");
    refused(stranger.envelope("active", kThisMachine, "n1", T0), "another key");
    LicenseAnswer unsigned_answer;
    unsigned_answer.fingerprint = kThisMachine;
    unsigned_answer.nonce = "n1";
    unsigned_answer.issued = T0;
    refused(license_answer_to_json(unsigned_answer), "unsigned payload");
    refused(
        nlohmann::json{{"payload", base64_encode(license_answer_to_json(unsigned_answer))}, {"signature", ""}}.dump(),
        "empty signature");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(license_store)

BOOST_AUTO_TEST_CASE(a_missing_file_starts_the_evaluation_now) {
    const test::TempDir dir;
    const LicenseStore store(dir / "state" / "license.json");
    const LoadedFacts loaded = store.load({}, kThisMachine, T0);
    BOOST_TEST(loaded.fresh);
    BOOST_TEST(loaded.facts.first_run == T0);
    store.save(loaded.facts);
    const LoadedFacts again = store.load({}, kThisMachine, T0 + 100);
    BOOST_TEST(!again.fresh);
    BOOST_TEST(again.facts.first_run == T0);
}

BOOST_AUTO_TEST_CASE(the_held_envelope_round_trips_as_received) {
    const Signer signer;
    const test::TempDir dir;
    const LicenseStore store(dir / "license.json");
    LicenseFacts facts = first_run_facts(T0);
    const std::string envelope = signer.envelope("active", kThisMachine, "n1", T0 + 5);
    accept_answer(
        facts, T0 + 5,
        HeldAnswer{envelope, check_license_answer(envelope, signer.trusted, {kThisMachine, "n1", std::nullopt})});
    record_no_answer(facts);
    store.save(facts);
    BOOST_TEST(read_file(store.file()).find(nlohmann::json(envelope).dump()) != std::string::npos);
    const LoadedFacts loaded = store.load(signer.trusted, kThisMachine, T0 + 10);
    BOOST_REQUIRE(loaded.facts.held.has_value());
    BOOST_TEST(loaded.facts.held->envelope == envelope);
    BOOST_TEST(loaded.facts.unreachable);
    BOOST_TEST(loaded.facts.high_water == T0 + 5);
    BOOST_TEST(!loaded.discarded.has_value());
    BOOST_TEST(to_string(evaluate(loaded.facts, T0 + 10).state) == "offline_grace");
}

BOOST_AUTO_TEST_CASE(a_state_folder_copied_to_another_machine_holds_no_license_there) {
    const Signer signer;
    const test::TempDir dir;
    const LicenseStore store(dir / "license.json");
    LicenseFacts facts = first_run_facts(T0 - 20 * 86400);
    const std::string envelope = signer.envelope("active", kThisMachine, "n1", T0);
    accept_answer(
        facts, T0,
        HeldAnswer{envelope, check_license_answer(envelope, signer.trusted, {kThisMachine, "n1", std::nullopt})});
    store.save(facts);
    const LoadedFacts elsewhere = store.load(signer.trusted, kOtherMachine, T0 + 60);
    BOOST_TEST(!elsewhere.facts.held.has_value());
    BOOST_REQUIRE(elsewhere.discarded.has_value());
    BOOST_TEST(elsewhere.discarded->find("another machine") != std::string::npos, *elsewhere.discarded);
    BOOST_TEST(to_string(evaluate(elsewhere.facts, T0 + 60).state) == "trial_over");
    // The original machine still holds it.
    BOOST_TEST(store.load(signer.trusted, kThisMachine, T0 + 60).facts.held.has_value());
}

BOOST_AUTO_TEST_CASE(an_edited_envelope_or_an_untrusted_key_is_set_aside) {
    const Signer signer;
    const Signer build_key;
    const test::TempDir dir;
    const LicenseStore store(dir / "license.json");
    LicenseFacts facts = first_run_facts(T0);
    const std::string envelope = signer.envelope("active", kThisMachine, "n1", T0);
    accept_answer(
        facts, T0,
        HeldAnswer{envelope, check_license_answer(envelope, signer.trusted, {kThisMachine, "n1", std::nullopt})});
    store.save(facts);
    // Another build, trusting other keys, does not accept it.
    const LoadedFacts other_build = store.load(build_key.trusted, kThisMachine, T0);
    BOOST_TEST(!other_build.facts.held.has_value());
    // One changed payload byte (valid_until pushed out) breaks the signature.
    auto object = nlohmann::json::parse(read_file(store.file()));
    auto outer = nlohmann::json::parse(object["envelope"].get<std::string>());
    auto payload = nlohmann::json::parse(*base64_decode(outer["payload"].get<std::string>()));
    payload["valid_until"] = payload["valid_until"].get<std::int64_t>() + 365 * 86400;
    outer["payload"] = base64_encode(payload.dump());
    object["envelope"] = outer.dump();
    write_file(store.file(), object.dump());
    const LoadedFacts edited = store.load(signer.trusted, kThisMachine, T0);
    BOOST_TEST(!edited.facts.held.has_value());
    BOOST_TEST(edited.discarded.has_value());
}

BOOST_AUTO_TEST_CASE(a_damaged_file_is_reported_and_kept) {
    const test::TempDir dir;
    const LicenseStore store(dir / "license.json");
    write_file(store.file(), "{\"format\": 1, \"first_run\": ");
    BOOST_CHECK_EXCEPTION((void)store.load({}, kThisMachine, T0), LicenseStoreError, [](const LicenseStoreError& e) {
        return std::string(e.what()).find("damaged") != std::string::npos;
    });
    BOOST_TEST(read_file(store.file()) == "{\"format\": 1, \"first_run\": ");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(license_trust)

BOOST_AUTO_TEST_CASE(public_keys_parse_strictly) {
    const std::string key = "9L+SyyxF6gyfM5RSfz1mJV+01Oet/waA3/XBjBgzEXk=";
    BOOST_TEST(parse_license_public_keys(key).size() == 1U);
    BOOST_TEST(parse_license_public_keys(key + ", " + key).size() == 2U);
    BOOST_CHECK_THROW(parse_license_public_keys(""), LicenseConfigError);
    BOOST_CHECK_THROW(parse_license_public_keys(key + ","), LicenseConfigError);
    BOOST_CHECK_THROW(parse_license_public_keys(key.substr(4)), LicenseConfigError);
    BOOST_TEST(!trusted_license_keys().empty());
}

BOOST_AUTO_TEST_CASE(the_server_must_be_https_or_loopback_http) {
    BOOST_CHECK_NO_THROW(check_license_server_url("https://licensing.example.com"));
    BOOST_CHECK_NO_THROW(check_license_server_url("http://127.0.0.1:8080"));
    BOOST_CHECK_NO_THROW(check_license_server_url("http://[::1]:8080"));
    BOOST_CHECK_NO_THROW(check_license_server_url("http://localhost:8080"));
    BOOST_CHECK_THROW(check_license_server_url("http://licensing.example.com"), LicenseConfigError);
    BOOST_CHECK_THROW(check_license_server_url("http://10.0.0.1"), LicenseConfigError);
    BOOST_CHECK_THROW(check_license_server_url("ftp://127.0.0.1"), LicenseConfigError);
    BOOST_CHECK_THROW(check_license_server_url("not a url"), LicenseConfigError);
    const test::TempDir dir;
    Settings settings(dir / "settings.json");
    BOOST_CHECK_THROW(settings.set("license.server", "http://licensing.example.com"), SettingsError);
    BOOST_TEST(license_server_url(settings) == std::string(build_license_server()));
    settings.set("license.server", "http://127.0.0.1:9/");
    BOOST_TEST(license_server_url(settings) == "http://127.0.0.1:9");
}

BOOST_AUTO_TEST_CASE(the_fingerprint_is_hmac_sha256_of_the_app_id_keyed_by_the_machine_id) {
    const Secret id{std::string("0123456789abcdef0123456789abcdef")};
    BOOST_TEST(machine_fingerprint(id) == "706346e76b2f00051d72746d57bc2e5fa2da35e43a4a61b883a96893dd8e5f7e");
    BOOST_CHECK_THROW(machine_fingerprint(Secret{}), MachineIdError);
}

BOOST_AUTO_TEST_SUITE_END()
