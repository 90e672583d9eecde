#include "providers/openai-wire-format.h"
#include "providers/chunk-template.h"
#include "chunk-paths.h"
#include "recording-sink.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <string>
#include <utility>
#include <vector>

using namespace parley;
using parley::test::RecordingSink;

namespace {

// Captured from the live API (openai-python inline snapshot, gpt-4o-2024-08-06), shortened.
const std::string kCaptured =
    R"(data: {"id":"chatcmpl-A","object":"chat.completion.chunk","created":1727346168,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]})"
    "\n\n"
    R"(data: {"id":"chatcmpl-A","object":"chat.completion.chunk","created":1727346168,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"content":"I'm"},"logprobs":null,"finish_reason":null}]})"
    "\n\n"
    R"(data: {"id":"chatcmpl-A","object":"chat.completion.chunk","created":1727346168,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{"content":" fine \u00e9"},"logprobs":null,"finish_reason":null}]})"
    "\n\n"
    R"(data: {"id":"chatcmpl-A","object":"chat.completion.chunk","created":1727346168,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]})"
    "\n\n"
    R"(data: {"id":"chatcmpl-A","object":"chat.completion.chunk","created":1727346168,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5050236cbd","choices":[],"usage":{"prompt_tokens":14,"completion_tokens":30,"total_tokens":44,"completion_tokens_details":{"reasoning_tokens":0}}})"
    "\n\n"
    "data: [DONE]\n\n";

