// The walking skeleton end to end, through the real binary: provider add,
// key set into a real gnome-keyring, a streamed chat against a loopback
// server speaking OpenAI's wire format, and the history it leaves behind.
#include "cli-harness.h"
#include "fake-provider.h"
#include "parley-version.h"

#include <boost/test/unit_test.hpp>

using namespace parley::test;

namespace {
const std::string kKey = "sk-thinpath-0123456789abcdefXYZ";
}

BOOST_AUTO_TEST_SUITE(thin_path)

BOOST_AUTO_TEST_CASE(add_key_chat_and_history_work_exactly_as_documented) {
    FakeProvider server({"--key", kKey});
    CliHarness cli;
    auto added = cli.run({"provider", "add", "local", "--kind", "openai-compatible", "--base-url",
                          server.origin() + "/v1", "--model", "some-model"});
    BOOST_TEST_REQUIRE(added.exit_code == 0, added.err);

    auto stored = cli.run({"key", "set", "local"}, kKey);
    BOOST_TEST_REQUIRE(stored.exit_code == 0, stored.err);

    auto chat = cli.run({"chat", "-p", "local", "hello"});
    BOOST_TEST_REQUIRE(chat.exit_code == 0, chat.err);
    BOOST_TEST(chat.out == "Hello! This is a reply from the fake provider.\n");

    // The request: OpenAI streaming format with the key in the bearer header.
    const auto requests = server.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1U);
    BOOST_TEST(requests[0]["path"] == "/v1/chat/completions");
    BOOST_TEST(requests[0]["headers"]["authorization"] == "Bearer " + kKey);
    BOOST_TEST(requests[0]["body"]["stream"] == true);
    BOOST_TEST(requests[0]["body"]["model"] == "some-model");
    BOOST_TEST(requests[0]["body"]["messages"].back()["content"] == "hello");

    const auto list = cli.run_json({"history", "list", "--json"});
    BOOST_REQUIRE_EQUAL(list.size(), 1U);
    BOOST_TEST(list[0]["title"] == "hello");
    const auto id = list[0]["id"].get<long long>();

    const auto show = cli.run_json({"history", "show", std::to_string(id), "--json"});
    BOOST_TEST(show["id"] == id);
    BOOST_REQUIRE_EQUAL(show["messages"].size(), 2U);
    const auto& user = show["messages"][0];
    const auto& reply = show["messages"][1];
    BOOST_TEST(user["role"] == "user");
    BOOST_TEST(user["content"] == "hello");
    BOOST_TEST(user["parent_id"].is_null());
    BOOST_TEST(reply["role"] == "assistant");
    BOOST_TEST(reply["content"] == "Hello! This is a reply from the fake provider.");
    BOOST_TEST(reply["status"] == "complete");
    BOOST_TEST(reply["parent_id"] == user["id"]);
    BOOST_TEST(reply["provider"] == "local");
    BOOST_TEST(reply["model"] == "some-model");
    BOOST_TEST(reply["usage"]["output_tokens"].is_number());
    for (const char* field : {"id", "parent_id", "role", "content", "status", "provider", "model", "usage", "created_at"}) {
        BOOST_TEST(reply.contains(field), field);
    }
    BOOST_TEST(cli.all_profile_bytes().find(kKey) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_chat_prints_one_object_with_the_documented_fields) {
    FakeProvider server;
    CliHarness cli;
    cli.run({"provider", "add", "local", "--kind", "openai-compatible", "--base-url", server.origin() + "/v1",
             "--model", "m"});
    cli.run({"key", "set", "local"}, "sk-json-test-key-000000000000");
    const auto first = cli.run_json({"chat", "--json", "first question"});
    for (const char* field : {"conversation_id", "message_id", "text", "status", "finish_reason", "provider", "model",
                              "usage"}) {
        BOOST_TEST(first.contains(field), field);
    }
    BOOST_TEST(first["status"] == "complete");
    BOOST_TEST(first["finish_reason"] == "stop");
    BOOST_TEST(first["usage"]["input_tokens"].is_number());

    // --continue sends the earlier turns as history.
    const auto second = cli.run_json({"chat", "--json", "--continue", "-m", "m+echo", "follow up"});
    BOOST_TEST(second["conversation_id"] == first["conversation_id"]);
    BOOST_TEST(second["text"] == "You said: follow up");
    const auto requests = server.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2U);
    const auto& messages = requests[1]["body"]["messages"];
    BOOST_REQUIRE_EQUAL(messages.size(), 3U);
    BOOST_TEST(messages[0]["content"] == "first question");
    BOOST_TEST(messages[1]["role"] == "assistant");
}

BOOST_AUTO_TEST_CASE(version_is_printed) {
    CliHarness cli;
    const auto result = cli.run({"--version"});
    BOOST_TEST(result.exit_code == 0);
    BOOST_TEST(result.out.starts_with("parley-cli " PARLEY_VERSION));
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2_with_one_clear_line) {
    CliHarness cli;
    const auto unknown = cli.run({"frobnicate"});
    BOOST_TEST(unknown.exit_code == 2);
    BOOST_TEST(unknown.err.find("unknown command: frobnicate") != std::string::npos);
    const auto no_provider = cli.run({"chat", "hi"});
    BOOST_TEST(no_provider.exit_code == 2);
    BOOST_TEST(no_provider.err.find("no provider configured") != std::string::npos);
    const auto bad_kind = cli.run({"provider", "add", "x", "--kind", "nope"});
    BOOST_TEST(bad_kind.exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()
