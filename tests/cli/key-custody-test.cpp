// Where a key may travel and what may hold it, through the real binary: no
// key over plain http to another machine, environment keys only to their
// vendor, no control characters in keys, request lines built only from
// percent-encoded data; no core dumps or debugger attach, no passphrase left
// in the environment, the proxy password in the credential store; durable,
// private, locked writes of the key vault.
#include "cli-harness.h"
#include "fake-provider.h"

#include <Poco/URI.h>
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>
#include <fstream>
#include <csignal>
#include <regex>
#include <sstream>

using namespace parley::test;

namespace {

const std::string kKey = "sk-custody-test-ABCDEFGHIJKLMNOP0123456789";
const std::string kPassphrase = "custody test passphrase 4711";

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void no_secret_service(CliHarness& cli) {
    cli.env()["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus";
}

std::vector<nlohmann::json> read_json_lines(const std::filesystem::path& file) {
    std::vector<nlohmann::json> lines;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

nlohmann::json read_settings(const CliHarness& cli) {
    std::ifstream in(cli.home() / "config" / "settings.json");
    return nlohmann::json::parse(in);
}

std::string decoded(const nlohmann::json& encoded) {
    std::string text;
    Poco::URI::decode(encoded.get<std::string>(), text);
    return text;
}

void write_settings(const CliHarness& cli, const nlohmann::json& settings) {
    std::ofstream(cli.home() / "config" / "settings.json") << settings.dump(2);
}

// A recording HTTP proxy: every request for a remote http URL passes it, so
// it sees whether a request (and its key) left at all.
class RecordingProxy {
public:
    RecordingProxy() : process_(fake_proxy_path(), {"--port", "0", "--record", (dir_ / "proxy.jsonl").string()}) {
        url_ = "http://127.0.0.1:" + process_.first_stdout_line();
    }
    const std::string& url() const { return url_; }
    std::vector<nlohmann::json> requests() const { return read_json_lines(dir_ / "proxy.jsonl"); }

private:
    TempDir dir_;
    ChildProcess process_;
    std::string url_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(key_custody)

BOOST_AUTO_TEST_CASE(plain_http_to_another_machine_is_refused_unless_the_user_accepts_it) {
    CliHarness cli;
    const auto refused =
        cli.run({"provider", "add", "typo", "--kind", "openai", "--base-url", "http://api.openai.com/v1"});
    BOOST_TEST(refused.exit_code == 2);
    BOOST_TEST(refused.err.find("unencrypted") != std::string::npos, refused.err);
    BOOST_TEST(refused.err.find("--allow-insecure-http") != std::string::npos, refused.err);
    BOOST_TEST(cli.run({"provider", "list"}).out.find("typo") == std::string::npos);

    for (const char* url : {"http://127.0.0.1:11434/v1", "http://127.1.2.3:8080/v1", "http://localhost:1234/v1",
                                  "http://LOCALHOST/v1", "http://[::1]:8080/v1", "https://gateway.example/v1"}) {
        const auto added = cli.run({"provider", "add", "local", "--kind", "openai-compatible", "--base-url", url});
        BOOST_TEST(added.exit_code == 0, url << ": " << added.err);
    }
    for (const char* url : {"http://10.0.0.5:11434/v1", "http://localhost.example/v1", "http://[::2]/v1"}) {
        const auto remote = cli.run({"provider", "add", "lan", "--kind", "openai-compatible", "--base-url", url});
        BOOST_TEST(remote.exit_code == 2, url);
    }

    const auto accepted = cli.run({"provider", "add", "lan", "--kind", "openai-compatible", "--base-url",
                                   "http://10.0.0.5:11434/v1", "--allow-insecure-http"});
    BOOST_TEST(accepted.exit_code == 0, accepted.err);
    BOOST_TEST(accepted.err.find("unencrypted") != std::string::npos, accepted.err);
    BOOST_TEST(read_settings(cli)["providers"]["lan"]["allow_insecure_http"] == true);
    BOOST_TEST(!read_settings(cli)["providers"]["local"].contains("allow_insecure_http"));
}

BOOST_AUTO_TEST_CASE(a_settings_file_edited_to_remote_http_sends_nothing) {
    // The fake provider doubles as the http proxy: every request for the
    // remote host reaches it (absolute-URI request line), none leaves the
    // machine, and it shows whether a request was sent at all.
    FakeProvider server;
    CliHarness cli;
    BOOST_REQUIRE(
        cli.run({"provider", "add", "p", "--kind", "openai", "--base-url", "https://gateway.example/v1"}).exit_code ==
        0);
    BOOST_REQUIRE(cli.run({"key", "set", "p"}, kKey).exit_code == 0);
    BOOST_REQUIRE(cli.run({"config", "set", "network.proxy", server.origin()}).exit_code == 0);
    auto settings = read_settings(cli);
    settings["providers"]["p"]["base_url"] = "http://gateway.example/v1";
    write_settings(cli, settings);

    const auto chat = cli.run({"chat", "-p", "p", "hello"});
    BOOST_TEST(chat.exit_code == 3, chat.err);
    BOOST_TEST(chat.err.find("unencrypted") != std::string::npos, chat.err);
    const auto models = cli.run({"provider", "models", "p"});
    BOOST_TEST(models.exit_code == 3, models.err);
    BOOST_TEST(server.requests().empty());

    // With the user's consent the request does leave, key and all.
    settings["providers"]["p"]["allow_insecure_http"] = true;
    write_settings(cli, settings);
    const auto consented = cli.run({"chat", "-p", "p", "hello"});
    BOOST_TEST(consented.exit_code == 0, consented.err);
    const auto seen = server.requests();
    BOOST_TEST_REQUIRE(seen.size() == 1U);
    BOOST_TEST(seen[0]["path"] == "http://gateway.example:80/v1/chat/completions");
    BOOST_TEST(seen[0]["headers"]["authorization"] == "Bearer " + kKey);
}

BOOST_AUTO_TEST_CASE(environment_keys_go_only_to_their_vendors_own_endpoint) {
    FakeProvider server;
    CliHarness cli;
    cli.env()["OPENAI_API_KEY"] = "sk-openai-from-the-environment-000000";
    cli.env()["OPENROUTER_API_KEY"] = "sk-or-from-the-environment-0000000000";
    BOOST_REQUIRE(
        cli.run({"provider", "add", "gw", "--kind", "openai", "--base-url", server.origin() + "/v1"}).exit_code == 0);
    BOOST_REQUIRE(cli.run({"provider", "add", "official", "--kind", "openai"}).exit_code == 0);
    BOOST_REQUIRE(cli.run({"provider", "add", "official-explicit", "--kind", "openai", "--base-url",
                           "https://API.openai.com/v1/"})
                      .exit_code == 0);
    BOOST_REQUIRE(cli.run({"provider", "add", "or", "--preset", "openrouter"}).exit_code == 0);
    BOOST_REQUIRE(cli.run({"provider", "add", "or-gw", "--preset", "openrouter", "--base-url", server.origin() + "/v1"})
                      .exit_code == 0);

    const auto status = [&cli](const std::string& id) { return cli.run_json({"key", "status", id, "--json"}); };
    BOOST_TEST(status("official")["source"] == "environment");
    BOOST_TEST(status("official-explicit")["source"] == "environment");
    BOOST_TEST(status("or")["detail"] == "OPENROUTER_API_KEY");
    BOOST_TEST(status("gw")["source"] == "missing");
    BOOST_TEST(status("gw")["detail"].get<std::string>().find("api.openai.com") != std::string::npos);
    BOOST_TEST(status("or-gw")["source"] == "none-needed");

    const auto chat = cli.run({"chat", "-p", "gw", "hello"});
    BOOST_TEST(chat.exit_code == 2, chat.err);
    BOOST_TEST(chat.err.find("no API key") != std::string::npos, chat.err);
    BOOST_TEST(cli.run({"chat", "-p", "or-gw", "hello"}).exit_code == 0);
    const auto requests = server.requests();
    BOOST_TEST_REQUIRE(requests.size() == 1U);
    BOOST_TEST(!requests[0]["headers"].contains("authorization"), requests[0].dump());
}

BOOST_AUTO_TEST_CASE(a_key_with_control_characters_is_refused_and_nothing_is_stored) {
    FakeProvider server;
    CliHarness cli;
    BOOST_REQUIRE(
        cli.run({"provider", "add", "p", "--kind", "openai", "--base-url", server.origin() + "/v1"}).exit_code == 0);
    for (const std::string& bad : {kKey + "\r\nX-A: b", kKey + "\nX-A: b", std::string("sk-a\0b-cdefghijkl", 17),
                                  std::string("sk-tab\there-0123456789"), std::string("sk-del\x7f-0123456789"),
                                   std::string("sk-esc\x1b[2J-0123456789")}) {
        const auto refused = cli.run({"key", "set", "p"}, bad);
        BOOST_TEST(refused.exit_code == 2, refused.err);
        BOOST_TEST(refused.err.find("control character") != std::string::npos, refused.err);
        BOOST_TEST(refused.err.find("sk-") == std::string::npos, refused.err);
    }
    BOOST_TEST(cli.run_json({"key", "status", "p", "--json"})["source"] == "missing");
    BOOST_TEST(cli.run({"chat", "-p", "p", "hello"}).exit_code == 2);
    BOOST_TEST(server.requests().empty());
    // The newline a shell adds at the end is not part of the key.
    BOOST_TEST(cli.run({"key", "set", "p"}, kKey + "\r\n").exit_code == 0);
}

BOOST_AUTO_TEST_CASE(page_tokens_and_deployment_names_reach_the_server_percent_encoded) {
    const std::string token = "next page\r\nX-A: b?x=1#f&y";
    const std::string encoded = "next%20page%0D%0AX-A%3A%20b%3Fx%3D1%23f%26y";
    FakeProvider server({"--page-token", token});
    CliHarness cli;
    BOOST_REQUIRE(
        cli.run({"provider", "add", "claude", "--kind", "anthropic", "--base-url", server.origin()}).exit_code == 0);
    BOOST_REQUIRE(cli.run({"provider", "add", "gem", "--kind", "gemini", "--base-url", server.origin()}).exit_code ==
                  0);
    BOOST_REQUIRE(cli.run({"key", "set", "claude"}, kKey).exit_code == 0);
    BOOST_REQUIRE(cli.run({"key", "set", "gem"}, kKey).exit_code == 0);

    const auto claude = cli.run_json({"provider", "models", "claude", "--json"});
    BOOST_TEST(claude.size() == 3U, claude.dump());
    BOOST_TEST(server.requests().back()["query"] == "limit=1000&after_id=" + encoded);
    const auto gemini = cli.run_json({"provider", "models", "gem", "--json"});
    BOOST_TEST(gemini.size() == 2U, gemini.dump());  // the embedding model is left out
    BOOST_TEST(server.requests().back()["query"] == "pageSize=1000&pageToken=" + encoded);
    for (const auto& request : server.requests()) BOOST_TEST(!request["headers"].contains("x-a"));

    // A deployment or model name (from settings or an imported archive)
    // stays inside its path segment: nothing of it becomes query, fragment,
    // request line or header.
    BOOST_REQUIRE(cli.run({"provider", "add", "az", "--preset", "azure", "--base-url", server.origin()}).exit_code ==
                  0);
    BOOST_REQUIRE(cli.run({"key", "set", "az"}, kKey).exit_code == 0);
    const std::string name = "my dep?x#y\r\nX-A: b";
    cli.run({"chat", "-p", "az", "-m", name, "hello"});
    auto request = server.requests().back();
    BOOST_TEST(decoded(request["path"]) == "/openai/deployments/" + name + "/chat/completions");
    BOOST_TEST(request["query"] == "api-version=2024-10-21");
    BOOST_TEST(!request["headers"].contains("x-a"));
    cli.run({"chat", "-p", "gem", "-m", name, "hello"});
    request = server.requests().back();
    BOOST_TEST(decoded(request["path"]) == "/v1beta/models/" + name + ":streamGenerateContent");
    BOOST_TEST(request["query"] == "alt=sse");
    BOOST_TEST(!request["headers"].contains("x-a"));
}

BOOST_AUTO_TEST_CASE(a_running_cli_cannot_dump_core_and_holds_no_passphrase_in_its_environment) {
    FakeProvider server;
    CliHarness cli;
    no_secret_service(cli);
    cli.env()["PARLEY_VAULT_PASSPHRASE"] = kPassphrase;
    BOOST_REQUIRE(cli.run({"provider", "add", "p", "--kind", "openai", "--base-url", server.origin() + "/v1", "--model",
                           "m+stall"})
                      .exit_code == 0);
    BOOST_REQUIRE(cli.run({"key", "set", "p", "--store", "file"}, kKey).exit_code == 0);

    // Run as another user when root: /proc/PID/status then belongs to root
    // only if the process is not dumpable, which is what tells the two apart.
    const bool root = ::geteuid() == 0;
    std::string program = cli_path();
    std::vector<std::string> args = {"chat", "-p", "p", "hello"};
    if (root) {
        BOOST_REQUIRE(run_process("/bin/chown", {"-R", "65534:65534", cli.home().string()}).exit_code == 0);
        args.insert(args.begin(), {"--reuid=65534", "--regid=65534", "--clear-groups", "--", program});
        program = "/usr/bin/setpriv";
    }
    ChildProcess chat(program, args, cli.env());
    BOOST_REQUIRE(chat.wait_for_stdout(1));  // the first delta: the key was read, the request is open
    const std::string proc = "/proc/" + std::to_string(chat.pid());

    const std::string limits = read_text(proc + "/limits");
    struct stat owner {};
    BOOST_REQUIRE(::stat((proc + "/status").c_str(), &owner) == 0);
#if PARLEY_PROCESS_HARDENED
    BOOST_TEST(std::regex_search(limits, std::regex("Max core file size +0 +0 ")), limits);
    BOOST_TEST(owner.st_uid == 0U);  // not dumpable: no core file, no ptrace attach
    BOOST_TEST(owner.st_uid != (root ? 65534U : ::getuid()));
#else
    BOOST_TEST_MESSAGE("built without PARLEY_HARDEN_PROCESS: core dumps stay possible (" << owner.st_uid << ")");
#endif
    if (root) {
        const std::string environ = read_text(proc + "/environ");
        BOOST_TEST(environ.find("PARLEY_HOME=") != std::string::npos);  // the file was readable
        BOOST_TEST(environ.find("PARLEY_VAULT_PASSPHRASE") == std::string::npos);
        BOOST_TEST(environ.find(kPassphrase) == std::string::npos);
    }
    chat.send_signal(SIGTERM);
    BOOST_TEST(chat.wait() == 5);
}

BOOST_AUTO_TEST_CASE(the_proxy_password_lives_in_the_credential_store_and_is_never_printed) {
    FakeProvider server;
    RecordingProxy proxy;
    CliHarness cli;
    BOOST_REQUIRE(
        cli.run({"provider", "add", "p", "--kind", "openai", "--base-url", server.origin() + "/v1"}).exit_code == 0);
    BOOST_REQUIRE(cli.run({"key", "set", "p"}, kKey).exit_code == 0);
    const std::string host = proxy.url().substr(7);  // 127.0.0.1:PORT
    const auto set = cli.run({"config", "set", "network.proxy", "http://alice:pr0xy%21secret@" + host});
    BOOST_REQUIRE_MESSAGE(set.exit_code == 0, set.err);

    BOOST_TEST(read_settings(cli)["config"]["network.proxy"] == "http://alice@" + host);
    BOOST_TEST(cli.all_profile_bytes().find("pr0xy") == std::string::npos);
    BOOST_TEST(cli.run({"config", "get", "network.proxy"}).out == "http://alice@" + host + "\n");
    BOOST_TEST(cli.run({"config", "list"}).out.find("pr0xy") == std::string::npos);

    // Joined again only for the proxy: it gets the Basic credentials.
    BOOST_TEST(cli.run({"chat", "-p", "p", "hello"}).exit_code == 0);
    BOOST_TEST_REQUIRE(proxy.requests().size() == 1U);
    BOOST_TEST(proxy.requests()[0]["proxy_authorization"] == "Basic YWxpY2U6cHIweHkhc2VjcmV0");  // alice:pr0xy!secret
    BOOST_TEST(server.requests().back()["headers"].contains("proxy-authorization") == false);

    // A password written into settings.json by hand is masked when shown.
    auto settings = read_settings(cli);
    settings["config"]["network.proxy"] = "http://bob:hand-written@" + host;
    write_settings(cli, settings);
    BOOST_TEST(cli.run({"config", "get", "network.proxy"}).out == "http://bob:****@" + host + "\n");
    BOOST_TEST(cli.run({"config", "list"}).out.find("hand-written") == std::string::npos);

    // A proxy URL without a password forgets the stored one.
    BOOST_REQUIRE(cli.run({"config", "set", "network.proxy", "http://alice@" + host}).exit_code == 0);
    BOOST_TEST(cli.run({"chat", "-p", "p", "again"}).exit_code == 0);
    BOOST_TEST(proxy.requests().back()["proxy_authorization"] == "Basic YWxpY2U6");
}

BOOST_AUTO_TEST_CASE(settings_and_vault_writes_are_private_from_creation_and_synced_before_and_after_the_rename) {
    CliHarness cli;
    no_secret_service(cli);
    cli.env()["PARLEY_VAULT_PASSPHRASE"] = kPassphrase;
    BOOST_REQUIRE(cli.run({"provider", "add", "p", "--kind", "openai"}).exit_code == 0);
    for (const auto& [args, file] : std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"config", "set", "chat.system_prompt", "be brief"}, "settings.json"},
             {{"key", "set", "p", "--store", "file"}, "keys.vault"}}) {
        std::vector<std::string> traced = {"-e", "trace=openat,fsync,rename,renameat,renameat2", "-o",
                                           (cli.home() / "trace.txt").string(), cli_path()};
        traced.insert(traced.end(), args.begin(), args.end());
        const auto result = run_process("/usr/bin/strace", traced, args[0] == "key" ? kKey : "", cli.env());
        BOOST_REQUIRE_MESSAGE(result.exit_code == 0, result.err);
        const std::string trace = read_text(cli.home() / "trace.txt");
        std::smatch created;
        BOOST_REQUIRE_MESSAGE(std::regex_search(trace, created,
                                                std::regex("openat\\(AT_FDCWD, \"([^\"]*/" + file +
                                                           "\\.tmp-[0-9a-f]+)\", ([A-Z_|]+), 0600\\) = ([0-9]+)")),
                              trace);
        const std::string temp = created[1], flags = created[2], fd = created[3];
        BOOST_TEST(flags.find("O_CREAT") != std::string::npos);
        BOOST_TEST(flags.find("O_EXCL") != std::string::npos);
        const auto after_create = trace.substr(static_cast<std::size_t>(created.position(0)));
        const auto synced = after_create.find("fsync(" + fd + ")");
        std::size_t renamed = std::string::npos;
        for (std::size_t line = 0; line < after_create.size(); line = after_create.find('\n', line) + 1) {
            if (after_create.compare(line, 6, "rename") == 0 &&
                after_create.substr(line, after_create.find('\n', line) - line).find(temp) != std::string::npos) {
                renamed = line;
                break;
            }
            if (after_create.find('\n', line) == std::string::npos) break;
        }
        BOOST_TEST_REQUIRE(synced != std::string::npos, trace);
        BOOST_TEST_REQUIRE(renamed != std::string::npos, trace);
        BOOST_TEST(synced < renamed);
        // Then the directory, so the rename itself survives a power cut.
        std::smatch directory;
        const std::string after_rename = after_create.substr(renamed);
        BOOST_REQUIRE_MESSAGE(
            std::regex_search(after_rename, directory, std::regex("openat\\([^\n]*O_DIRECTORY[^\n]*\\) = ([0-9]+)")),
            after_rename);
        const auto directory_synced = after_rename.find("fsync(" + directory[1].str() + ")",
                                                        static_cast<std::size_t>(directory.position(0)));
        BOOST_TEST_REQUIRE(directory_synced != std::string::npos, after_rename);
        const auto line_end = after_rename.find('\n', directory_synced);
        BOOST_TEST(after_rename.substr(directory_synced, line_end - directory_synced).ends_with("= 0"));
    }
}

BOOST_AUTO_TEST_CASE(two_processes_storing_keys_at_once_lose_neither) {
    CliHarness cli;
    no_secret_service(cli);
    cli.env()["PARLEY_VAULT_PASSPHRASE"] = kPassphrase;
    constexpr int rounds = 4;
    for (int round = 0; round < rounds; ++round) {
        const std::string a = "a" + std::to_string(round), b = "b" + std::to_string(round);
        for (const auto& id : {a, b}) {
            BOOST_REQUIRE(cli.run({"provider", "add", id, "--kind", "openai"}).exit_code == 0);
        }
        auto first = cli.start({"key", "set", a, "--store", "file"});
        auto second = cli.start({"key", "set", b, "--store", "file"});
        first->write_stdin(kKey + a);
        second->write_stdin(kKey + b);
        first->close_stdin();
        second->close_stdin();
        BOOST_TEST_REQUIRE(first->wait() == 0, first->err());
        BOOST_TEST_REQUIRE(second->wait() == 0, second->err());
    }
    const auto status = cli.run_json({"key", "status", "--json"});
    BOOST_TEST_REQUIRE(status.size() == 2U * rounds);
    for (const auto& row : status) BOOST_TEST(row["source"] == "file-vault", row.dump());
    // New vaults get the stronger scrypt cost (N = 2^17).
    BOOST_TEST(int(read_text(cli.home() / "data" / "keys.vault").at(12)) == 17);
}

BOOST_AUTO_TEST_SUITE_END()
