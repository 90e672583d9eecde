// HttpClient against real loopback servers: TLS verification, proxies,
// cancellation and timeouts.
#include "net/http-client.h"
#include "child-process.h"
#include "fake-provider.h"
#include "net/network-error.h"
#include "temp-dir.h"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

using namespace parley;
using namespace parley::test;

namespace {

// Test certificates made by tests/fakes/make-test-certs.sh, once per run. A
// runner whose programs cannot start the script (Windows programs under Wine)
// makes them first and names their folder in PARLEY_TEST_CERT_DIR.
const std::filesystem::path& cert_dir() {
    static TempDir dir;
    static const std::filesystem::path path = [] {
        if (const char* given = std::getenv("PARLEY_TEST_CERT_DIR")) return std::filesystem::path(given);
        const auto result =
            run_process("/bin/bash", {PARLEY_SOURCE_DIR "/tests/fakes/make-test-certs.sh", dir.path().string()});
        if (result.exit_code != 0) throw std::runtime_error("make-test-certs.sh failed: " + result.err);
        return dir.path();
    }();
    return path;
}

std::unique_ptr<FakeProvider> tls_server(const std::string& name) {
    return std::make_unique<FakeProvider>(std::vector<std::string>{
        "--tls-cert", (cert_dir() / (name + ".pem")).string(), "--tls-key", (cert_dir() / (name + ".key")).string()});
}

HttpRequest chat_request(const std::string& base) {
    HttpRequest request;
    request.url = base + "/v1/chat/completions";
    request.headers = {{"Authorization", "Bearer sk-test"}, {"Content-Type", "application/json"}};
    request.body = R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})";
    return request;
}

NetworkError::Kind send_expecting_failure(const NetworkOptions& options, const HttpRequest& request) {
    CancelToken cancel;
    try {
        HttpClient(options).fetch(request, cancel);
    } catch (const NetworkError& e) {
        BOOST_TEST_MESSAGE(e.what());
        return e.kind();
    }
    BOOST_FAIL("the request succeeded");
    return NetworkError::Kind::protocol;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_client)

