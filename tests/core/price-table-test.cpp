#include "chat/cost-estimator.h"
#include "providers/price-table.h"
#include "temp-dir.h"

#include <boost/test/unit_test.hpp>

using namespace parley;

BOOST_AUTO_TEST_SUITE(price_table)

BOOST_AUTO_TEST_CASE(models_match_their_longest_known_prefix_at_a_name_boundary) {
    BOOST_TEST(builtin_price("gpt-4o")->input == 2.50);
    BOOST_TEST(builtin_price("gpt-4o-2024-08-06")->output == 10.00);
    BOOST_TEST(builtin_price("gpt-4o-mini-2024-07-18")->input == 0.15);
    BOOST_TEST(builtin_price("openai/gpt-4o-mini")->output == 0.60);
    BOOST_TEST(builtin_price("claude-sonnet-4-5-20250929")->output == 15.00);
    BOOST_TEST(builtin_price("gemini-2.5-flash-lite")->input == 0.10);
    BOOST_TEST(builtin_price("gemini-2.5-flash")->input == 0.30);
    BOOST_TEST(!builtin_price("o1x").has_value());
    BOOST_TEST(!builtin_price("llama3.2").has_value());
}

BOOST_AUTO_TEST_CASE(cost_is_per_million_tokens_and_settings_override_it) {
    BOOST_TEST(cost_usd({2.0, 8.0}, {1000, 500, true}) == 0.006, boost::test_tools::tolerance(1e-12));
    test::TempDir dir;
    Settings settings(dir / "settings.json");
    const auto estimate = make_cost_estimator(settings);
    const Usage usage{1'000'000, 1'000'000, true};
    BOOST_TEST(*estimate("gpt-4o-mini", usage) == 0.75, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(!estimate("my-local-model", usage).has_value());
    settings.set("price.my-local-model.output", "1.5");
    BOOST_TEST(*estimate("my-local-model", usage) == 1.5, boost::test_tools::tolerance(1e-9));
    settings.set("price.gpt-4o-mini.input", "0");
    BOOST_TEST(*estimate("gpt-4o-mini", usage) == 0.60, boost::test_tools::tolerance(1e-9));
    BOOST_CHECK_THROW(settings.set("price.gpt-4o", "1"), SettingsError);
    BOOST_CHECK_THROW(settings.set("price.gpt-4o.input", "cheap"), SettingsError);
}

BOOST_AUTO_TEST_SUITE_END()
