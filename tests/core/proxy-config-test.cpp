#include "net/proxy-config.h"

#include <boost/test/unit_test.hpp>

#include <cstdlib>

using namespace parley;

namespace {
// Sets environment variables for one test and restores them after.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        ::setenv(name, value, 1);
    }
    ~ScopedEnv() {
        if (old_) {
            ::setenv(name_, old_->c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};
}  // namespace

BOOST_AUTO_TEST_SUITE(proxy_config)

BOOST_AUTO_TEST_CASE(explicit_setting_wins_and_carries_credentials) {
    ScopedEnv env("HTTPS_PROXY", "http://ignored:1");
    const auto proxy = resolve_proxy("https://api.openai.com/v1", "http://user:p%40ss@127.0.0.1:3128");
    BOOST_REQUIRE(proxy.has_value());
    BOOST_TEST(proxy->host == "127.0.0.1");
    BOOST_TEST(proxy->port == 3128);
    BOOST_TEST(proxy->username == "user");
    BOOST_TEST(proxy->password == "p@ss");
}

BOOST_AUTO_TEST_CASE(environment_proxy_applies_by_scheme_unless_no_proxy_matches) {
    ScopedEnv https("HTTPS_PROXY", "127.0.0.1:8080");
    ScopedEnv http("HTTP_PROXY", "");
    ScopedEnv no("NO_PROXY", "localhost,.internal.example,10.0.0.1:8443");
    BOOST_TEST(resolve_proxy("https://api.anthropic.com", "").has_value());
    BOOST_TEST(!resolve_proxy("http://api.anthropic.com", "").has_value());
    BOOST_TEST(!resolve_proxy("https://localhost:1234", "").has_value());
    BOOST_TEST(!resolve_proxy("https://llm.internal.example/v1", "").has_value());
    BOOST_TEST(resolve_proxy("https://internal.example.com/v1", "").has_value());
}

BOOST_AUTO_TEST_CASE(no_proxy_matching_rules) {
    BOOST_TEST(no_proxy_matches("*", "anything", 443));
    BOOST_TEST(no_proxy_matches("example.com", "api.example.com", 443));
    BOOST_TEST(!no_proxy_matches("example.com", "badexample.com", 443));
    BOOST_TEST(no_proxy_matches("host:8443", "host", 8443));
    BOOST_TEST(!no_proxy_matches("host:8443", "host", 443));
    BOOST_TEST(!no_proxy_matches("", "host", 443));
}

BOOST_AUTO_TEST_CASE(no_proxy_entry_with_a_port_and_no_host_matches_nothing) {
    // ":443" leaves an empty host once the port is cut off; it must not be
    // read past its end (the sanitizer build checks with _GLIBCXX_ASSERTIONS).
    BOOST_TEST(!no_proxy_matches(":443", "host", 443));
    BOOST_TEST(!no_proxy_matches(" :443 , :80", "host", 443));
    BOOST_TEST(no_proxy_matches(":443,host", "host", 443));
}

BOOST_AUTO_TEST_CASE(malformed_or_unsupported_proxy_is_rejected) {
    BOOST_CHECK_THROW(resolve_proxy("https://x", "socks5://127.0.0.1:1080"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
