// What a hostile or broken provider can send, for every wire format: JSON
// nested without end, bodies that never end, numbers no integer holds. Each
// must end in a ProviderError (or be ignored), never in a crash or UB.
#include "providers/anthropic-wire-format.h"
#include "providers/gemini-wire-format.h"
#include "providers/openai-wire-format.h"
#include "providers/wire-support.h"
#include "recording-sink.h"
#include "util/json-nesting.h"

#include <boost/test/unit_test.hpp>

#include <functional>
#include <memory>
#include <string>

using namespace parley;
using parley::test::RecordingSink;

namespace {

// 100,000 levels: recursing once per level overflows any thread's stack.
std::string deep_json(std::size_t levels = 100000) {
    return "{\"error\":" + std::string(levels, '[') + std::string(levels, ']') + "}";
}

std::unique_ptr<WireFormat> formats[] = {std::make_unique<OpenAiWireFormat>(), std::make_unique<AnthropicWireFormat>(),
                                         std::make_unique<GeminiWireFormat>()};

std::string provider_message_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const ProviderError& e) {
        return e.what();
    }
    return "(no error)";
}

StreamResult decode(const WireFormat& format, const std::string& stream) {
    RecordingSink sink;
    auto decoder = format.stream_decoder(sink);
    decoder->feed(stream);
    return decoder->result();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_nesting)