ProviderProfile profile(ProviderKind kind, const std::string& preset = "") {
    ProviderProfile p;
    p.id = "p";
    p.kind = kind;
    p.preset = preset;
    p.base_url = "http://127.0.0.1:1/v1";
    return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(openai_wire_format)

BOOST_AUTO_TEST_CASE(captured_stream_decodes_text_usage_and_finish_reason_at_any_split) {
    for (std::size_t piece : {std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{4096}}) {
        RecordingSink sink;
        auto decoder = OpenAiWireFormat().stream_decoder(sink);
        for (std::size_t i = 0; i < kCaptured.size(); i += piece)
            decoder->feed(std::string_view(kCaptured).substr(i, piece));
        decoder->finish();
        BOOST_TEST(sink.text() == "I'm fine \xC3\xA9");
        BOOST_TEST(decoder->result().finish_reason == "stop");
        BOOST_TEST(decoder->result().usage.input_tokens == 14);
        BOOST_TEST(decoder->result().usage.output_tokens == 30);
        BOOST_TEST(decoder->result().complete);
    }
}

BOOST_AUTO_TEST_CASE(stream_without_done_is_a_network_error_not_success) {
    RecordingSink sink;
    auto decoder = OpenAiWireFormat().stream_decoder(sink);
    decoder->feed(kCaptured.substr(0, kCaptured.find("data: [DONE]")));
    try {
        decoder->finish();
        BOOST_FAIL("an early end of stream was accepted");
    } catch (const ProviderError& e) {
        BOOST_TEST(static_cast<int>(e.category()) == static_cast<int>(ProviderError::Category::network));
    }
    BOOST_TEST(sink.text() == "I'm fine \xC3\xA9");
}

BOOST_AUTO_TEST_CASE(mid_stream_error_object_is_refused_with_the_provider_message) {
    // aibridge stream_error capture: a data-only error object, no [DONE].
    RecordingSink sink;
    auto decoder = OpenAiWireFormat().stream_decoder(sink);
    decoder->feed(kCaptured.substr(0, kCaptured.find("data: ", 10)));
    try {
        decoder->feed(
            R"(data: {"error": {"message": "The server had an error while processing your request. Sorry about that!", "type": "server_error"}})"
            "\n\n");
        BOOST_FAIL("the error event was ignored");
    } catch (const ProviderError& e) {
        BOOST_TEST(static_cast<int>(e.category()) == static_cast<int>(ProviderError::Category::refused));
        BOOST_TEST(std::string(e.what()).find("The server had an error") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(quirks_of_compatible_hosts_are_tolerated) {
    RecordingSink sink;
    auto decoder = OpenAiWireFormat().stream_decoder(sink);
    decoder->feed(
        ": OPENROUTER PROCESSING\n\n"
        "event: message\n"
        "data:{\"choices\":[{\"delta\":{\"reasoning_content\":\"think\"}}],\"usage\":null}\n\n"
        ": keep-alive\n\n"
        "data: {\"choices\":[{\"delta\":{\"reasoning\":\"ing\",\"content\":\"ok\",\"x_unknown\":1}}]}  \n\n"
        "data: "
        "{\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":3,\"completion_"
        "tokens\":2}}\n\n"
        "data: [DONE]\n\n");
    decoder->finish();
    BOOST_TEST(sink.text() == "ok");
    BOOST_TEST(sink.reasoning() == "thinking");
    BOOST_TEST(decoder->result().finish_reason == "length");
}

BOOST_AUTO_TEST_CASE(request_has_system_history_images_and_sampling) {
    ChatRequest request;
    request.model = "gpt-4o";
    request.system = "You are terse.";
    request.turns = {{Role::user, "Hi", {}},
                     {Role::assistant, "Hello.", {}},
                     {Role::user, "What is this?", {{"image/png", std::string("\x89PNG", 4), "a.png"}}}};
    request.temperature = 0.2;
    request.max_tokens = 256;
    const auto http = OpenAiWireFormat().chat_request(profile(ProviderKind::openai), request, "sk-test");
    BOOST_TEST(http.url == "http://127.0.0.1:1/v1/chat/completions");
    const auto body = nlohmann::json::parse(http.body);
    BOOST_TEST(body["stream"] == true);
    BOOST_TEST(body["stream_options"]["include_usage"] == true);
    BOOST_TEST(body["max_completion_tokens"] == 256);
    BOOST_TEST(body["messages"][0]["role"] == "system");
    BOOST_TEST(body["messages"][2]["content"] == "Hello.");
    BOOST_TEST(body["messages"][3]["content"][1]["image_url"]["url"] == "data:image/png;base64,iVBORw==");
    bool bearer = false;
    for (const auto& [name, value] : http.headers)
        bearer = bearer || (name == "Authorization" && value == "Bearer sk-test");
    BOOST_TEST(bearer);
}

BOOST_AUTO_TEST_CASE(compatible_hosts_get_max_tokens_and_azure_gets_its_own_url_and_header) {
    ChatRequest request;
    request.model = "my-deployment";
    request.turns = {{Role::user, "Hi", {}}};
    request.max_tokens = 9;
    const auto compatible = OpenAiWireFormat().chat_request(profile(ProviderKind::openai_compatible), request, "k");
    BOOST_TEST(nlohmann::json::parse(compatible.body)["max_tokens"] == 9);
    auto azure_profile = profile(ProviderKind::openai_compatible, "azure");
    azure_profile.base_url = "https://res.openai.azure.com";
    azure_profile.api_version = "2024-10-21";
    const auto azure = OpenAiWireFormat().chat_request(azure_profile, request, "k");
    BOOST_TEST(azure.url ==
               "https://res.openai.azure.com/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21");
    bool api_key = false;
    for (const auto& [name, value] : azure.headers) api_key = api_key || (name == "api-key" && value == "k");
    BOOST_TEST(api_key);
}

BOOST_AUTO_TEST_CASE(quota_429_is_not_retryable_but_rate_limit_429_is) {
    HttpResponseHead head;
    head.status = 429;
    const auto quota = OpenAiWireFormat().http_error(
        429, head,
        R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})");
    BOOST_TEST(!quota.retryable());
    head.headers["retry-after"] = "2";
    const auto rate = OpenAiWireFormat().http_error(
        429, head,
        R"({"error":{"message":"Rate limit reached","type":"tokens","param":null,"code":"rate_limit_exceeded"}})");
    BOOST_TEST(rate.retryable());
    BOOST_REQUIRE(rate.retry_after_s().has_value());
    BOOST_TEST(*rate.retry_after_s() == 2.0);
    BOOST_TEST(rate.provider_message() == "Rate limit reached");
}

BOOST_AUTO_TEST_CASE(chunk_fast_path_decides_as_the_general_path_on_every_shape) {
    const std::string deep = std::string(2000, '[') + std::string(2000, ']');
    // Deeper than the fast path parses, shallower than nlohmann's limits.
    const std::string nested = std::string(100, '[') + std::string(100, ']');
    const std::vector<std::string> payloads = {
        R"({"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"hi"},"logprobs":null,"finish_reason":null}],"usage":null})",
        R"({"choices":[{"delta":{"refusal":"no","content":"b","reasoning":"r","reasoning_content":"a"}}]})",
        R"({"choices":[{"delta":{"content":"first","content":"last"}}]})",
        R"({"choices":[{"delta":{"content":"x"}}],"choices":[{"delta":{"content":"y"}}]})",
        R"({"choices":[{"delta":{"content":"x"},"delta":{"content":"y"}}]})",
        R"({"choices":[{"delta":{"content":"one"}},{"delta":{"content":"two"},"finish_reason":"stop"}]})",
        R"({"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}})",
        R"({"choices":[],"usage":{"prompt_tokens":"3"}})",
        R"({"choices":[{"delta":{"content":"x"}}],"usage":{"prompt_tokens":1.9,"completion_tokens":true}})",
        R"({"choices":[{"delta":{"content":"x"}}],"error":null})",
        R"({"choices":[{"delta":{"content":"x"}}],"error":{"message":"boom"}})",
        R"({"choices":[{"delta":{"content":"x"}}],"object":"error","message":"vllm says no"})",
        R"({"choices":[{"delta":{"content":"x"}}],"object":5})",
        R"({"choices":{"delta":{"content":"x"}}})",
        R"({"choices":[5,"x",null]})",
        R"({"choices":[{"delta":"x","finish_reason":"length"}]})",
        R"({"choices":[{"delta":{"content":5,"refusal":null},"finish_reason":7}]})",
        R"({"choices":[{"delta":{},"finish_reason":""}]})",
        R"({"choices":[{"delta":{"content":"a\u00e9\ud83d\ude00\n\"\\\u0000z"}}]})",
        R"({"cho\u0069ces":[{"delta":{"cont\u0065nt":"escaped keys"}}]})",
        R"({"choices":[{"delta":{"content":"\ud800"}}]})",
        R"({"choices":[{"delta":{"content":"x"}}]} trailing)",
        R"({"choices":[{"delta":{"content":"x"}})",
        R"({"created":123456789012345678901234567890,"choices":[{"delta":{"content":"big"}}]})",
        R"({"created":1e400,"choices":[{"delta":{"content":"huge"}}]})",
        R"({"created":01,"choices":[{"delta":{"content":"leading zero"}}]})",
        "{\"choices\":[{\"delta\":{\"content\":\"bad \xff utf8\"}}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"raw\ttab\"}}]}",
        R"({"x":)" + deep + R"(,"choices":[{"delta":{"content":"deep"}}]})",
        R"({"x":)" + nested + R"(,"choices":[{"delta":{"content":"nested"}}]})",
        R"([{"choices":[{"delta":{"content":"x"}}]}])",
        R"("just a string")",
        "  {\"choices\":[{\"delta\":{\"content\":\"spaced\"}}]}  \n",
    };
    for (const auto& payload : payloads) {
        BOOST_TEST_CONTEXT(payload) {
            BOOST_TEST((test::fast_path_outcome(payload) == test::general_path_outcome(payload)));
        }
    }
}

