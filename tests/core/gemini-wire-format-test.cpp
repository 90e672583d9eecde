#include "providers/gemini-wire-format.h"
#include "recording-sink.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace parley;
using parley::test::RecordingSink;

namespace {

// Captured gemini-2.0-flash stream (vercel/ai#5217), with Google's CRLF framing.
const std::string kCaptured =
    R"(data: {"candidates": [{"content": {"parts": [{"text": "Okay"}],"role": "model"}}],"usageMetadata": {"promptTokenCount": 2304,"totalTokenCount": 2304},"modelVersion": "gemini-2.0-flash"})"
    "\r\n\r\n"
    R"(data: {"candidates": [{"content": {"parts": [{"text": ", done"}],"role": "model"}}],"usageMetadata": {"promptTokenCount": 2304,"candidatesTokenCount": 2,"totalTokenCount": 2306},"modelVersion": "gemini-2.0-flash"})"
    "\r\n\r\n"
    R"(data: {"candidates": [{"content": {"parts": [{"text": ""}],"role": "model"},"finishReason": "STOP"}],"usageMetadata": {"promptTokenCount": 2301,"candidatesTokenCount": 3,"totalTokenCount": 2304},"modelVersion": "gemini-2.0-flash"})"
    "\r\n\r\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(gemini_wire_format)

BOOST_AUTO_TEST_CASE(captured_crlf_stream_decodes_at_any_split) {
    for (std::size_t piece : {std::size_t{1}, std::size_t{2}, std::size_t{4096}}) {
        RecordingSink sink;
        auto decoder = GeminiWireFormat().stream_decoder(sink);
        for (std::size_t i = 0; i < kCaptured.size(); i += piece)
            decoder->feed(std::string_view(kCaptured).substr(i, piece));
        decoder->finish();
        BOOST_TEST(sink.text() == "Okay, done");
        BOOST_TEST(sink.deltas() == 2);  // the empty final part is not a delta
        BOOST_TEST(decoder->result().finish_reason == "STOP");
        BOOST_TEST(decoder->result().usage.input_tokens == 2301);
        BOOST_TEST(decoder->result().usage.output_tokens == 3);
    }
}

BOOST_AUTO_TEST_CASE(bare_pretty_printed_error_mid_stream_is_refused) {
    RecordingSink sink;
    auto decoder = GeminiWireFormat().stream_decoder(sink);
    decoder->feed(kCaptured.substr(0, kCaptured.find("data: ", 10)));
    try {
        decoder->feed(
            "{\n  \"error\": {\n    \"code\": 503,\n    \"message\": \"The model is overloaded. Please try again "
            "later.\",\n"
            "    \"status\": \"UNAVAILABLE\"\n  }\n}\n");
        BOOST_FAIL("bare JSON error ignored");
    } catch (const ProviderError& e) {
        BOOST_TEST(std::string(e.what()).find("UNAVAILABLE: The model is overloaded") != std::string::npos);
    }
    BOOST_TEST(sink.text() == "Okay");
}

BOOST_AUTO_TEST_CASE(stream_without_finish_reason_is_not_success) {
    RecordingSink sink;
    auto decoder = GeminiWireFormat().stream_decoder(sink);
    decoder->feed(kCaptured.substr(0, kCaptured.rfind("data: ")));
    BOOST_CHECK_THROW(decoder->finish(), ProviderError);
}

BOOST_AUTO_TEST_CASE(thought_parts_are_reasoning_and_blocked_prompt_is_refused) {
    RecordingSink sink;
    auto decoder = GeminiWireFormat().stream_decoder(sink);
    decoder->feed(
        "data: "
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"pondering\",\"thought\":true},{\"text\":\"Answer\"}]},"
        "\"finishReason\":\"STOP\"}]}\n\n");
    decoder->finish();
    BOOST_TEST(sink.reasoning() == "pondering");
    BOOST_TEST(sink.text() == "Answer");

    RecordingSink blocked_sink;
    auto blocked = GeminiWireFormat().stream_decoder(blocked_sink);
    BOOST_CHECK_THROW(blocked->feed("data: {\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}\n\n"), ProviderError);
}

BOOST_AUTO_TEST_CASE(request_uses_system_instruction_model_role_and_header) {
    ProviderProfile profile;
    profile.id = "g";
    profile.kind = ProviderKind::gemini;
    profile.base_url = "http://127.0.0.1:9";
    ChatRequest request;
    request.model = "gemini-2.5-flash";
    request.system = "Be brief.";
    request.turns = {{Role::user, "Hi", {}},
                     {Role::assistant, "Hello", {}},
                     {Role::user, "Pic", {{"image/jpeg", "\xFF\xD8\xFF", "a.jpg"}}}};
    request.temperature = 0.5;
    request.max_tokens = 100;
    const auto http = GeminiWireFormat().chat_request(profile, request, "AIzaKey");
    BOOST_TEST(http.url == "http://127.0.0.1:9/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    const auto body = nlohmann::json::parse(http.body);
    BOOST_TEST(body["systemInstruction"]["parts"][0]["text"] == "Be brief.");
    BOOST_TEST(body["contents"][1]["role"] == "model");
    BOOST_TEST(body["contents"][2]["parts"][1]["inlineData"]["mimeType"] == "image/jpeg");
    BOOST_TEST(body["generationConfig"]["maxOutputTokens"] == 100);
    bool header = false;
    for (const auto& [name, value] : http.headers) header = header || (name == "x-goog-api-key" && value == "AIzaKey");
    BOOST_TEST(header);
    BOOST_TEST(http.url.find("AIzaKey") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(retry_info_delay_is_honoured) {
    HttpResponseHead head;
    const auto error = GeminiWireFormat().http_error(
        429, head,
        R"({"error":{"code":429,"message":"You exceeded your current quota","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"2.5s"}]}})");
    BOOST_TEST(error.retryable());
    BOOST_REQUIRE(error.retry_after_s().has_value());
    BOOST_TEST(*error.retry_after_s() == 2.5);
}

