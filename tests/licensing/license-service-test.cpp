// parley-licensing's commands and HTTP API, on the real binary over loopback.
#include "licensing-harness.h"

#include "crypto/base64.h"
#include "licensing/license-key.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <sqlite3.h>
#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <sstream>

using namespace parley;
using namespace parley::test;
using nlohmann::json;

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

std::vector<std::string> serve_args(const LicensingData& data, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--data", data.data.string(), "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

}  // namespace

BOOST_AUTO_TEST_CASE(init_prints_the_public_key_of_a_private_key_file_and_never_replaces_it) {
    LicensingData data;
    const auto key_file = data.data / "answer-signing.key";
    struct stat status {};
    BOOST_REQUIRE(::stat(key_file.c_str(), &status) == 0);
    BOOST_TEST((status.st_mode & 0777) == 0600);
    const std::string key_before = read_file(key_file);

    const ProcessResult public_key = run_licensing({"public-key", "--data", data.data.string()});
    BOOST_TEST(public_key.exit_code == 0);
    BOOST_TEST(first_line(public_key.out) ==
               base64_encode(std::string_view(reinterpret_cast<const char*>(data.public_key.data()), 32)));

    const ProcessResult again = run_licensing({"init", "--data", data.data.string()});
    BOOST_TEST(again.exit_code == 1);
    BOOST_TEST(again.err.find("exists already") != std::string::npos);
    BOOST_TEST(read_file(key_file) == key_before);
}

