// Key custody through the real binary: a real gnome-keyring (this suite runs
// in tests/run-with-session.sh), the encrypted file vault, environment keys,
// and keys that never reach a file, a log or a terminal line.
#include "cli-harness.h"
#include "fake-provider.h"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

using namespace parley::test;

namespace {

const std::string kKey = "sk-vault-test-ABCDEFGHIJKLMNOP0123456789";
const std::string kPassphrase = "correct horse battery staple";

void add_provider(CliHarness& cli, const FakeProvider& server, const std::string& id = "p",
                  const std::string& kind = "openai") {
    const std::string base = kind == "openai" || kind == "openai-compatible" ? server.origin() + "/v1" : server.origin();
    const auto added = cli.run({"provider", "add", id, "--kind", kind, "--base-url", base, "--model", "m"});
    BOOST_TEST_REQUIRE(added.exit_code == 0, added.err);
}

ProcessResult secret_tool(const std::vector<std::string>& args) { return run_process("/usr/bin/secret-tool", args); }

nlohmann::json key_status(const CliHarness& cli, const std::string& id) {
    return cli.run_json({"key", "status", id, "--json"});
}

void no_secret_service(CliHarness& cli) { cli.env()["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus"; }

}  // namespace

BOOST_AUTO_TEST_SUITE(key_vault)

BOOST_AUTO_TEST_CASE(key_set_chat_and_remove_round_trip_through_gnome_keyring) {
    FakeProvider server({"--key", kKey});
    CliHarness cli;
    add_provider(cli, server);
    const auto stored = cli.run({"key", "set", "p"}, kKey + "\n");
    BOOST_TEST_REQUIRE(stored.exit_code == 0, stored.err);
    BOOST_TEST(key_status(cli, "p")["source"] == "os-store");

    // What a person sees in Seahorse or secret-tool.
    const auto found = secret_tool({"search", "--all", "provider", "p", "profile", cli.home().string()});
    BOOST_TEST(found.exit_code == 0, found.err);
    const std::string listing = found.out + found.err;
    BOOST_TEST(listing.find("io.parley.ApiKey") != std::string::npos, listing);
    BOOST_TEST(listing.find("label = Parley API key: p (profile " + cli.home().string() + ")") != std::string::npos,
               listing);
    BOOST_TEST(secret_tool({"lookup", "provider", "p", "profile", cli.home().string()}).out == kKey);

    const auto chat = cli.run({"chat", "hello"});
    BOOST_TEST(chat.exit_code == 0, chat.err);
    BOOST_TEST(server.requests().back()["headers"]["authorization"] == "Bearer " + kKey);

    const auto removed = cli.run({"key", "remove", "p"});
    BOOST_TEST(removed.exit_code == 0, removed.err);
    BOOST_TEST(secret_tool({"lookup", "provider", "p", "profile", cli.home().string()}).out.empty());
    BOOST_TEST(key_status(cli, "p")["source"] == "missing");
    const auto without = cli.run({"chat", "hello again"});
    BOOST_TEST(without.exit_code != 0);
    BOOST_TEST(without.err.find("no API key for provider 'p'") != std::string::npos, without.err);
    BOOST_TEST(cli.run({"key", "remove", "p"}).exit_code == 1);
}

BOOST_AUTO_TEST_CASE(two_profiles_keep_separate_keys) {
    FakeProvider server;
    CliHarness first;
    CliHarness second;
    add_provider(first, server);
    add_provider(second, server);
    BOOST_REQUIRE(first.run({"key", "set", "p"}, "sk-first-profile-key-000000000").exit_code == 0);
    BOOST_REQUIRE(second.run({"key", "set", "p"}, "sk-second-profile-key-11111111").exit_code == 0);
    BOOST_REQUIRE(first.run({"chat", "one"}).exit_code == 0);
    BOOST_REQUIRE(second.run({"chat", "two"}).exit_code == 0);
    const auto requests = server.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2U);
    BOOST_TEST(requests[0]["headers"]["authorization"] == "Bearer sk-first-profile-key-000000000");
    BOOST_TEST(requests[1]["headers"]["authorization"] == "Bearer sk-second-profile-key-11111111");
    BOOST_REQUIRE(first.run({"key", "remove", "p"}).exit_code == 0);
    BOOST_TEST(key_status(first, "p")["source"] == "missing");
    BOOST_TEST(key_status(second, "p")["source"] == "os-store");
}