// The chunk before the text, as OpenAI sends it, and the text around which
// later chunks repeat it.
constexpr std::string_view kChunkHead =
    R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":")";
constexpr std::string_view kChunkTail = R"("},"logprobs":null,"finish_reason":null}]})";

std::string chunk_with(std::string_view raw_text) {
    return std::string(kChunkHead) + std::string(raw_text) + std::string(kChunkTail);
}

BOOST_AUTO_TEST_CASE(a_learnt_chunk_shape_reads_the_text_of_chunks_that_repeat_it_and_nothing_else) {
    const std::string learned = chunk_with("first");
    ChunkTemplate shape;
    BOOST_TEST(!shape.text_of(learned).has_value());
    shape.learn(learned, kChunkHead.size());
    BOOST_TEST(shape.text_of(chunk_with("second words")).value_or("?") == "second words");
    BOOST_TEST(shape.text_of(chunk_with("")).value_or("?") == "");
    BOOST_TEST(shape.text_of(chunk_with(R"(line\nbreak \"quoted\" back\\slash \/ \t\r\b\f)")).value_or("?") ==
               "line\nbreak \"quoted\" back\\slash / \t\r\b\f");
    BOOST_TEST(shape.text_of(chunk_with("Ünïcödé — 中文 🙂")).value_or("?") == "Ünïcödé — 中文 🙂");
    // Left to the full parse: \u escapes, raw control characters, a quote
    // that would end the string early (and make the rest new fields), an
    // escape cut off by the closing quote, an unknown escape, malformed
    // UTF-8 (overlong, surrogate, truncated, beyond U+10FFFF).
    for (const std::string& raw : {std::string(R"(caf\u00e9)"), std::string("tab\there"),
                                  std::string(R"(a","refusal":"b)"), std::string("ends in \\"),
                                  std::string(R"(bad \q)"), std::string("\xc0\xaf"), std::string("\xed\xa0\x80"),
                                  std::string("\xe4\xb8"), std::string("\xf4\x90\x80\x80")}) {
        BOOST_TEST_CONTEXT(raw) { BOOST_TEST(!shape.text_of(chunk_with(raw)).has_value()); }
    }
    // Other bytes around the text: another shape.
    std::string other_id = chunk_with("x");
    other_id.replace(other_id.find("chatcmpl-1"), 10, "chatcmpl-2");
    BOOST_TEST(!shape.text_of(other_id).has_value());
    BOOST_TEST(!shape.text_of(chunk_with("x") + " ").has_value());
    BOOST_TEST(!shape.text_of(kChunkHead).has_value());
}

