// ProviderClient against the fake provider, for each wire format: streaming
// under framing faults, retries, and errors that carry the provider's words.
#include "fake-provider.h"
#include "providers/provider-client.h"
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
        for (const std::string quirks :
             {"", "+split", "+crlf", "+cr", "+comments", "+bom", "+nospace", "+eventlines", "+pad", "+unknown",
              "+chunked", "+split+crlf+comments+bom"}) {
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

BOOST_AUTO_TEST_CASE(utf8_split_across_writes_survives_intact) {
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
