#include "settings/settings.h"
#include "filesystem-features.h"
#include "settings/profile-paths.h"
#include "temp-dir.h"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace parley;

BOOST_AUTO_TEST_SUITE(settings)

BOOST_AUTO_TEST_CASE(providers_and_config_round_trip_through_the_file) {
    test::TempDir dir;
    {
        Settings settings(dir / "settings.json");
        ProviderProfile p;
        p.id = "local";
        p.kind = ProviderKind::openai_compatible;
        p.base_url = "http://127.0.0.1:11434/v1";
        p.default_model = "llama3.2";
        settings.put_provider(p);
        settings.set("network.idle_timeout_s", "7");
        settings.save();
    }
    Settings loaded(dir / "settings.json");
    loaded.load();
    const auto p = loaded.provider("local");
    BOOST_REQUIRE(p.has_value());
    BOOST_TEST(p->effective_base_url() == "http://127.0.0.1:11434/v1");
    BOOST_TEST(loaded.network_options().idle_timeout_s == 7);
    BOOST_TEST(loaded.default_provider()->id == "local");
}

BOOST_AUTO_TEST_CASE(the_settings_file_is_not_readable_by_others,
                     *boost::unit_test::enable_if<test::posix_file_modes>()) {
    test::TempDir dir;
    Settings settings(dir / "settings.json");
    settings.set("network.idle_timeout_s", "7");
    settings.save();
    const auto perms = std::filesystem::status(dir / "settings.json").permissions();
    BOOST_TEST(((perms & std::filesystem::perms::others_read) == std::filesystem::perms::none));
}

BOOST_AUTO_TEST_CASE(invalid_values_and_unknown_keys_are_refused) {
    test::TempDir dir;
    Settings settings(dir / "settings.json");
    BOOST_CHECK_THROW(settings.set("network.idle_timeout_s", "soon"), SettingsError);
    BOOST_CHECK_THROW(settings.set("network.idle_timeout_s", "0"), SettingsError);
    BOOST_CHECK_THROW(settings.set("network.ca_file", (dir / "missing.pem").string()), SettingsError);
    BOOST_CHECK_THROW(settings.set("no.such.key", "1"), SettingsError);
    BOOST_CHECK_THROW(settings.get("no.such.key"), SettingsError);
    BOOST_CHECK_THROW(settings.set("appearance.font_size", "5"), SettingsError);
    BOOST_CHECK_THROW(settings.set("appearance.font_size", "big"), SettingsError);
    settings.set("appearance.font_size", "14");
    BOOST_TEST(settings.get("appearance.font_size") == "14");
    ProviderProfile bad;
    bad.id = "has space";
    BOOST_CHECK_THROW(settings.put_provider(bad), SettingsError);
}

BOOST_AUTO_TEST_CASE(a_corrupt_settings_file_is_a_clear_error_not_a_reset) {
    test::TempDir dir;
    std::ofstream(dir / "settings.json") << "{ not json";
    Settings settings(dir / "settings.json");
    BOOST_CHECK_THROW(settings.load(), SettingsError);
}

BOOST_AUTO_TEST_CASE(portable_home_puts_everything_under_one_directory) {
    test::TempDir dir;
    const auto paths = ProfilePaths::portable(dir.path());
    BOOST_TEST(paths.settings_file().string().starts_with(dir.path().string()));
    BOOST_TEST(paths.history_file().string().starts_with(dir.path().string()));
    BOOST_TEST(paths.profile_id == std::filesystem::weakly_canonical(dir.path()).string());
}

BOOST_AUTO_TEST_SUITE_END()
