// `key set` at a real terminal: the key typed at the prompt is not echoed,
// it is stored, and Ctrl+C at the prompt leaves the terminal echoing again.
#include "cli-harness.h"
#include "fake-provider.h"
#include "pty-process.h"

#include <boost/test/unit_test.hpp>

using namespace parley::test;

namespace {

const std::string kKey = "typed-at-the-terminal-9c41e2";
const std::string kPrompt = "API key (input hidden): ";

void add_provider(const CliHarness& cli, const FakeProvider& server) {
    const auto added = cli.run(
        {"provider", "add", "p", "--kind", "openai-compatible", "--base-url", server.origin() + "/v1", "--model", "m"});
    BOOST_TEST_REQUIRE(added.exit_code == 0, added.err);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(key_prompt_pty)

BOOST_AUTO_TEST_CASE(a_key_typed_at_the_prompt_is_not_echoed_and_is_stored) {
    FakeProvider server({"--key", kKey});
    CliHarness cli;
    add_provider(cli, server);
    PtyProcess terminal(cli_path(), {"key", "set", "p"}, cli.env());
    BOOST_TEST_REQUIRE(terminal.wait_for_screen(kPrompt), terminal.screen());
    BOOST_TEST_REQUIRE(terminal.wait_for_echo(false));
    terminal.type(kKey + "\r");
    BOOST_TEST(terminal.wait() == 0, terminal.screen());
    BOOST_TEST(terminal.screen().find(kKey) == std::string::npos, terminal.screen());
    BOOST_TEST(terminal.echo_on());

    BOOST_TEST(cli.run_json({"key", "status", "p", "--json"})["source"] == "os-store");
    // The provider receives exactly what was typed.
    const auto chat = cli.run({"chat", "hello"});
    BOOST_TEST(chat.exit_code == 0, chat.err);
    BOOST_TEST(server.requests().back()["headers"]["authorization"] == "Bearer " + kKey);
}

BOOST_AUTO_TEST_CASE(ctrl_c_at_the_prompt_restores_echo_and_stores_nothing) {
    FakeProvider server;
    CliHarness cli;
    add_provider(cli, server);
    PtyProcess terminal(cli_path(), {"key", "set", "p"}, cli.env());
    BOOST_TEST_REQUIRE(terminal.wait_for_screen(kPrompt), terminal.screen());
    BOOST_TEST_REQUIRE(terminal.wait_for_echo(false));
    terminal.type("half-typed\x03");
    BOOST_TEST(terminal.wait() == 128 + 2);  // SIGINT
    BOOST_TEST(terminal.echo_on());
    BOOST_TEST(terminal.screen().find("half-typed") == std::string::npos, terminal.screen());
    BOOST_TEST(cli.run_json({"key", "status", "p", "--json"})["source"] != "os-store");
}

BOOST_AUTO_TEST_SUITE_END()