BOOST_AUTO_TEST_CASE(streams_a_body_and_reports_status_and_headers) {
    FakeProvider server;
    CancelToken cancel;
    auto [head, body] = HttpClient({}).fetch(chat_request(server.origin()), cancel);
    BOOST_TEST(head.status == 200);
    BOOST_TEST(head.header("content-type").find("text/event-stream") != std::string::npos);
    BOOST_TEST(body.find("data: [DONE]") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(self_signed_certificate_is_refused_and_says_certificate) {
    auto server = tls_server("selfsigned");
    NetworkOptions options;
    const auto origin = "https://127.0.0.1:" + std::to_string(server->port());
    BOOST_TEST(static_cast<int>(send_expecting_failure(options, chat_request(origin))) ==
               static_cast<int>(NetworkError::Kind::tls_certificate));
}

BOOST_AUTO_TEST_CASE(extra_ca_file_is_trusted_and_hostname_is_verified) {
    auto good = tls_server("good");
    NetworkOptions options;
    options.ca_file = (cert_dir() / "ca.pem").string();
    CancelToken cancel;
    auto [head, body] =
        HttpClient(options).fetch(chat_request("https://127.0.0.1:" + std::to_string(good->port())), cancel);
    BOOST_TEST(head.status == 200);

    auto wrong_host = tls_server("wronghost");
    BOOST_TEST(static_cast<int>(send_expecting_failure(
                   options, chat_request("https://127.0.0.1:" + std::to_string(wrong_host->port())))) ==
               static_cast<int>(NetworkError::Kind::tls_certificate));

    // Without the CA the same good server is untrusted.
    BOOST_TEST(static_cast<int>(send_expecting_failure(
                   NetworkOptions{}, chat_request("https://127.0.0.1:" + std::to_string(good->port())))) ==
               static_cast<int>(NetworkError::Kind::tls_certificate));
}

BOOST_AUTO_TEST_CASE(https_goes_through_a_connect_proxy) {
    auto good = tls_server("good");
    TempDir dir;
    ChildProcess proxy(fake_proxy_path(), {"--port", "0", "--record", (dir / "proxy.jsonl").string()});
    const std::string proxy_port = proxy.first_stdout_line();
    BOOST_REQUIRE(!proxy_port.empty());
    NetworkOptions options;
    options.ca_file = (cert_dir() / "ca.pem").string();
    options.proxy = "http://127.0.0.1:" + proxy_port;
    CancelToken cancel;
    auto [head, body] =
        HttpClient(options).fetch(chat_request("https://127.0.0.1:" + std::to_string(good->port())), cancel);
    BOOST_TEST(head.status == 200);
    std::ifstream log(dir / "proxy.jsonl");
    std::string line;
    std::getline(log, line);
    BOOST_TEST(line.find("CONNECT") != std::string::npos, line);
}

BOOST_AUTO_TEST_CASE(wrong_host_certificate_is_refused_through_a_connect_proxy) {
    // The tunnel's TLS must be verified against the target host, not waved
    // through because a proxy stands in between.
    auto wrong_host = tls_server("wronghost");
    TempDir dir;
    ChildProcess proxy(fake_proxy_path(), {"--port", "0", "--record", (dir / "proxy.jsonl").string()});
    const std::string proxy_port = proxy.first_stdout_line();
    BOOST_REQUIRE(!proxy_port.empty());
    NetworkOptions options;
    options.ca_file = (cert_dir() / "ca.pem").string();
    options.proxy = "http://127.0.0.1:" + proxy_port;
    BOOST_TEST(static_cast<int>(send_expecting_failure(
                   options, chat_request("https://127.0.0.1:" + std::to_string(wrong_host->port())))) ==
               static_cast<int>(NetworkError::Kind::tls_certificate));
    std::ifstream log(dir / "proxy.jsonl");
    std::string line;
    std::getline(log, line);
    BOOST_TEST(line.find("CONNECT") != std::string::npos, "the request did not go through the proxy: " << line);
}

BOOST_AUTO_TEST_CASE(cancel_from_another_thread_unblocks_a_stalled_read_at_once) {
    FakeProvider server;
    auto request = chat_request(server.origin());
    request.body = R"({"model":"m+stall","stream":true,"messages":[{"role":"user","content":"hi"}]})";
    CancelToken cancel;
    std::atomic<bool> got_bytes{false};
    std::chrono::steady_clock::time_point cancelled_at;
    std::thread canceller([&] {
        // Bounded, so a server that never sends fails the test rather than
        // hanging it.
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (!got_bytes && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
        cancelled_at = std::chrono::steady_clock::now();
        cancel.cancel();
    });
    try {
        HttpClient({}).send(request, cancel, {}, [&](std::string_view) { got_bytes = true; });
        BOOST_FAIL("a cancelled request returned normally");
    } catch (const NetworkError& e) {
        BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(NetworkError::Kind::cancelled));
    }
    const auto returned = std::chrono::steady_clock::now();
    canceller.join();
    BOOST_TEST(got_bytes);
    // The stream would stay silent until the idle timeout; a margin for a
    // loaded runner or a sanitizer build.
    BOOST_TEST((returned - cancelled_at < std::chrono::seconds(2)));
}

BOOST_AUTO_TEST_CASE(idle_timeout_ends_a_stalled_stream) {
    FakeProvider server;
    auto request = chat_request(server.origin());
    request.body = R"({"model":"m+stall","stream":true,"messages":[{"role":"user","content":"hi"}]})";
    NetworkOptions options;
    options.idle_timeout_s = 1;
    BOOST_TEST(static_cast<int>(send_expecting_failure(options, request)) ==
               static_cast<int>(NetworkError::Kind::timeout));
}

BOOST_AUTO_TEST_SUITE_END()
