// ProviderClient against the fake provider, for each wire format: streaming
// under framing faults, retries, and errors that carry the provider's words.
#include "providers/provider-client.h"
#include "fake-provider.h"
#include "recording-sink.h"

#include <boost/test/unit_test.hpp>

using namespace parley;
using namespace parley::test;

namespace {

const std::string kReply = "Hello! This is a reply from the fake provider.";

ProviderProfile profile_for(ProviderKind kind, const FakeProvider& server) {
    ProviderProfile p;
    p.id = "fake";
    p.kind = kind;
    p.base_url = kind == ProviderKind::openai || kind == ProviderKind::openai_compatible ? server.origin() + "/v1"
                                                                                         : server.origin();
    return p;
}

StreamResult chat(const ProviderClient& client, const std::string& model, RecordingSink& sink) {
    ChatRequest request;
    request.model = model;
    request.system = "Be brief.";
    request.turns = {{Role::user, "hello there", {}}};
    CancelToken cancel;
    return client.chat(request, Secret(std::string("sk-provider-client-test")), sink, cancel);
}

const ProviderKind kKinds[] = {ProviderKind::openai, ProviderKind::anthropic, ProviderKind::gemini};

RetryPolicy fast_retries() {
    RetryPolicy retry;
    retry.base_delay = std::chrono::milliseconds(10);
    return retry;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(provider_client)

BOOST_AUTO_TEST_CASE(every_kind_streams_the_reply_under_every_framing_quirk) {
    FakeProvider server;
    for (const auto kind : kKinds) {
        const ProviderClient client(profile_for(kind, server), {});
        for (const std::string quirks : {"", "+split", "+crlf", "+cr", "+comments", "+bom", "+nospace", "+eventlines",
                                         "+pad", "+unknown", "+chunked", "+split+crlf+comments+bom"}) {
            RecordingSink sink;
            const auto result = chat(client, "model" + quirks, sink);
            BOOST_TEST(sink.text() == kReply, to_string(kind) << quirks);
            BOOST_TEST(result.complete);
            BOOST_TEST(result.usage.known, to_string(kind) << quirks);
            BOOST_TEST(!result.finish_reason.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(reasoning_is_kept_apart_from_the_answer) {
    FakeProvider server;
    for (const auto kind : kKinds) {
        const ProviderClient client(profile_for(kind, server), {});
        RecordingSink sink;
        chat(client, "model+reasoning", sink);
        BOOST_TEST(sink.text() == kReply, to_string(kind));
        BOOST_TEST(!sink.reasoning().empty(), to_string(kind));
        BOOST_TEST(sink.text().find(sink.reasoning()) == std::string::npos);
    }
}

// The split stream is thousands of 1–7 byte writes; under Wine each goes
// through wineserver, and on a loaded machine a run once stalled past the
// client's time limit. It runs where the fake's writes are plain syscalls.
#ifdef _WIN32
constexpr bool tiny_writes_are_cheap = false;
#else
constexpr bool tiny_writes_are_cheap = true;
#endif

BOOST_AUTO_TEST_CASE(utf8_split_across_writes_survives_intact, *boost::unit_test::enable_if<tiny_writes_are_cheap>()) {
    FakeProvider server;
    for (const auto kind : kKinds) {
        const ProviderClient client(profile_for(kind, server), {});
        RecordingSink whole;
        chat(client, "model+long=3000", whole);
        RecordingSink split;
        chat(client, "model+long=3000+split", split);
        BOOST_TEST(whole.text().size() == 3000U, to_string(kind));
        BOOST_TEST(split.text() == whole.text(), to_string(kind));
    }
}

BOOST_AUTO_TEST_CASE(transient_failures_are_retried_and_errors_carry_status_and_message) {
    FakeProvider server;
    for (const auto kind : kKinds) {
        const ProviderClient client(profile_for(kind, server), {}, fast_retries());
        RecordingSink sink;
        chat(client, std::string("flaky-") + std::string(to_string(kind)) + "+fail2", sink);
        BOOST_TEST(sink.text() == kReply, to_string(kind));
        try {
            RecordingSink ignored;
            chat(client, "model+status404", ignored);
            BOOST_FAIL("404 accepted");
        } catch (const ProviderError& e) {
            BOOST_TEST(e.http_status() == 404, to_string(kind));
            BOOST_TEST(!e.retryable());
            BOOST_TEST(!e.provider_message().empty());
            BOOST_TEST(std::string(e.what()).find("fake (") == 0U, e.what());
        }
    }
}

// RetryPolicy::max_retry_after caps what a provider may ask for; the waits
// are measured by the server, between the two requests it received.
BOOST_AUTO_TEST_CASE(a_retry_after_beyond_the_cap_waits_only_the_cap) {
    FakeProvider server;
    RetryPolicy retry = fast_retries();
    retry.max_retry_after = std::chrono::milliseconds(1000);
    const ProviderClient client(profile_for(ProviderKind::openai, server), {}, retry);
    RecordingSink sink;
    chat(client, "model+fail1+retryafter=30", sink);
    BOOST_TEST(sink.text() == kReply);
    const auto requests = server.requests();
    BOOST_TEST_REQUIRE(requests.size() == 2U);
    const auto waited_ms = requests[1]["at_ms"].get<long long>() - requests[0]["at_ms"].get<long long>();
    BOOST_TEST(waited_ms >= 1000, waited_ms << " ms");
    BOOST_TEST(waited_ms < 10000, waited_ms << " ms");
}

BOOST_AUTO_TEST_CASE(mid_stream_errors_of_each_provider_are_refusals) {
    FakeProvider server;
    for (const auto kind : kKinds) {
        const ProviderClient client(profile_for(kind, server), {}, fast_retries());
        RecordingSink sink;
        try {
            chat(client, "model+midstream-error", sink);
            BOOST_FAIL("mid-stream error accepted");
        } catch (const ProviderError& e) {
            BOOST_TEST(static_cast<int>(e.category()) == static_cast<int>(ProviderError::Category::refused),
                       to_string(kind) << ": " << e.what());
        }
        BOOST_TEST(!sink.text().empty(), to_string(kind));
    }
}

BOOST_AUTO_TEST_CASE(truncated_streams_are_network_failures_for_every_kind) {
    FakeProvider server;
    for (const auto kind : kKinds) {
        const ProviderClient client(profile_for(kind, server), {}, fast_retries());
        RecordingSink sink;
        try {
            chat(client, "model+truncate", sink);
            BOOST_FAIL("a truncated stream was accepted");
        } catch (const ProviderError& e) {
            BOOST_TEST(static_cast<int>(e.category()) == static_cast<int>(ProviderError::Category::network),
                       to_string(kind) << ": " << e.what());
        }
    }
}

BOOST_AUTO_TEST_CASE(models_are_listed_for_every_kind) {
    FakeProvider server;
    for (const auto kind : kKinds) {
        const ProviderClient client(profile_for(kind, server), {});
        CancelToken cancel;
        const auto models = client.list_models(Secret(std::string("sk-x")), cancel);
        BOOST_TEST(!models.empty(), to_string(kind));
        for (const auto& id : models) BOOST_TEST(!id.starts_with("models/"));
    }
}

BOOST_AUTO_TEST_CASE(non_streaming_requests_work_for_every_kind) {
    FakeProvider server;
    for (const auto kind : kKinds) {
        const ProviderClient client(profile_for(kind, server), {});
        ChatRequest request;
        request.model = "model";
        request.stream = false;
        request.turns = {{Role::user, "hello", {}}};
        RecordingSink sink;
        CancelToken cancel;
        const auto result = client.chat(request, Secret(std::string("sk-x")), sink, cancel);
        BOOST_TEST(sink.text() == kReply, to_string(kind));
        BOOST_TEST(result.usage.known);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(provider_client_limits)

namespace {

ProviderError chat_error(const ProviderClient& client, const std::string& model, RecordingSink& sink,
                         bool stream = true) {
    ChatRequest request;
    request.model = model;
    request.stream = stream;
    request.max_tokens = 1000000;  // Anthropic's default would cut long replies short
    request.turns = {{Role::user, "hello", {}}};
    CancelToken cancel;
    try {
        client.chat(request, Secret(std::string("sk-x")), sink, cancel);
    } catch (const ProviderError& e) {
        return e;
    }
    BOOST_FAIL(model << " succeeded");
    return {ProviderError::Category::network, "", 0, ""};
}

ProviderError models_error(const ProviderClient& client) {
    CancelToken cancel;
    try {
        client.list_models(Secret(std::string("sk-x")), cancel);
    } catch (const ProviderError& e) {
        return e;
    }
    BOOST_FAIL("the model list was accepted");
    return {ProviderError::Category::network, "", 0, ""};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_non_streamed_reply_larger_than_the_error_body_limit_succeeds) {
    FakeProvider server;
    for (const auto kind : kKinds) {
        const ProviderClient client(profile_for(kind, server), {});
        ChatRequest request;
        request.model = "model+long=5000000";
        request.stream = false;
        request.max_tokens = 1000000;
        request.turns = {{Role::user, "hello", {}}};
        RecordingSink sink;
        CancelToken cancel;
        client.chat(request, Secret(std::string("sk-x")), sink, cancel);
        BOOST_TEST(sink.text().size() == 5000000U, to_string(kind));
    }
}

BOOST_AUTO_TEST_CASE(a_reply_over_the_limit_ends_with_the_part_before_it_kept) {
    FakeProvider server;
    NetworkOptions network;
    network.max_reply_bytes = 1024 * 1024;
    for (const auto kind : kKinds) {
        const ProviderClient client(profile_for(kind, server), network);
        RecordingSink streamed;
        const auto error = chat_error(client, "model+long=3000000", streamed);
        BOOST_TEST(contains(error.what(), "the reply is larger than 1 MiB (network.max_reply_mb)"), error.what());
        BOOST_TEST(static_cast<int>(error.category()) == static_cast<int>(ProviderError::Category::network));
        BOOST_TEST(streamed.text().size() <= network.max_reply_bytes, to_string(kind));
        BOOST_TEST(streamed.text().size() > network.max_reply_bytes - 64, to_string(kind));

        RecordingSink whole;
        const auto body_error = chat_error(client, "model+long=3000000", whole, false);
        BOOST_TEST(contains(body_error.what(), "the reply body is larger than 1 MiB"), body_error.what());
    }
}

BOOST_AUTO_TEST_CASE(streams_that_never_end_a_line_or_an_event_are_cut_at_their_limit) {
    FakeProvider server;
    for (const auto kind : kKinds) {
        const ProviderClient client(profile_for(kind, server), {}, RetryPolicy{0});
        RecordingSink sink;
        BOOST_TEST(contains(chat_error(client, "model+endlessline", sink).what(), "line longer than 16 MiB"));
        BOOST_TEST(contains(chat_error(client, "model+endlessevent", sink).what(), "event larger than 16 MiB"));
    }
    const ProviderClient gemini(profile_for(ProviderKind::gemini, server), {}, RetryPolicy{0});
    RecordingSink sink;
    BOOST_TEST(contains(chat_error(gemini, "model+endlessarray", sink).what(), "unterminated JSON object larger than"));
}

BOOST_AUTO_TEST_CASE(an_error_body_that_never_ends_is_read_only_to_its_limit) {
    FakeProvider server;
    for (const auto kind : kKinds) {
        const ProviderClient client(profile_for(kind, server), {}, RetryPolicy{0});
        RecordingSink sink;
        const auto error = chat_error(client, "model+status400+endlessbody", sink);
        BOOST_TEST(error.http_status() == 400, to_string(kind));
        BOOST_TEST(contains(error.provider_message(), "{\"error\":{\"message\":\"aaaa"), error.provider_message());
    }
}

BOOST_AUTO_TEST_CASE(a_deeply_nested_event_ends_the_reply_with_a_clear_error) {
    FakeProvider server;
    for (const auto kind : kKinds) {
        const ProviderClient client(profile_for(kind, server), {}, RetryPolicy{0});
        RecordingSink sink;
        BOOST_TEST(contains(chat_error(client, "model+deepjson", sink).what(), "nests JSON deeper than 256 levels"));
        BOOST_TEST(contains(chat_error(client, "model+deepjson", sink, false).what(), "nests JSON deeper than 256"));
        BOOST_TEST(chat_error(client, "model+deepjson+status500", sink).http_status() == 500);
    }
}

BOOST_AUTO_TEST_CASE(a_model_list_that_never_ends_is_refused) {
    FakeProvider server;
    ProviderProfile endless_body = profile_for(ProviderKind::openai, server);
    endless_body.base_url = server.origin() + "/endless/v1";
    BOOST_TEST(contains(models_error(ProviderClient(endless_body, {})).what(), "the model list is larger than 8 MiB"));

    ProviderProfile endless_pages = profile_for(ProviderKind::anthropic, server);
    endless_pages.base_url = server.origin() + "/endlesspages";
    BOOST_TEST(contains(models_error(ProviderClient(endless_pages, {})).what(), "did not end after 100 pages"));
}

BOOST_AUTO_TEST_CASE(a_retry_after_beyond_any_integer_waits_the_capped_time) {
    FakeProvider server;
    RetryPolicy retry;
    retry.max_retries = 1;
    retry.max_retry_after = std::chrono::milliseconds(30);
    ProviderClient client(profile_for(ProviderKind::openai, server), {}, retry);
    std::vector<std::chrono::milliseconds> waits;
    client.on_retry([&](int, std::chrono::milliseconds wait, const std::string&) { waits.push_back(wait); });
    RecordingSink sink;
    chat(client, "model+fail1+retryafter=1e300", sink);
    BOOST_TEST(sink.text() == kReply);
    BOOST_REQUIRE_EQUAL(waits.size(), 1U);
    BOOST_TEST(waits[0].count() == 30);
}

BOOST_AUTO_TEST_SUITE_END()