// The template checks UTF-8 itself as it lexes: every 1-, 2- and 3-byte
// sequence, and 4-byte ones over every second byte, at each offset within
// an eight-byte step, against simdjson's validator.
BOOST_AUTO_TEST_CASE(a_learnt_shape_takes_exactly_the_utf8_a_validator_takes) {
    ChunkTemplate shape;
    shape.learn(chunk_with("learnt"), kChunkHead.size());
    std::size_t disagreements = 0;
    std::string first;
    const auto check = [&](const std::string& sequence, std::size_t offset) {
        const std::string text = std::string(offset, 'a') + sequence + "z";
        const bool valid = simdjson::validate_utf8(text.data(), text.size());
        const std::string payload = chunk_with(text);
        const auto read = shape.text_of(payload);
        if (read.has_value() != valid || (read && *read != text)) {
            if (disagreements++ == 0) {
                for (const unsigned char byte : sequence) first += std::to_string(byte) + " ";
            }
        }
    };
    // Bytes a JSON string may hold raw: no control character, quote or backslash.
    std::vector<unsigned char> raw;
    for (int b = 0x20; b <= 0xFF; ++b) {
        if (b != '"' && b != '\\') raw.push_back(static_cast<unsigned char>(b));
    }
    const auto bytes = [](std::initializer_list<unsigned char> list) { return std::string(list.begin(), list.end()); };
    for (std::size_t offset = 0; offset < 8; ++offset) {
        for (const auto a : raw) {
            check(bytes({a}), offset);
            for (const auto b : raw) check(bytes({a, b}), offset);
        }
    }
    for (unsigned char a = 0xE0; a != 0xF0; ++a) {
        for (const auto b : raw) {
            for (const auto c : raw) check(bytes({a, b, c}), 3);
        }
    }
    for (unsigned char a = 0xF0; a != 0xF8; ++a) {
        for (const auto b : raw) {
            for (const unsigned char c : {0x41, 0x80, 0xBF, 0xC0}) {
                for (const unsigned char d : {0x41, 0x80, 0xBF, 0xC0}) check(bytes({a, b, c, d}), 5);
            }
        }
    }
    BOOST_TEST(disagreements == 0U, disagreements << " disagreements, the first: " << first);
}

