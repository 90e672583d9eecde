#include "providers/anthropic-wire-format.h"
#include "recording-sink.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace parley;
using parley::test::RecordingSink;

namespace {

// Captured (anthropic-sdk-python inline snapshot, claude-sonnet-4-5), with
// the padding before the closing braces kept byte for byte.
const std::string kCaptured =
    "event: message_start\n"
    R"(data: {"type":"message_start","message":{"model":"claude-sonnet-4-5-20250929","id":"msg_013","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":135,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1,"service_tier":"standard"}}   })"
    "\n\nevent: content_block_start\n"
    R"(data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}     })"
    "\n\nevent: ping\n"
    R"(data: {"type": "ping"})"
    "\n\nevent: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"["}             })"
    "\n\nevent: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"12"}   })"
    "\n\nevent: content_block_delta\n"
    R"(data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"345,67890]"}    })"
    "\n\nevent: content_block_stop\n"
    R"(data: {"type":"content_block_stop","index":0        })"
    "\n\nevent: message_delta\n"
    R"(data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":135,"output_tokens":10}             })"
    "\n\nevent: message_stop\n"
    R"(data: {"type":"message_stop"              })"
    "\n\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(anthropic_wire_format)

BOOST_AUTO_TEST_CASE(captured_padded_stream_decodes_at_any_split) {
    for (std::size_t piece : {std::size_t{1}, std::size_t{5}, std::size_t{4096}}) {
        RecordingSink sink;
        auto decoder = AnthropicWireFormat().stream_decoder(sink);
        for (std::size_t i = 0; i < kCaptured.size(); i += piece) decoder->feed(std::string_view(kCaptured).substr(i, piece));
        decoder->finish();
        BOOST_TEST(sink.text() == "[12345,67890]");
        BOOST_TEST(decoder->result().finish_reason == "end_turn");
        BOOST_TEST(decoder->result().usage.input_tokens == 135);
        BOOST_TEST(decoder->result().usage.output_tokens == 10);
    }
}

BOOST_AUTO_TEST_CASE(missing_message_stop_is_not_success) {
    RecordingSink sink;
    auto decoder = AnthropicWireFormat().stream_decoder(sink);
    decoder->feed(kCaptured.substr(0, kCaptured.find("event: message_stop")));
    BOOST_CHECK_THROW(decoder->finish(), ProviderError);
}

