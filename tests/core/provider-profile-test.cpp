// Base URLs that would carry a key in clear text, and URL parts built from
// data.
#include "providers/provider-profile.h"
#include "providers/wire-support.h"

#include <boost/test/unit_test.hpp>

using namespace parley;

BOOST_AUTO_TEST_SUITE(provider_profile)

BOOST_AUTO_TEST_CASE(only_plain_http_to_another_machine_is_a_clear_text_risk) {
    const std::pair<std::string, bool> rows[] = {
        {"https://api.openai.com/v1", false},
        {"http://127.0.0.1:11434/v1", false},
        {"http://127.255.0.9/v1", false},
        {"http://localhost:1234/v1", false},
        {"http://LocalHost/v1", false},
        {"http://[::1]:8080/v1", false},
        {"HTTPS://gateway.example/v1", false},
        {"http://api.openai.com/v1", true},
        {"HTTP://api.openai.com/v1", true},
        {"http://10.0.0.2:11434/v1", true},
        {"http://128.0.0.1/v1", true},
        {"http://localhost.example/v1", true},
        {"http://[::2]/v1", true},
        {"http://0.0.0.0:8080/v1", true},
    };
    for (const auto& [url, risky] : rows) {
        ProviderProfile profile;
        profile.kind = ProviderKind::openai_compatible;
        profile.base_url = url;
        const std::string risk = clear_text_key_risk(profile);
        BOOST_TEST(risk.empty() == !risky, url << ": " << risk);
        if (risky) BOOST_TEST(risk.find("unencrypted") != std::string::npos);
    }
    ProviderProfile preset_default;
    preset_default.kind = ProviderKind::openai_compatible;
    preset_default.preset = "ollama";
    BOOST_TEST(clear_text_key_risk(preset_default).empty());
}

BOOST_AUTO_TEST_CASE(url_components_keep_only_unreserved_characters) {
    BOOST_TEST(encode_url_component("gpt-4o_mini.v2~x") == "gpt-4o_mini.v2~x");
    BOOST_TEST(encode_url_component("a b\r\nX-A: c?d#e&f=g/h+i%") ==
               "a%20b%0D%0AX-A%3A%20c%3Fd%23e%26f%3Dg%2Fh%2Bi%25");
    BOOST_TEST(encode_url_component(std::string("\0\x7f\xc3\xa9", 4)) == "%00%7F%C3%A9");
}

BOOST_AUTO_TEST_SUITE_END()