BOOST_AUTO_TEST_CASE(init_imports_the_repository_test_key) {
    TempDir dir;
    const std::string keys = std::string(PARLEY_SOURCE_DIR) + "/tests/keys/";
    const ProcessResult init =
        run_licensing({"init", "--data", (dir / "data").string(), "--secret-key-file", keys + "license-test.secret"});
    BOOST_REQUIRE_MESSAGE(init.exit_code == 0, init.err);
    BOOST_TEST(init.out == read_file(keys + "license-test.public"));

    std::ofstream(dir / "short.secret") << base64_encode("only sixteen byt") << "\n";
    const ProcessResult refused = run_licensing(
        {"init", "--data", (dir / "other").string(), "--secret-key-file", (dir / "short.secret").string()});
    BOOST_TEST(refused.exit_code == 1);
    BOOST_TEST(refused.err.find("32-byte") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(serve_refuses_a_key_file_others_can_read) {
    LicensingData data;
    std::filesystem::permissions(data.data / "answer-signing.key", std::filesystem::perms::group_read,
                                 std::filesystem::perm_options::add);
    const ProcessResult serve = run_licensing({"serve", "--data", data.data.string(), "--listen", "127.0.0.1:0"});
    BOOST_TEST(serve.exit_code == 1);
    BOOST_TEST(serve.err.find("chmod 600") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(license_commands_print_keys_and_json) {
    LicensingData data;
    const ProcessResult created =
        run_licensing({"license", "create", "--data", data.data.string(), "--seats", "3", "--edition", "pro",
                       "--expires", "2031-12-31", "--updates-until", "2031-06-30", "--json"});
    BOOST_REQUIRE_MESSAGE(created.exit_code == 0, created.err);
    const json license = json::parse(created.out);
    const std::string key = license.at("key");
    BOOST_TEST(canonical_license_key(key).value_or("") == key);
    BOOST_TEST(license.at("seats") == 3);
    BOOST_TEST(license.at("seats_used") == 0);
    BOOST_TEST(license.at("edition") == "pro");
    BOOST_TEST(license.at("expires") == "2031-12-31");
    BOOST_TEST(license.at("updates_until") == "2031-06-30");
    BOOST_TEST(license.at("revoked") == false);

    const std::string plain = data.create_license(1);
    BOOST_TEST(canonical_license_key(plain).value_or("") == plain);

    const ProcessResult list = run_licensing({"license", "list", "--data", data.data.string(), "--json"});
    BOOST_REQUIRE(list.exit_code == 0);
    const json licenses = json::parse(list.out);
    BOOST_REQUIRE(licenses.size() == 2);
    BOOST_TEST(licenses[0].at("key") == key);
    BOOST_TEST(licenses[1].at("key") == plain);
    BOOST_TEST(licenses[1].at("edition") == "standard");
    BOOST_TEST(licenses[1].at("expires").is_null());

    // A key as people type it: lower case, spaces instead of dashes.
    std::string typed = key;
    for (char& c : typed) c = c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const ProcessResult show = run_licensing({"license", "show", typed, "--data", data.data.string(), "--json"});
    BOOST_REQUIRE_MESSAGE(show.exit_code == 0, show.err);
    BOOST_TEST(json::parse(show.out).at("key") == key);
    BOOST_TEST(json::parse(show.out).at("machines").empty());

    const ProcessResult text_list = run_licensing({"license", "list", "--data", data.data.string()});
    BOOST_TEST(text_list.out.find(key) != std::string::npos);

    BOOST_TEST(run_licensing({"license", "create", "--data", data.data.string(), "--seats", "0"}).exit_code == 2);
    BOOST_TEST(
        run_licensing({"license", "create", "--data", data.data.string(), "--seats", "2", "--expires", "31/12/2031"})
            .exit_code == 2);
    BOOST_TEST(
        run_licensing({"license", "show", "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", "--data", data.data.string()}).exit_code ==
        1);
    BOOST_TEST(run_licensing({"license", "show", "not-a-key", "--data", data.data.string()}).exit_code == 2);
    BOOST_TEST(run_licensing({"license", "frobnicate", "--data", data.data.string()}).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(answer_verifies_with_the_printed_public_key_and_echoes_the_request) {
    LicensingData data;
    const std::string key = data.create_license(2, {"--edition", "pro", "--updates-until", "2031-06-30"});
    ServeProcess serve(serve_args(data, {"--grace-days", "10"}));
    BOOST_TEST(serve.url().starts_with("http://127.0.0.1:"));

    const HttpReply reply =
        http_request(serve.url(), "POST", "/api/license/validate", request_body(key, fingerprint_for(1), "nonce-123"));
    BOOST_REQUIRE_EQUAL(reply.status, 200);
    const std::vector<Ed25519PublicKey> trusted = {data.public_key};
    const LicenseAnswer answer = license_answer_from_json(open_license_envelope(reply.body, trusted));
    BOOST_TEST(answer.status == "active");
    BOOST_TEST(answer.nonce == "nonce-123");
    BOOST_TEST(answer.fingerprint == fingerprint_for(1));
    BOOST_TEST(answer.edition == "pro");
    BOOST_TEST(answer.seats == 2);
    BOOST_TEST(answer.seats_used == 1);
    BOOST_TEST(!answer.expires.has_value());
    BOOST_TEST(answer.updates_until.value_or("") == "2031-06-30");
    BOOST_TEST(answer.valid_until - answer.issued == 10 * 86400);

    // Another service's key does not vouch for this answer.
    LicensingData other;
    const std::vector<Ed25519PublicKey> foreign = {other.public_key};
    BOOST_CHECK_THROW(open_license_envelope(reply.body, foreign), EnvelopeError);
}

BOOST_AUTO_TEST_CASE(the_same_fingerprint_twice_takes_one_seat) {
    LicensingData data;
    const std::string key = data.create_license(1);
    ServeProcess serve(serve_args(data));
    BOOST_TEST(ask(serve.url(), data.public_key, key, fingerprint_for(1)).status == "active");
    const LicenseAnswer again = ask(serve.url(), data.public_key, key, fingerprint_for(1));
    BOOST_TEST(again.status == "active");
    BOOST_TEST(again.seats_used == 1);

    const LicenseAnswer second = ask(serve.url(), data.public_key, key, fingerprint_for(2));
    BOOST_TEST(second.status == "seat_limit");
    BOOST_TEST(second.seats_used == 1);
    BOOST_TEST(second.message.find("1 of 1") != std::string::npos);
    BOOST_TEST(second.valid_until == second.issued);

    const ProcessResult machines = run_licensing({"machine", "list", key, "--data", data.data.string(), "--json"});
    BOOST_REQUIRE(machines.exit_code == 0);
    const json list = json::parse(machines.out);
    BOOST_REQUIRE(list.size() == 1);
    BOOST_TEST(list[0].at("fingerprint") == fingerprint_for(1));
    BOOST_TEST(list[0].at("state") == "seated");
    BOOST_TEST(list[0].at("platform") == "linux-x86_64");
}

BOOST_AUTO_TEST_CASE(deactivate_and_machine_release_free_a_seat) {
    LicensingData data;
    const std::string key = data.create_license(1);
    ServeProcess serve(serve_args(data));
    BOOST_TEST(ask(serve.url(), data.public_key, key, fingerprint_for(1)).status == "active");
    BOOST_TEST(ask(serve.url(), data.public_key, key, fingerprint_for(2)).status == "seat_limit");

    const LicenseAnswer left =
        ask(serve.url(), data.public_key, key, fingerprint_for(1), "n", "/api/license/deactivate");
    BOOST_TEST(left.status == "deactivated");
    BOOST_TEST(left.seats_used == 0);
    BOOST_TEST(ask(serve.url(), data.public_key, key, fingerprint_for(2)).status == "active");

    const ProcessResult release =
        run_licensing({"machine", "release", key, fingerprint_for(2), "--data", data.data.string()});
    BOOST_REQUIRE_MESSAGE(release.exit_code == 0, release.err);
    BOOST_TEST(ask(serve.url(), data.public_key, key, fingerprint_for(3)).status == "active");
    BOOST_TEST(run_licensing({"machine", "release", key, fingerprint_for(9), "--data", data.data.string()}).exit_code ==
               1);
}

BOOST_AUTO_TEST_CASE(revoked_and_unknown_keys_get_signed_refusals) {
    LicensingData data;
    const std::string key = data.create_license(3);
    ServeProcess serve(serve_args(data));
    BOOST_TEST(ask(serve.url(), data.public_key, key, fingerprint_for(1)).status == "active");

    const ProcessResult revoke = run_licensing({"license", "revoke", key, "--data", data.data.string(), "--json"});
    BOOST_REQUIRE_MESSAGE(revoke.exit_code == 0, revoke.err);
    BOOST_TEST(json::parse(revoke.out).at("state") == "revoked");

    const LicenseAnswer revoked = ask(serve.url(), data.public_key, key, fingerprint_for(1));
    BOOST_TEST(revoked.status == "revoked");
    BOOST_TEST(revoked.valid_until == revoked.issued);

    BOOST_TEST(ask(serve.url(), data.public_key, "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", fingerprint_for(1)).status ==
               "invalid");
    BOOST_TEST(ask(serve.url(), data.public_key, "no such key", fingerprint_for(1)).status == "invalid");
}

BOOST_AUTO_TEST_CASE(a_machine_holding_its_seat_is_answered_while_another_process_holds_the_write_lock) {
    LicensingData data;
    const std::string key = data.create_license(2);
    ServeProcess serve(serve_args(data));
    BOOST_REQUIRE(ask(serve.url(), data.public_key, key, fingerprint_for(1)).status == "active");

    // As an operator's `sqlite3` shell or an admin command would: the write
    // lock held, nothing committed yet.
    sqlite3* other = nullptr;
    BOOST_REQUIRE(sqlite3_open((data.data / "licenses.sqlite").c_str(), &other) == SQLITE_OK);
    BOOST_REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    const LicenseAnswer again = ask(serve.url(), data.public_key, key, fingerprint_for(1));
    BOOST_TEST(again.status == "active");
    BOOST_TEST(again.seats_used == 1);
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);

    // A new machine needs a write: still decided, once the lock is free.
    const LicenseAnswer second = ask(serve.url(), data.public_key, key, fingerprint_for(2));
    BOOST_TEST(second.status == "active");
    BOOST_TEST(second.seats_used == 2);
}

BOOST_AUTO_TEST_CASE(processes_opening_a_new_store_at_once_create_its_schema_once) {
    LicensingData data;
    const auto store = data.data / "licenses.sqlite";
    BOOST_REQUIRE(std::filesystem::remove(store));
    std::vector<std::unique_ptr<ChildProcess>> lists;
    for (int i = 0; i < 8; ++i)
        lists.push_back(std::make_unique<ChildProcess>(
            PARLEY_LICENSING_PATH,
            std::vector<std::string>{"license", "list", "--data", data.data.string(), "--json"}));
    for (auto& list : lists) {
        BOOST_TEST(list->wait() == 0, list->err());
        BOOST_TEST(list->out() == "[]\n");
    }
}

BOOST_AUTO_TEST_CASE(an_expired_license_is_refused) {
    LicensingData data;
    const std::string key = data.create_license(3, {"--expires", "2001-01-01"});
    ServeProcess serve(serve_args(data));
    const LicenseAnswer answer = ask(serve.url(), data.public_key, key, fingerprint_for(1));
    BOOST_TEST(answer.status == "expired");
    BOOST_TEST(answer.expires.value_or("") == "2001-01-01");
}

BOOST_AUTO_TEST_CASE(bad_requests_get_4xx_json_and_the_service_keeps_serving) {
    LicensingData data;
    const std::string key = data.create_license(2);
    ServeProcess serve(serve_args(data));
    const auto post = [&](const std::string& body) {
        return http_request(serve.url(), "POST", "/api/license/validate", body);
    };
    const auto is_error_json = [](const HttpReply& reply) {
        const json body = json::parse(reply.body, nullptr, false);
        return body.is_object() && body.contains("error") && body["error"].is_string();
    };

    for (const std::string& body :
         {std::string("{not json"), std::string("[1,2]"), std::string(""),
          json{{"license_key", key}, {"nonce", "n"}}.dump(),
          json{{"license_key", key}, {"fingerprint", "ABC"}, {"nonce", "n"}}.dump(),
          json{{"license_key", key}, {"fingerprint", std::string(64, 'A')}, {"nonce", "n"}}.dump(),
          json{{"license_key", 12}, {"fingerprint", fingerprint_for(1)}, {"nonce", "n"}}.dump(),
          json{{"license_key", key}, {"fingerprint", fingerprint_for(1)}, {"nonce", std::string(129, 'n')}}.dump(),
          std::string(2000, '[')}) {
        const HttpReply reply = post(body);
        BOOST_TEST(reply.status == 400, "status " << reply.status << " for " << body.substr(0, 60));
        BOOST_TEST(is_error_json(reply));
    }

    const HttpReply huge = post(std::string(64 * 1024, ' '));
    BOOST_TEST(huge.status == 413);
    BOOST_TEST(is_error_json(huge));

    const HttpReply wrong_method = http_request(serve.url(), "GET", "/api/license/validate");
    BOOST_TEST(wrong_method.status == 405);
    BOOST_TEST(wrong_method.headers.at("Allow") == "POST");
    BOOST_TEST(http_request(serve.url(), "DELETE", "/api/license/deactivate").status == 405);
    const HttpReply unknown = http_request(serve.url(), "POST", "/api/license/steal", "{}");
    BOOST_TEST(unknown.status == 404);
    BOOST_TEST(is_error_json(unknown));

    json with_extras = json::parse(request_body(key, fingerprint_for(1), "n"));
    with_extras["hostname"] = "ignored";
    with_extras["extra"] = {{"nested", true}};
    const HttpReply extras = post(with_extras.dump());
    BOOST_REQUIRE_EQUAL(extras.status, 200);
    const std::vector<Ed25519PublicKey> trusted = {data.public_key};
    BOOST_TEST(license_answer_from_json(open_license_envelope(extras.body, trusted)).status == "active");

    BOOST_TEST(ask(serve.url(), data.public_key, key, fingerprint_for(2)).status == "active");
    // The access log names the license by id, never by key.
    BOOST_TEST(serve.stop() == 0);
    BOOST_TEST(serve.log().find(key) == std::string::npos);
    BOOST_TEST(serve.log().find("\"license_id\":1") != std::string::npos);
    BOOST_TEST(serve.log().find("\"status\":413") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rate_limits_answer_429_with_retry_after) {
    LicensingData data;
    const std::string key = data.create_license(5);
    {
        ServeProcess serve(serve_args(data, {"--rate-per-address", "4", "--rate-per-license", "0"}));
        for (int i = 0; i < 4; ++i)
            BOOST_TEST(ask(serve.url(), data.public_key, key, fingerprint_for(1)).status == "active");
        const HttpReply limited =
            http_request(serve.url(), "POST", "/api/license/validate", request_body(key, fingerprint_for(1), "n"));
        BOOST_TEST(limited.status == 429);
        BOOST_TEST(std::stoi(limited.headers.at("Retry-After")) >= 1);
    }
    {
        ServeProcess serve(serve_args(data, {"--rate-per-address", "0", "--rate-per-license", "3"}));
        for (int i = 0; i < 3; ++i)
            BOOST_TEST(ask(serve.url(), data.public_key, key, fingerprint_for(i)).status == "active");
        const HttpReply limited =
            http_request(serve.url(), "POST", "/api/license/validate", request_body(key, fingerprint_for(4), "n"));
        BOOST_TEST(limited.status == 429);
        BOOST_TEST(std::stoi(limited.headers.at("Retry-After")) >= 1);
        // Another license still has its own budget.
        const std::string other = data.create_license(1);
        BOOST_TEST(ask(serve.url(), data.public_key, other, fingerprint_for(1)).status == "active");
    }
}

BOOST_AUTO_TEST_CASE(sigterm_answers_the_request_in_progress_then_exits_0) {
    LicensingData data;
    const std::string key = data.create_license(1);
    ServeProcess serve(serve_args(data));
    const std::string body = request_body(key, fingerprint_for(1), "drain");

    // "Expect: 100-continue": the interim answer proves the server is inside
    // this request before SIGTERM is sent; the body follows the signal.
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress(serve.host(), static_cast<Poco::UInt16>(serve.port())));
    socket.setReceiveTimeout(Poco::Timespan(30, 0));
    const std::string head =
        "POST /api/license/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Expect: 100-continue\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n";
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    std::string received;
    char buffer[4096];
    while (received.find("\r\n\r\n") == std::string::npos) {
        const int n = socket.receiveBytes(buffer, sizeof buffer);
        BOOST_REQUIRE(n > 0);
        received.append(buffer, static_cast<std::size_t>(n));
    }
    BOOST_REQUIRE(received.starts_with("HTTP/1.1 100"));
    received.clear();

    serve.send_stop();
    socket.sendBytes(body.data(), static_cast<int>(body.size()));
    for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;) {
        received.append(buffer, static_cast<std::size_t>(n));
    }
    const int exit_code = serve.wait_exit();
    BOOST_TEST(exit_code == 0);
    BOOST_REQUIRE(received.starts_with("HTTP/1.1 200"));
    const std::vector<Ed25519PublicKey> trusted = {data.public_key};
    const LicenseAnswer answer =
        license_answer_from_json(open_license_envelope(received.substr(received.find("\r\n\r\n") + 4), trusted));
    BOOST_TEST(answer.nonce == "drain");
    BOOST_TEST(answer.status == "active");
}

BOOST_AUTO_TEST_CASE(serves_https_with_the_given_certificate) {
    LicensingData data;
    const std::string key = data.create_license(1);
    const ProcessResult certs =
        run_process(std::string(PARLEY_SOURCE_DIR) + "/tests/fakes/make-test-certs.sh", {(data.dir / "tls").string()});
    BOOST_REQUIRE_MESSAGE(certs.exit_code == 0, certs.err);
    ServeProcess serve(serve_args(
        data, {"--tls-cert", (data.dir / "tls/good.pem").string(), "--tls-key", (data.dir / "tls/good.key").string()}));
    BOOST_REQUIRE(serve.url().starts_with("https://127.0.0.1:"));
    const ProcessResult reply =
        run_process("curl", {"-sS", "--cacert", (data.dir / "tls/ca.pem").string(), "-X", "POST", "--data-binary",
                             request_body(key, fingerprint_for(1), "tls"), serve.url() + "/api/license/validate"});
    BOOST_REQUIRE_MESSAGE(reply.exit_code == 0, reply.err);
    const std::vector<Ed25519PublicKey> trusted = {data.public_key};
    const LicenseAnswer answer = license_answer_from_json(open_license_envelope(reply.out, trusted));
    BOOST_TEST(answer.status == "active");
    BOOST_TEST(answer.nonce == "tls");
}