BOOST_AUTO_TEST_CASE(error_event_is_refused_with_type_and_message) {
    RecordingSink sink;
    auto decoder = AnthropicWireFormat().stream_decoder(sink);
    decoder->feed(kCaptured.substr(0, kCaptured.find("event: content_block_delta")));
    try {
        decoder->feed("event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n");
        BOOST_FAIL("error event ignored");
    } catch (const ProviderError& e) {
        BOOST_TEST(std::string(e.what()).find("overloaded_error: Overloaded") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(thinking_deltas_are_kept_apart_and_unknown_events_ignored) {
    RecordingSink sink;
    auto decoder = AnthropicWireFormat().stream_decoder(sink);
    decoder->feed("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"
                  "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}\n\n"
                  "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"abc\"}}\n\n"
                  "event: brand_new_event\ndata: {\"type\":\"brand_new_event\"}\n\n"
                  "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
                  "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"output_tokens\":7}}\n\n"
                  "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    decoder->finish();
    BOOST_TEST(sink.text() == "Hi");
    BOOST_TEST(sink.reasoning() == "hmm");
    BOOST_TEST(decoder->result().finish_reason == "max_tokens");
}

BOOST_AUTO_TEST_CASE(request_uses_top_level_system_required_max_tokens_and_headers) {
    ProviderProfile profile;
    profile.id = "a";
    profile.kind = ProviderKind::anthropic;
    ChatRequest request;
    request.model = "claude-sonnet-4-5";
    request.system = "You are terse.";
    request.turns = {{Role::user, "Look", {{"image/webp", "RIFFxxxxWEBP", "i.webp"}}}};
    const auto http = AnthropicWireFormat().chat_request(profile, request, "sk-ant-x");
    BOOST_TEST(http.url == "https://api.anthropic.com/v1/messages");
    const auto body = nlohmann::json::parse(http.body);
    BOOST_TEST(body["system"] == "You are terse.");
    BOOST_TEST(body["max_tokens"] == anthropic_default_max_tokens("claude-sonnet-4-5"));
    BOOST_TEST(body["messages"][0]["content"][0]["source"]["media_type"] == "image/webp");
    BOOST_TEST(body["messages"][0]["content"][1]["text"] == "Look");
    int found = 0;
    for (const auto& [name, value] : http.headers) {
        if (name == "x-api-key" && value == "sk-ant-x") ++found;
        if (name == "anthropic-version" && value == "2023-06-01") ++found;
    }
    BOOST_TEST(found == 2);
}

BOOST_AUTO_TEST_CASE(overloaded_529_is_retryable_and_spend_limit_429_is_not) {
    HttpResponseHead head;
    const auto overloaded = AnthropicWireFormat().http_error(
        529, head, R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
    BOOST_TEST(overloaded.retryable());
    BOOST_TEST(overloaded.http_status() == 529);
    const auto spent = AnthropicWireFormat().http_error(
        429, head,
        R"({"type":"error","error":{"type":"rate_limit_error","message":"limit","details":{"error_code":"enforced_spend_limit_reached"}}})");
    BOOST_TEST(!spent.retryable());
}

BOOST_AUTO_TEST_CASE(content_deltas_of_every_shape_decode_as_the_general_path_reads_them) {
    struct Case {
        std::string event;
        std::string text;
        std::string reasoning;
    };
    const std::vector<Case> cases = {
        {"event: content_block_delta\ndata: "
         "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi \\u00e9\"}}",
         "hi \xC3\xA9", ""},
        // No event: line: the payload's type decides.
        {"data: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"bare\"}}", "bare", ""},
        {"data: {\"type\":\"ping\",\"delta\":{\"type\":\"text_delta\",\"text\":\"not a delta\"}}", "", ""},
        // nlohmann keeps the last of duplicate fields.
        {"event: content_block_delta\ndata: {\"delta\":{\"type\":\"text_delta\",\"text\":\"first\",\"text\":\"last\"}}",
         "last", ""},
        {"data: {\"type\":\"ping\",\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"dup "
         "type\"}}",
         "dup type", ""},
        {"event: content_block_delta\ndata: "
         "{\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\",\"text\":\"no\"}}",
         "", "hmm"},
        {"event: content_block_delta\ndata: {\"delta\":{\"type\":\"text_delta\",\"text\":5}}", "", ""},
        {"event: content_block_delta\ndata: {\"delta\":\"text_delta\"}", "", ""},
        {"event: content_block_delta\ndata: "
         "{\"created\":123456789012345678901234567890,\"delta\":{\"type\":\"text_delta\",\"text\":\"big\"}}",
         "big", ""},
    };
    for (const auto& c : cases) {
        RecordingSink sink;
        auto decoder = AnthropicWireFormat().stream_decoder(sink);
        decoder->feed(c.event + "\n\n");
        BOOST_TEST_CONTEXT(c.event) {
            BOOST_TEST(sink.text() == c.text);
            BOOST_TEST(sink.reasoning() == c.reasoning);
        }
    }
    for (const std::string bad : {"{\"delta\":{\"type\":\"text_delta\",\"text\":\"\\ud800\"}}",
                                  "{\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}} trailing"}) {
        RecordingSink sink;
        auto decoder = AnthropicWireFormat().stream_decoder(sink);
        BOOST_CHECK_THROW(decoder->feed("event: content_block_delta\ndata: " + bad + "\n\n"), ProviderError);
        BOOST_TEST(sink.text().empty());
    }
}

BOOST_AUTO_TEST_SUITE_END()