BOOST_AUTO_TEST_CASE(depth_is_counted_outside_strings_only) {
    BOOST_TEST(!find_excess_json_nesting("[[[]]]", 3).has_value());
    BOOST_REQUIRE(find_excess_json_nesting("[[[[]]]]", 3).has_value());
    BOOST_TEST(*find_excess_json_nesting("[[[[]]]]", 3) == 3U);
    BOOST_TEST(*find_excess_json_nesting(R"({"a":{"b":[{"c":1}]}})", 3) == 11U);
    BOOST_TEST(!find_excess_json_nesting(R"({"a":"[[[[[[\"[[[["})", 1).has_value());
    BOOST_TEST(!find_excess_json_nesting("[[[]],[[]],[[]]]", 3).has_value());
    BOOST_TEST(find_excess_json_nesting(deep_json()).has_value());
    BOOST_TEST(!find_excess_json_nesting(deep_json(kMaxJsonDepth - 1)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(untrusted_reply)

BOOST_AUTO_TEST_CASE(a_deeply_nested_event_is_a_clear_error_for_every_format) {
    for (const auto& format : formats) {
        const std::string message =
            provider_message_of([&] { decode(*format, "event: error\ndata: " + deep_json() + "\n\n"); });
        BOOST_TEST(message.find("nests JSON deeper than 256 levels") != std::string::npos, message);
    }
}

BOOST_AUTO_TEST_CASE(a_deeply_nested_complete_body_is_a_clear_error_for_every_format) {
    for (const auto& format : formats) {
        RecordingSink sink;
        const std::string message = provider_message_of([&] { format->decode_complete(deep_json(), sink); });
        BOOST_TEST(message.find("nests JSON deeper than 256 levels") != std::string::npos, message);
    }
}

BOOST_AUTO_TEST_CASE(a_deeply_nested_error_body_keeps_its_status_and_start) {
    const HttpResponseHead head;
    for (const auto& format : formats) {
        const auto error = format->http_error(400, head, deep_json());
        BOOST_TEST(error.http_status() == 400);
        BOOST_TEST(error.provider_message().starts_with("{\"error\":[[["), error.provider_message());
        BOOST_TEST(error.provider_message().size() <= 400U);
    }
    BOOST_TEST(error_message_from_body("[" + deep_json() + "]").starts_with("[{\"error\""));
}

BOOST_AUTO_TEST_CASE(gemini_bare_object_that_never_closes_is_refused_at_the_event_limit) {
    RecordingSink sink;
    auto decoder = GeminiWireFormat().stream_decoder(sink);
    decoder->feed("{\"error\": [\r\n");
    const std::string line = "  {\"code\": 1},\r\n";
    std::size_t fed = 0;
    std::string message;
    try {
        while (fed <= 2 * SseLimits{}.max_event) {
            decoder->feed(line);
            fed += line.size();
        }
    } catch (const ProviderError& e) {
        message = e.what();
    }
    BOOST_TEST(message.find("unterminated JSON object larger than 16 MiB") != std::string::npos, message);
    // Refused once the buffered object passed the limit: each line is kept
    // with an LF for its CRLF.
    BOOST_TEST(fed <= SseLimits{}.max_event / (line.size() - 1) * line.size());
}

BOOST_AUTO_TEST_CASE(an_sse_line_that_never_ends_is_a_provider_error) {
    RecordingSink sink;
    auto decoder = OpenAiWireFormat().stream_decoder(sink);
    decoder->feed("data: ");
    const std::string block(1024 * 1024, 'a');
    std::size_t fed = 0;
    std::string message;
    try {
        while (fed <= 2 * SseLimits{}.max_line) {
            decoder->feed(block);
            fed += block.size();
        }
    } catch (const ProviderError& e) {
        message = e.what();
        BOOST_TEST(static_cast<int>(e.category()) == static_cast<int>(ProviderError::Category::network));
    }
    BOOST_TEST(message.find("line longer than 16 MiB") != std::string::npos, message);
    BOOST_TEST(fed <= SseLimits{}.max_line);
}

BOOST_AUTO_TEST_CASE(token_counts_out_of_range_are_ignored_not_converted) {
    using nlohmann::json;
    BOOST_TEST(token_count(json{{"n", 12}}, "n").value_or(-1) == 12);
    BOOST_TEST(token_count(json{{"n", 12.4}}, "n").value_or(-1) == 12);
    BOOST_TEST(!token_count(json{{"n", 1e300}}, "n").has_value());
    BOOST_TEST(!token_count(json{{"n", -1e300}}, "n").has_value());
    BOOST_TEST(!token_count(json{{"n", -3}}, "n").has_value());
    BOOST_TEST(!token_count(json{{"n", 18446744073709551615ULL}}, "n").has_value());
    BOOST_TEST(!token_count(json{{"n", "12"}}, "n").has_value());
    BOOST_TEST(!token_count(json{{"m", 12}}, "n").has_value());

    const StreamResult openai = decode(OpenAiWireFormat(),
                                       "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1e300,\"completion_tokens\":"
                                       "-1e300}}\n\ndata: [DONE]\n\n");
    BOOST_TEST(openai.usage.input_tokens == 0);
    BOOST_TEST(openai.usage.output_tokens == 0);

    const StreamResult anthropic = decode(
        AnthropicWireFormat(),
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{},\"usage\":{\"output_tokens\":1e300}}\n\n"
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{},\"usage\":{\"input_tokens\":7.0}}\n\n");
    BOOST_TEST(anthropic.usage.output_tokens == 0);
    BOOST_TEST(anthropic.usage.input_tokens == 7);

    // Two counts near the integer limit must not overflow when summed.
    const StreamResult gemini =
        decode(GeminiWireFormat(),
               "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"finishReason\":\"STOP\"}],"
               "\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":9223372036854775807,"
               "\"thoughtsTokenCount\":9223372036854775807}}\n\n");
    BOOST_TEST(gemini.usage.input_tokens == 5);
    BOOST_TEST(gemini.usage.output_tokens == 0);
}

BOOST_AUTO_TEST_CASE(gemini_error_code_out_of_range_is_not_a_status) {
    const std::string message = provider_message_of([] {
        decode(GeminiWireFormat(),
               "data: {\"error\":{\"code\":1e300,\"message\":\"boom\",\"status\":\"INTERNAL\"}}\n\n");
    });
    BOOST_TEST(message.find("INTERNAL: boom") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(retry_after_that_is_not_a_finite_delay_is_ignored) {
    HttpResponseHead head;
    for (const std::string value : {"nan", "inf", "-inf", "-1"}) {
        head.headers["retry-after"] = value;
        BOOST_TEST(!retry_after_from_headers(head).has_value(), value);
    }
    head.headers["retry-after"] = "1e300";
    BOOST_TEST(retry_after_from_headers(head).value_or(0) == 1e300);
    head.headers.erase("retry-after");
    head.headers["retry-after-ms"] = "inf";
    BOOST_TEST(!retry_after_from_headers(head).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