BOOST_AUTO_TEST_CASE(model_list_strips_prefix_and_keeps_chat_models) {
    const auto page = GeminiWireFormat().parse_models(
        R"({"models":[{"name":"models/gemini-2.5-flash","supportedGenerationMethods":["generateContent","countTokens"]},{"name":"models/embedding-001","supportedGenerationMethods":["embedContent"]}],"nextPageToken":"abc"})");
    BOOST_TEST(page.ids == std::vector<std::string>{"gemini-2.5-flash"});
    BOOST_TEST(page.next_page_token == "abc");
}

BOOST_AUTO_TEST_CASE(chunks_of_every_shape_decode_as_the_general_path_reads_them) {
    struct Case {
        std::string chunk;
        std::string text;
        std::string reasoning;
        long long input_tokens;
        long long output_tokens;
        bool complete;
    };
    const std::vector<Case> cases = {
        {R"({"candidates":[{"content":{"parts":[{"text":"a"},{"text":"b","thought":true},{"text":"c","thought":false}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":4,"thoughtsTokenCount":5},"modelVersion":"m"})",
         "ac", "b", 3, 9, false},
        {R"({"candidates":[{"content":{"parts":[{"text":""}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":1}})",
         "", "", 1, 0, true},
        // A float count is rounded, a boolean is no count; the last duplicate wins.
        {R"({"candidates":[{"content":{"parts":[{"text":"x"}]}}],"usageMetadata":{"promptTokenCount":2.9,"candidatesTokenCount":true}})",
         "x", "", 3, 0, false},
        {R"({"candidates":[{"content":{"parts":[{"text":"first","text":"last"}]}}]})", "last", "", 0, 0, false},
        {R"({"candidates":[{"content":{"parts":[{"text":"t","thought":true,"thought":false}]}}]})", "t", "", 0, 0,
         false},
        {R"({"candidates":[{"content":{"parts":{"text":"not a list"}}},{"content":{"parts":[{"text":"second"}]}}]})",
         "", "", 0, 0, false},
        {R"({"candidates":[5,{"content":{"parts":[{"text":"second"}]}}],"usageMetadata":{}})", "", "", 0, 0, false},
        {R"({"candidates":[{"content":{"parts":[5,{"text":7},{"text":"ok"}]},"finishReason":""}]})", "ok", "", 0, 0,
         false},
        // Out of range: no count at all.
        {R"({"candidates":[],"usageMetadata":{"promptTokenCount":18446744073709551615}})", "", "", 0, 0, false},
    };
    for (const auto& c : cases) {
        RecordingSink sink;
        auto decoder = GeminiWireFormat().stream_decoder(sink);
        decoder->feed("data: " + c.chunk + "\r\n\r\n");
        BOOST_TEST_CONTEXT(c.chunk) {
            BOOST_TEST(sink.text() == c.text);
            BOOST_TEST(sink.reasoning() == c.reasoning);
            BOOST_TEST(decoder->result().usage.input_tokens == c.input_tokens);
            BOOST_TEST(decoder->result().usage.output_tokens == c.output_tokens);
            BOOST_TEST(decoder->result().complete == c.complete);
        }
    }
    // A thought flag that is not a boolean is an error once the parts
    // before it have been shown, as the general path reads them.
    RecordingSink sink;
    auto decoder = GeminiWireFormat().stream_decoder(sink);
    BOOST_CHECK_THROW(
        decoder->feed(R"(data: {"candidates":[{"content":{"parts":[{"text":"shown?"},{"text":"x","thought":"yes"}]}}]})"
                      "\r\n\r\n"),
        ProviderError);
    BOOST_TEST(sink.text() == "shown?");
}

BOOST_AUTO_TEST_SUITE_END()
