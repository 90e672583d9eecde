// A provider that quotes the key back (whole, masked, URL-encoded) in its
// 401/400 bodies and error events, as real ones do: the key reaches no
// terminal line, no history row and no file of the profile. The key is not
// key-shaped, so only redaction of the known key can catch it.
#include "cli-harness.h"
#include "fake-provider.h"

#include <boost/test/unit_test.hpp>

using namespace parley::test;

namespace {

// Not key-shaped, and with characters a base64 token has, on both sides of
// where the mask goes.
const std::string kKey = "local/server+token-7f3/a9";
// The shapes the fake quotes it in (tests/fakes/README.md, `echokey`).
const std::vector<std::string> kKeyShapes = {kKey, "local***3/a9", "local%2Fserver%2Btoken-7f3%2Fa9"};

struct Setup {
    FakeProvider server;
    CliHarness cli;

    Setup(const std::string& kind, std::vector<std::string> server_args) : server(std::move(server_args)) {
        const std::string base = kind == "openai-compatible" ? server.origin() + "/v1" : server.origin();
        const auto added = cli.run({"provider", "add", "p", "--kind", kind, "--base-url", base, "--model", "m"});
        BOOST_TEST_REQUIRE(added.exit_code == 0, added.err);
        const auto stored = cli.run({"key", "set", "p"}, kKey + "\n");
        BOOST_TEST_REQUIRE(stored.exit_code == 0, stored.err);
    }

    // The error column of every message, as any other program reads it.
    std::string saved_errors() const {
        const auto db = (cli.home() / "data" / "history.db").string();
        return run_process("/usr/bin/sqlite3", {db, "SELECT group_concat(error, '|') FROM messages"}).out;
    }
};

void expect_no_key_in(const std::string& text, const std::string& where) {
    for (const auto& shape : kKeyShapes) BOOST_TEST(text.find(shape) == std::string::npos, where << ": " << text);
}

void check_chat(Setup& s, const std::string& model, const std::string& what) {
    const auto result = s.cli.run({"chat", "-m", model, "hello"});
    BOOST_TEST(result.exit_code == 3, what << ": " << result.err);
    // The provider did quote the key, and the words around it survive.
    const auto requests = s.server.requests();
    BOOST_TEST_REQUIRE(!requests.empty());
    const auto headers = requests.back()["headers"];
    const bool sent = headers.value("authorization", "") == "Bearer " + kKey ||
                      headers.value("x-api-key", "") == kKey || headers.value("x-goog-api-key", "") == kKey;
    BOOST_TEST(sent, what);
    BOOST_TEST(result.err.find("Key presented: [redacted]") != std::string::npos, what << ": " << result.err);
    expect_no_key_in(result.out, what + " stdout");
    expect_no_key_in(result.err, what + " stderr");
    const std::string errors = s.saved_errors();
    BOOST_TEST(errors.find("Key presented") != std::string::npos, what << ": " << errors);
    expect_no_key_in(errors, what + " history error column");
    expect_no_key_in(s.cli.all_profile_bytes(), what + " files under PARLEY_HOME");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(redaction)

BOOST_AUTO_TEST_CASE(a_key_quoted_back_in_a_401_never_reaches_a_terminal_history_or_file) {
    for (const std::string kind : {"openai-compatible", "anthropic", "gemini"}) {
        Setup s(kind, {"--key", "the-key-the-server-expects"});
        check_chat(s, "m+echokey", kind + " 401");
    }
}

BOOST_AUTO_TEST_CASE(a_key_quoted_back_in_a_400_or_an_error_event_never_reaches_a_terminal_history_or_file) {
    for (const std::string kind : {"openai-compatible", "anthropic", "gemini"}) {
        Setup s(kind, {});
        check_chat(s, "m+echokey+status400", kind + " 400");
        check_chat(s, "m+echokey+midstream-error", kind + " error event");
    }
}

BOOST_AUTO_TEST_SUITE_END()
