// Every provider kind through the real binary: model listing, the probe,
// request shapes (system prompt, history, images, sampling), usage and cost
// saved with the reply, TLS verification and proxies.
#include "cli-harness.h"
#include "fake-provider.h"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace parley::test;

namespace {

const std::string kKey = "sk-provider-cli-test-0123456789abcdef";

struct Kind {
    std::string name;
    std::string base_suffix;
};
const Kind kKinds[] = {{"openai", "/v1"}, {"anthropic", ""}, {"gemini", ""}};

void add(CliHarness& cli, const std::string& id, const std::string& kind, const std::string& base,
         const std::string& model = "m") {
    const auto added = cli.run({"provider", "add", id, "--kind", kind, "--base-url", base, "--model", model});
    BOOST_TEST_REQUIRE(added.exit_code == 0, added.err);
    const auto stored = cli.run({"key", "set", id}, kKey);
    BOOST_TEST_REQUIRE(stored.exit_code == 0, stored.err);
}

std::filesystem::path write_bytes(const CliHarness& cli, const std::string& name, const std::string& bytes) {
    const auto path = cli.home() / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

const std::string kPng = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + "png-body";
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0\0\x10JFIF", 10) + "jpeg-body";
// base64 of the bytes above, as each provider must receive them.
const std::string kPngBase64 = "iVBORw0KGgoAAAANSUhEUnBuZy1ib2R5";
const std::string kJpegBase64 = "/9j/4AAQSkZJRmpwZWctYm9keQ==";

}  // namespace

BOOST_AUTO_TEST_SUITE(provider_commands)

BOOST_AUTO_TEST_CASE(models_are_listed_from_each_kinds_api_across_pages) {
    FakeProvider server;
    CliHarness cli;
    for (const auto& kind : kKinds) add(cli, kind.name, kind.name, server.origin() + kind.base_suffix);
    const auto openai = cli.run_json({"provider", "models", "openai", "--json"});
    BOOST_TEST(openai.size() == 4U);
    const auto anthropic = cli.run_json({"provider", "models", "anthropic", "--json"});
    BOOST_TEST(anthropic == nlohmann::json({"claude-3-5-haiku-latest", "claude-opus-4-1", "claude-sonnet-4-5"}));
    // Gemini: two pages, ids without "models/", embedding models left out.
    const auto gemini = cli.run_json({"provider", "models", "gemini", "--json"});
    BOOST_TEST(gemini == nlohmann::json({"gemini-2.5-flash", "gemini-2.5-pro"}));
    const auto plain = cli.run({"provider", "models", "anthropic"});
    BOOST_TEST(plain.out == "claude-3-5-haiku-latest\nclaude-opus-4-1\nclaude-sonnet-4-5\n");
}

BOOST_AUTO_TEST_CASE(provider_test_reports_ok_or_the_exact_error) {
    FakeProvider server;
    CliHarness cli;
    for (const auto& kind : kKinds) {
        add(cli, kind.name, kind.name, server.origin() + kind.base_suffix);
        const auto ok = cli.run({"provider", "test", kind.name});
        BOOST_TEST(ok.exit_code == 0, ok.err);
        BOOST_TEST(ok.out.starts_with("ok: " + kind.name + " ("), ok.out);
        const auto missing = cli.run({"provider", "test", kind.name, "-m", "no-such-model+status404"});
        BOOST_TEST(missing.exit_code == 3);
        BOOST_TEST(missing.err.find(kind.name + " (") != std::string::npos, missing.err);
        BOOST_TEST(missing.err.find("HTTP 404") != std::string::npos, missing.err);
        BOOST_TEST(missing.err.find("no-such-model") != std::string::npos, missing.err);
        BOOST_TEST(std::count(missing.err.begin(), missing.err.end(), '\n') == 1, missing.err);
    }
}

BOOST_AUTO_TEST_CASE(requests_carry_system_prompt_history_images_and_sampling_in_each_providers_shape) {
    FakeProvider server;
    CliHarness cli;
    const auto png = write_bytes(cli, "cat.png", kPng);
    const auto jpeg = write_bytes(cli, "dog.jpg", kJpeg);
    for (const auto& kind : kKinds) {
        add(cli, kind.name, kind.name, server.origin() + kind.base_suffix);
        BOOST_REQUIRE(cli.run({"chat", "-p", kind.name, "-s", "Be brief.", "first"}).exit_code == 0);
        const auto second = cli.run({"chat", "-p", kind.name, "--continue", "--temperature", "0.5", "--max-tokens",
                                     "100", "--attach", png.string(), "--attach", jpeg.string(), "what are these?"});
        BOOST_REQUIRE_MESSAGE(second.exit_code == 0, second.err);
        const auto first_body = server.requests().at(server.requests().size() - 2)["body"];
        const auto body = server.requests().back()["body"];
        if (kind.name == "openai") {
            BOOST_TEST(body["messages"][0] == nlohmann::json({{"role", "system"}, {"content", "Be brief."}}));
            BOOST_TEST(body["messages"][1]["content"] == "first");
            BOOST_TEST(body["messages"][2]["role"] == "assistant");
            const auto& parts = body["messages"][3]["content"];
            BOOST_TEST(parts[0] == nlohmann::json({{"type", "text"}, {"text", "what are these?"}}));
            BOOST_TEST(parts[1]["image_url"]["url"] == "data:image/png;base64," + kPngBase64);
            BOOST_TEST(parts[2]["image_url"]["url"] == "data:image/jpeg;base64," + kJpegBase64);
            BOOST_TEST(body["temperature"] == 0.5);
            BOOST_TEST(body["max_completion_tokens"] == 100);
            BOOST_TEST(body["stream_options"]["include_usage"] == true);
        } else if (kind.name == "anthropic") {
            BOOST_TEST(body["system"] == "Be brief.");
            BOOST_TEST(body["messages"].size() == 3U);
            const auto& blocks = body["messages"][2]["content"];
            const auto image = std::find_if(blocks.begin(), blocks.end(), [](const auto& b) { return b["type"] == "image"; });
            BOOST_REQUIRE(image != blocks.end());
            BOOST_TEST((*image)["source"] == nlohmann::json({{"type", "base64"}, {"media_type", "image/png"}, {"data", kPngBase64}}));
            BOOST_TEST(body["max_tokens"] == 100);
            BOOST_TEST(first_body["max_tokens"].is_number_integer());  // required: a default when none is given
            BOOST_TEST(body["temperature"] == 0.5);
            BOOST_TEST(server.requests().back()["headers"]["anthropic-version"] == "2023-06-01");
        } else {
            BOOST_TEST(body["systemInstruction"]["parts"][0]["text"] == "Be brief.");
            BOOST_TEST(body["contents"][1]["role"] == "model");
            const auto& parts = body["contents"][2]["parts"];
            const auto inline_part = std::find_if(parts.begin(), parts.end(), [](const auto& p) { return p.contains("inlineData"); });
            BOOST_REQUIRE(inline_part != parts.end());
            BOOST_TEST((*inline_part)["inlineData"] == nlohmann::json({{"mimeType", "image/png"}, {"data", kPngBase64}}));
            BOOST_TEST(body["generationConfig"]["maxOutputTokens"] == 100);
            BOOST_TEST(server.requests().back()["query"] == "alt=sse");
        }
    }
    const auto not_an_image = write_bytes(cli, "notes.txt", "plain text");
    const auto refused = cli.run({"chat", "-p", "openai", "--attach", not_an_image.string(), "look"});
    BOOST_TEST(refused.exit_code == 2);
    BOOST_TEST(refused.err.find("notes.txt") != std::string::npos, refused.err);
}

BOOST_AUTO_TEST_CASE(usage_finish_reason_and_cost_are_saved_with_the_reply) {
    FakeProvider server;
    CliHarness cli;
    add(cli, "p", "openai", server.origin() + "/v1", "gpt-4o-mini");
    const auto chat = cli.run_json({"chat", "--json", "hello"});
    BOOST_TEST(chat["finish_reason"] == "stop");
    const auto reply = cli.run_json({"history", "show", "1", "--json"})["messages"][1];
    const long long in = reply["usage"]["input_tokens"];
    const long long out = reply["usage"]["output_tokens"];
    BOOST_TEST(in > 0);
    BOOST_TEST(out > 0);
    BOOST_TEST(reply["finish_reason"] == "stop");
    BOOST_TEST(reply["cost_usd"].get<double>() == (in * 0.15 + out * 0.60) / 1e6, boost::test_tools::tolerance(1e-12));
    // A reply cut by max tokens says so.
    const auto cut = cli.run_json({"chat", "--json", "--max-tokens", "2", "hello"});
    BOOST_TEST(cut["finish_reason"] == "length");
}

BOOST_AUTO_TEST_CASE(azure_uses_its_header_deployment_url_and_api_version) {
    FakeProvider server;
    CliHarness cli;
    const auto added = cli.run({"provider", "add", "az", "--preset", "azure", "--base-url", server.origin(), "--model",
                                "my-deployment", "--api-version", "2024-10-21"});
    BOOST_TEST_REQUIRE(added.exit_code == 0, added.err);
    BOOST_REQUIRE(cli.run({"key", "set", "az"}, kKey).exit_code == 0);
    const auto chat = cli.run({"chat", "-p", "az", "hello"});
    BOOST_TEST(chat.exit_code == 0, chat.err);
    const auto request = server.requests().back();
    BOOST_TEST(request["path"] == "/openai/deployments/my-deployment/chat/completions");
    BOOST_TEST(request["query"] == "api-version=2024-10-21");
    BOOST_TEST(request["headers"]["api-key"] == kKey);
    BOOST_TEST(!request["headers"].contains("authorization"));
}

BOOST_AUTO_TEST_CASE(tls_refuses_untrusted_certificates_and_trusts_network_ca_file) {
    TempDir certs;
    BOOST_REQUIRE(run_process("/bin/bash", {PARLEY_SOURCE_DIR "/tests/fakes/make-test-certs.sh", certs.path().string()})
                      .exit_code == 0);
    FakeProvider good({"--tls-cert", (certs / "good.pem").string(), "--tls-key", (certs / "good.key").string()});
    FakeProvider self_signed(
        {"--tls-cert", (certs / "selfsigned.pem").string(), "--tls-key", (certs / "selfsigned.key").string()});
    CliHarness cli;
    add(cli, "good", "openai", "https://127.0.0.1:" + std::to_string(good.port()) + "/v1");
    add(cli, "self", "openai", "https://127.0.0.1:" + std::to_string(self_signed.port()) + "/v1");

    const auto untrusted = cli.run({"chat", "-p", "good", "hello"});
    BOOST_TEST(untrusted.exit_code == 4);
    BOOST_TEST(untrusted.err.find("certificate") != std::string::npos, untrusted.err);
    BOOST_TEST(good.requests().empty());

    BOOST_REQUIRE(cli.run({"config", "set", "network.ca_file", (certs / "ca.pem").string()}).exit_code == 0);
    const auto trusted = cli.run({"chat", "-p", "good", "hello"});
    BOOST_TEST(trusted.exit_code == 0, trusted.err);
    const auto still_untrusted = cli.run({"chat", "-p", "self", "hello"});
    BOOST_TEST(still_untrusted.exit_code == 4);
    BOOST_TEST(still_untrusted.err.find("certificate") != std::string::npos, still_untrusted.err);
}

BOOST_AUTO_TEST_CASE(proxies_come_from_settings_or_the_usual_environment_variables) {
    FakeProvider server;
    TempDir dir;
    ChildProcess proxy(fake_proxy_path(), {"--port", "0", "--record", (dir / "proxy.jsonl").string()});
    const std::string proxy_url = "http://127.0.0.1:" + proxy.first_stdout_line();
    auto proxied_requests = [&] {
        std::ifstream in(dir / "proxy.jsonl");
        std::size_t lines = 0;
        for (std::string line; std::getline(in, line);) ++lines;
        return lines;
    };
    CliHarness cli;
    add(cli, "p", "openai", server.origin() + "/v1");

    cli.env()["HTTP_PROXY"] = proxy_url;
    BOOST_TEST(cli.run({"chat", "via env"}).exit_code == 0);
    BOOST_TEST(proxied_requests() == 1U);

    cli.env()["NO_PROXY"] = "127.0.0.1";
    BOOST_TEST(cli.run({"chat", "bypassing"}).exit_code == 0);
    BOOST_TEST(proxied_requests() == 1U);

    cli.env().erase("HTTP_PROXY");
    cli.env().erase("NO_PROXY");
    BOOST_REQUIRE(cli.run({"config", "set", "network.proxy", proxy_url}).exit_code == 0);
    BOOST_TEST(cli.run({"chat", "via settings"}).exit_code == 0);
    BOOST_TEST(proxied_requests() == 2U);
    BOOST_TEST(server.requests().size() == 3U);
}

BOOST_AUTO_TEST_SUITE_END()