BOOST_AUTO_TEST_CASE(without_a_secret_service_key_set_refuses_names_the_ways_forward_and_writes_nothing) {
    FakeProvider server;
    CliHarness cli;
    add_provider(cli, server);
    no_secret_service(cli);
    const auto result = cli.run({"key", "set", "p"}, kKey);
    BOOST_TEST(result.exit_code != 0);
    BOOST_TEST(std::count(result.err.begin(), result.err.end(), '\n') == 1, result.err);
    for (const char* way : {"--store file", "keyring"}) {
        BOOST_TEST(result.err.find(way) != std::string::npos, way << " missing from: " << result.err);
    }
    // Not offered: the provider's own base URL would never be sent it.
    BOOST_TEST(result.err.find("OPENAI_API_KEY") == std::string::npos, result.err);
    BOOST_TEST(cli.all_profile_bytes().find(kKey) == std::string::npos);
    BOOST_TEST(!std::filesystem::exists(cli.home() / "data" / "keys.vault"));
}

BOOST_AUTO_TEST_CASE(a_locked_keyring_that_refuses_gets_the_same_clear_answer) {
    FakeProvider server;
    CliHarness cli;
    add_provider(cli, server);
    // A keyring of its own, locked, with no prompter that could unlock it;
    // the other tests keep theirs unlocked.
    const std::string script =
        "printf x | secret-tool store --label=warm-up purpose create-the-collection || exit 90\n"
        "dbus-send --session --dest=org.freedesktop.secrets --type=method_call --print-reply "
        "/org/freedesktop/secrets org.freedesktop.Secret.Service.Lock "
        "array:objpath:/org/freedesktop/secrets/collection/login >/dev/null || exit 91\n"
        "exec \"$0\" --home \"$1\" key set p\n";
    const auto result = run_process("/bin/bash", {PARLEY_SOURCE_DIR "/tests/run-with-session.sh", "/bin/bash", "-c",
                                                  script, cli_path(), cli.home().string()},
                                    kKey);
    BOOST_TEST(result.exit_code == 1, result.err);
    BOOST_TEST(result.err.find("locked") != std::string::npos, result.err);
    BOOST_TEST(result.err.find("--store file") != std::string::npos, result.err);
    BOOST_TEST(cli.all_profile_bytes().find(kKey) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_file_vault_works_without_an_os_store_and_rejects_wrong_passphrases_and_tampering) {
    FakeProvider server({"--key", kKey});
    CliHarness cli;
    add_provider(cli, server);
    no_secret_service(cli);
    cli.env()["PARLEY_VAULT_PASSPHRASE"] = kPassphrase;
    const auto stored = cli.run({"key", "set", "p", "--store", "file"}, kKey);
    BOOST_TEST_REQUIRE(stored.exit_code == 0, stored.err);
    const auto vault = cli.home() / "data" / "keys.vault";
    BOOST_REQUIRE(std::filesystem::exists(vault));
    BOOST_TEST(((std::filesystem::status(vault).permissions() & std::filesystem::perms::all) ==
                (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)));
    BOOST_TEST(cli.all_profile_bytes().find(kKey) == std::string::npos);
    BOOST_TEST(key_status(cli, "p")["source"] == "file-vault");
    const auto chat = cli.run({"chat", "hello"});
    BOOST_TEST(chat.exit_code == 0, chat.err);

    cli.env()["PARLEY_VAULT_PASSPHRASE"] = "not the passphrase";
    const auto wrong = cli.run({"chat", "hello"});
    BOOST_TEST(wrong.exit_code != 0);
    BOOST_TEST(wrong.err.find("wrong passphrase") != std::string::npos, wrong.err);

    cli.env()["PARLEY_VAULT_PASSPHRASE"] = kPassphrase;
    {
        std::fstream file(vault, std::ios::in | std::ios::out | std::ios::binary);
        file.seekg(-5, std::ios::end);
        char byte = 0;
        file.get(byte);
        file.seekp(-5, std::ios::end);
        file.put(static_cast<char>(byte ^ 0x01));
    }
    const auto tampered = cli.run({"chat", "hello"});
    BOOST_TEST(tampered.exit_code != 0);
    BOOST_TEST(tampered.err.find("damaged or was tampered with") != std::string::npos, tampered.err);
    BOOST_TEST(server.requests().size() == 1U);
}

BOOST_AUTO_TEST_CASE(environment_keys_serve_their_vendors_endpoint_and_a_stored_key_wins) {
    // Environment keys go only to the vendor's own host (see
    // key-custody-test.cpp), which no test reaches: `key status` shows the
    // choice.
    CliHarness cli;
    BOOST_REQUIRE(cli.run({"provider", "add", "claude", "--kind", "anthropic"}).exit_code == 0);
    BOOST_REQUIRE(cli.run({"provider", "add", "gem", "--kind", "gemini"}).exit_code == 0);
    cli.env()["ANTHROPIC_API_KEY"] = "sk-ant-from-the-environment-000000";
    cli.env()["GEMINI_API_KEY"] = "AIzaSyFromTheEnvironment0000000000000";
    BOOST_TEST(key_status(cli, "claude")["source"] == "environment");
    BOOST_TEST(key_status(cli, "claude")["detail"] == "ANTHROPIC_API_KEY");
    BOOST_TEST(key_status(cli, "gem")["detail"] == "GEMINI_API_KEY");

    BOOST_REQUIRE(cli.run({"key", "set", "claude"}, "sk-ant-stored-in-the-keyring-11111").exit_code == 0);
    BOOST_TEST(key_status(cli, "claude")["source"] == "os-store");
    const auto status = cli.run({"key", "status"});
    BOOST_TEST(status.out.find("sk-ant") == std::string::npos, status.out);
    BOOST_TEST(status.out.find("AIza") == std::string::npos, status.out);
}

BOOST_AUTO_TEST_CASE(the_key_never_reaches_a_file_a_log_or_a_terminal_line) {
    for (const std::string store : {"os", "file"}) {
        FakeProvider server({"--key", "sk-some-other-key-ZZZZZZZZZZZZZZZZZZ"});
        CliHarness cli;
        add_provider(cli, server);
        cli.env()["PARLEY_VAULT_PASSPHRASE"] = kPassphrase;
        std::string seen;
        for (const auto& args : std::vector<std::vector<std::string>>{
                 {"key", "set", "p", "--store", store}, {"chat", "hello"}, {"chat", "-m", "m+status500", "again"},
                 {"key", "status", "--json"}, {"history", "show", "1", "--json"}, {"provider", "list", "--json"},
                 {"provider", "test", "p"}}) {
            const auto result = cli.run(args, args[0] == "key" && args[1] == "set" ? kKey : "");
            seen += result.out + result.err;
        }
        BOOST_TEST(seen.find("HTTP 401") != std::string::npos, seen);
        BOOST_TEST(seen.find(kKey) == std::string::npos, store << ": " << seen);
        BOOST_TEST(seen.find(kKey.substr(0, 20)) == std::string::npos, store);
        BOOST_TEST(cli.all_profile_bytes().find(kKey) == std::string::npos, store);
    }
}

BOOST_AUTO_TEST_CASE(a_key_on_the_command_line_is_refused) {
    CliHarness cli;
    const auto result = cli.run({"key", "set", "p", kKey});
    BOOST_TEST(result.exit_code == 2);
    BOOST_TEST(result.err.find(kKey) == std::string::npos, result.err);
}

BOOST_AUTO_TEST_SUITE_END()