// The lexer skips plain bytes eight at a time and lands on the first byte
// that needs a look. Each kind of such byte, at each offset within a step
// and followed by the byte a carry out of it would mark too, is read exactly
// where it stands.
BOOST_AUTO_TEST_CASE(a_learnt_shape_reads_each_special_byte_where_it_stands_in_an_eight_byte_step) {
    ChunkTemplate shape;
    shape.learn(chunk_with("learnt"), kChunkHead.size());
    const std::vector<std::pair<std::string, std::string>> escaped = {
        {R"(\"#)", "\"#"}, {R"(\\])", "\\]"}, {R"(\n!)", "\n!"}, {R"(\/0)", "/0"}, {"\xc3\xa9#", "\xc3\xa9#"}};
    for (std::size_t offset = 0; offset < 16; ++offset) {
        const std::string before(offset, 'a');
        for (const auto& [raw, text] : escaped) {
            BOOST_TEST_CONTEXT("offset " << offset << ": " << raw) {
                BOOST_TEST(shape.text_of(chunk_with(before + raw + "bcdefghij")).value_or("?") ==
                           before + text + "bcdefghij");
            }
        }
        for (int control = 0; control < 0x20; ++control) {
            const std::string raw = before + static_cast<char>(control) + "!bcdefghij";
            BOOST_TEST_CONTEXT("offset " << offset << ": control " << control) {
                BOOST_TEST(!shape.text_of(chunk_with(raw)).has_value());
            }
        }
        // The text ends where its closing quote stands, however far into a step.
        const std::string bytes = chunk_with(before) + "trailing bytes";
        const auto length = shape.match(bytes);
        BOOST_TEST_CONTEXT("offset " << offset) {
            BOOST_TEST(length.value_or(0) == chunk_with(before).size());
            BOOST_TEST(shape.matched_text() == before);
        }
    }
}

BOOST_AUTO_TEST_CASE(chunks_read_by_a_learnt_shape_are_decided_as_the_general_path_decides_them) {
    const std::string learned = chunk_with("learnt");
    const std::vector<std::string> payloads = {
        chunk_with("plain"),
        chunk_with(""),
        chunk_with(R"(a\n\"b\"\\c\/d\te)"),
        chunk_with(R"(caf\u00e9 \ud83d\ude00)"),
        chunk_with(R"(lone \ud800)"),
        chunk_with(R"(a","refusal":"injected)"),
        chunk_with(R"(a","content":"duplicate)"),
        chunk_with("ends in \\"),
        chunk_with("ends in \\\\"),
        chunk_with("raw\ttab"),
        chunk_with("bad \xff utf8"),
        chunk_with("\xed\xa0\x80 surrogate"),
        chunk_with("Ünïcödé — 中文 🙂"),
        chunk_with(R"(\q)"),
        std::string(kChunkHead) + std::string(kChunkTail),
        std::string(kChunkHead) + "x" + std::string(kChunkTail).substr(1),
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"x"},"logprobs":null,"finish_reason":"stop"}]})",
    };
    for (const auto& payload : payloads) {
        BOOST_TEST_CONTEXT(payload) {
            BOOST_TEST((test::templated_path_outcome(learned, payload) == test::general_path_outcome(payload)));
        }
    }
}

// OpenAI's chunks end with random padding, different in each.
constexpr std::string_view kPaddedTail = R"("},"logprobs":null,"finish_reason":null}],"obfuscation":")";

std::string padded_chunk_with(std::string_view raw_text, std::string_view raw_padding) {
    return std::string(kChunkHead) + std::string(raw_text) + std::string(kPaddedTail) + std::string(raw_padding) +
           "\"}";
}

