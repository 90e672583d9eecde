// The provider test shared by `parley-cli provider test` and the desktop
// app's Test button, against the fake provider.
#include "providers/provider-check.h"
#include "fake-provider.h"
#include "providers/provider-error.h"

#include <boost/test/unit_test.hpp>

using namespace parley;
using namespace parley::test;

namespace {

ProviderProfile local_profile(const FakeProvider& server) {
    ProviderProfile p;
    p.id = "local";
    p.kind = ProviderKind::openai_compatible;
    p.base_url = server.origin() + "/v1";
    return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(provider_check)

BOOST_AUTO_TEST_CASE(a_working_provider_answers_a_short_request_for_the_model) {
    FakeProvider server;
    CancelToken cancel;
    const auto check =
        check_provider(local_profile(server), {}, "check-model", Secret(std::string("sk-check")), cancel);
    BOOST_TEST(check.model == "check-model");
    BOOST_TEST(check.bytes_received > 0U);
    BOOST_TEST(check.label.find("local") != std::string::npos);
    const auto requests = server.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1U);
    BOOST_TEST(requests[0]["body"]["model"] == "check-model");
    BOOST_TEST(requests[0]["body"]["messages"].size() == 1U);
}

BOOST_AUTO_TEST_CASE(a_refusal_is_reported_at_once_without_retries) {
    FakeProvider server({"--key", "sk-right"});
    CancelToken cancel;
    try {
        check_provider(local_profile(server), {}, "m", Secret(std::string("sk-wrong")), cancel);
        BOOST_ERROR("a wrong key passed the check");
    } catch (const ProviderError& e) {
        BOOST_TEST((e.category() == ProviderError::Category::refused));
        BOOST_TEST(std::string(e.what()).find("401") != std::string::npos);
    }
    // 503s are retried by chat; a check asks once.
    CancelToken again;
    BOOST_CHECK_THROW(check_provider(local_profile(server), {}, "m+fail5", Secret(std::string("sk-right")), again),
                      ProviderError);
    BOOST_TEST(server.requests().size() == 2U);
}

BOOST_AUTO_TEST_CASE(no_model_is_a_clear_error_before_any_request) {
    FakeProvider server;
    CancelToken cancel;
    BOOST_CHECK_THROW(check_provider(local_profile(server), {}, "", Secret(std::string("k")), cancel),
                      std::invalid_argument);
    BOOST_TEST(server.requests().empty());
}

BOOST_AUTO_TEST_SUITE_END()