BOOST_AUTO_TEST_CASE(a_learnt_shape_lets_strings_that_nothing_reads_vary_if_they_are_well_formed) {
    const std::string learned = padded_chunk_with("first", "Xy3");
    ChunkTemplate shape;
    shape.learn(learned, kChunkHead.size(), {learned.size() - 5});
    BOOST_TEST(shape.text_of(padded_chunk_with("second", "q")).value_or("?") == "second");
    BOOST_TEST(shape.text_of(padded_chunk_with("third", R"(a\"b\\)")).value_or("?") == "third");
    BOOST_TEST(shape.text_of(padded_chunk_with(R"(say \"hi\")", "")).value_or("?") == "say \"hi\"");
    for (const std::string& padding :
         {std::string("tab\there"), std::string(R"(bad \q)"), std::string("\xff"), std::string(R"(a","x":"b)")}) {
        BOOST_TEST_CONTEXT(padding) { BOOST_TEST(!shape.text_of(padded_chunk_with("text", padding)).has_value()); }
    }
    BOOST_TEST(!shape.text_of(chunk_with("no padding")).has_value());
}

BOOST_AUTO_TEST_CASE(padded_chunks_read_by_a_learnt_shape_are_decided_as_the_general_path_decides_them) {
    const std::string learned = padded_chunk_with("learnt", "Zq");
    const std::vector<std::string> payloads = {
        padded_chunk_with("plain", "a1"),
        padded_chunk_with("", "b2c3"),
        padded_chunk_with(R"(a\n\"b\")", R"(\"\\)"),
        padded_chunk_with(R"(ends in \)", "x"),
        padded_chunk_with("text", R"(ends in \)"),
        padded_chunk_with(R"(a","refusal":"injected)", "p"),
        padded_chunk_with("text", R"(p","choices":[{"delta":{"content":"injected"}}],"x":")"),
        padded_chunk_with("text", "raw\ttab"),
        padded_chunk_with("text", "bad \xff"),
        padded_chunk_with("text", R"(caf\u00e9)"),
        padded_chunk_with("Ünïcödé — 中文 🙂", "Ünï"),
    };
    for (const auto& payload : payloads) {
        BOOST_TEST_CONTEXT(payload) {
            BOOST_TEST((test::templated_path_outcome(learned, payload) == test::general_path_outcome(payload)));
        }
    }
}

BOOST_AUTO_TEST_CASE(a_learnt_shape_measures_a_payload_at_the_start_of_longer_bytes) {
    ChunkTemplate shape;
    shape.learn(chunk_with("first"), kChunkHead.size());
    const std::string payload = chunk_with(R"(two \"words\")");
    BOOST_TEST(shape.match(payload + "\n\ndata: more").value_or(0) == payload.size());
    BOOST_TEST(shape.matched_text() == "two \"words\"");
    BOOST_TEST(shape.match(payload).value_or(0) == payload.size());
    // A payload cut short, or a string that runs into a line end, is none.
    BOOST_TEST(!shape.match(payload.substr(0, payload.size() - 1)).has_value());
    BOOST_TEST(!shape.match(std::string(kChunkHead) + "text\n" + std::string(kChunkTail)).has_value());
    BOOST_TEST(!shape.match(" " + payload).has_value());
}

// The body of a stream whose chunks mostly repeat the first one's shape,
// with all else a stream may hold around and between them, and the text it
// carries.
std::pair<std::string, std::string> mixed_stream() {
    std::string body;
    std::string text;
    const auto event = [&](const std::string& lines, std::string_view carried) {
        body += lines + "\n\n";
        text += carried;
    };
    event("data: " + chunk_with("Hello"), "Hello");
    for (int i = 0; i < 40; ++i) event("data: " + chunk_with(" w" + std::to_string(i)), " w" + std::to_string(i));
    event("data: " + chunk_with(R"( \"quoted\" and\nnew line)"), " \"quoted\" and\nnew line");
    event("data: " + chunk_with(""), "");
    event("data: " + chunk_with(" Ünïcödé 🙂"), " Ünïcödé 🙂");
    event("data: " + chunk_with(R"( caf\u00e9)"), " caf\xC3\xA9");  // an escape left to the full parse
    event("data:" + chunk_with(" no space"), " no space");
    event(": a comment\ndata: " + chunk_with(" after a comment"), " after a comment");
    event("id: 42\ndata: " + chunk_with(" with an id"), " with an id");
    event("retry: 1000\ndata: " + chunk_with(" with a retry"), " with a retry");
    event("data: " + chunk_with(" spaced") + " ", " spaced");  // JSON may end in a space; the template may not
    event(R"(data: {"choices":[{"index":0,"delta":)" "\n" R"(data: {"content":" joined"}}]})", " joined");
    event("data: " + chunk_with(" then") + "\n", " then");  // and a blank line more
    body += "data: " + chunk_with(" crlf") + "\r\n\r\n";
    body += "data: " + chunk_with(" cr") + "\r\r";
    text += " crlf cr";
    event("data: " + chunk_with(" end") + "\n\ndata: [DONE]", " end");
    event("data: " + chunk_with(" late"), "");
    return {body, text};
}

BOOST_AUTO_TEST_CASE(a_stream_decodes_alike_whether_or_not_its_events_are_assembled_at_any_split) {
    const auto [body, text] = mixed_stream();
    const auto joined = [](const test::ChunkOutcome& outcome) {
        std::string all;
        for (const auto& [kind, delta] : outcome.deltas) all += delta;
        return all;
    };
    const auto whole = test::stream_outcome(body, body.size());
    BOOST_TEST(whole.error.empty());
    BOOST_TEST(joined(whole) == text);
    const std::string cut = body.substr(0, body.find(" w20") + 2);
    for (const std::size_t piece : {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{64}, std::size_t{199},
                                    std::size_t{200}, std::size_t{201}, std::size_t{4096}, body.size()}) {
        BOOST_TEST_CONTEXT("piece " << piece) {
            const auto split = test::stream_outcome(body, piece);
            BOOST_TEST((split == test::reference_stream_outcome(body, piece)));
            BOOST_TEST(joined(split) == text);
            const auto truncated = test::stream_outcome(cut, piece);
            BOOST_TEST((truncated == test::reference_stream_outcome(cut, piece)));
            BOOST_TEST(!truncated.error.empty());
        }
    }
}

// A line of the learnt shape is not yet an event: more lines may follow it
// before the blank one, and change what it is.
BOOST_AUTO_TEST_CASE(a_chunk_whose_event_goes_on_after_its_line_is_decided_by_the_whole_event) {
    const std::string start = "data: " + chunk_with("Hi") + "\n\n";
    for (const std::string& rest : {"data: " + chunk_with(" a") + "\ndata: " + chunk_with(" b") + "\n\n",
                                    "data: " + chunk_with(" a") + "\nevent: error\n\n"}) {
        const std::string body = start + rest + "data: [DONE]\n\n";
        for (std::size_t piece = 1; piece <= body.size(); piece += 9) {
            BOOST_TEST_CONTEXT(rest << " piece " << piece) {
                const auto outcome = test::stream_outcome(body, piece);
                BOOST_TEST((outcome == test::reference_stream_outcome(body, piece)));
                BOOST_TEST(!outcome.error.empty());
                BOOST_REQUIRE_EQUAL(outcome.deltas.size(), 1U);
                BOOST_TEST(outcome.deltas[0].second == "Hi");
            }
        }
        const auto whole = test::stream_outcome(body, body.size());
        BOOST_TEST(!whole.error.empty());
    }
}

BOOST_AUTO_TEST_CASE(an_error_event_of_a_learnt_shape_is_still_an_error) {
    const std::string body = "data: " + chunk_with("Hi") + "\n\nevent: error\ndata: " + chunk_with(" there") +
                             "\n\ndata: [DONE]\n\n";
    const auto outcome = test::stream_outcome(body, body.size());
    BOOST_TEST(!outcome.error.empty());
    BOOST_REQUIRE_EQUAL(outcome.deltas.size(), 1U);
    BOOST_TEST(outcome.deltas[0].second == "Hi");
}

BOOST_AUTO_TEST_CASE(duplicate_fields_count_as_nlohmann_counts_them_the_last_one) {
    RecordingSink sink;
    auto decoder = OpenAiWireFormat().stream_decoder(sink);
    decoder->feed("data: {\"choices\":[{\"delta\":{\"content\":\"first\",\"content\":\"last\"}}]}\n\ndata: [DONE]\n\n");
    decoder->finish();
    BOOST_TEST(sink.text() == "last");
}

BOOST_AUTO_TEST_SUITE_END()
