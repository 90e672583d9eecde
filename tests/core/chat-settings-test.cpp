// The chat defaults both front ends take from the settings.
#include "chat/chat-settings.h"
#include "temp-dir.h"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace parley;

namespace {

Settings settings_with(const test::TempDir& dir, const std::map<std::string, std::string>& values) {
    Settings settings(dir / "settings.json");
    for (const auto& [key, value] : values) settings.set(key, value);
    return settings;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(chat_settings)

BOOST_AUTO_TEST_CASE(unset_settings_leave_the_options_as_given) {
    test::TempDir dir;
    const Settings settings(dir / "settings.json");
    const ChatOptions options = apply_chat_settings(settings, {}, ChatTarget::new_conversation);
    BOOST_TEST(!options.temperature.has_value());
    BOOST_TEST(!options.max_tokens.has_value());
    BOOST_TEST(!options.system_prompt.has_value());
}

BOOST_AUTO_TEST_CASE(a_new_conversation_gets_every_configured_default) {
    test::TempDir dir;
    const Settings settings = settings_with(
        dir, {{"chat.temperature", "0.25"}, {"chat.max_tokens", "321"}, {"chat.system_prompt", "Answer in French."}});
    ChatOptions given;
    given.model = "m";
    const ChatOptions options = apply_chat_settings(settings, given, ChatTarget::new_conversation);
    BOOST_TEST(options.temperature.value_or(-1) == 0.25);
    BOOST_TEST(options.max_tokens.value_or(-1) == 321);
    BOOST_TEST(options.system_prompt.value_or("") == "Answer in French.");
    BOOST_TEST(options.model == "m");
}

BOOST_AUTO_TEST_CASE(an_existing_conversation_keeps_its_system_prompt_but_takes_the_sampling_defaults) {
    test::TempDir dir;
    const Settings settings = settings_with(
        dir, {{"chat.temperature", "1.5"}, {"chat.max_tokens", "7"}, {"chat.system_prompt", "Be terse."}});
    const ChatOptions options = apply_chat_settings(settings, {}, ChatTarget::existing_conversation);
    BOOST_TEST(!options.system_prompt.has_value());
    BOOST_TEST(options.temperature.value_or(-1) == 1.5);
    BOOST_TEST(options.max_tokens.value_or(-1) == 7);
}

BOOST_AUTO_TEST_CASE(values_given_explicitly_win_over_the_settings) {
    test::TempDir dir;
    const Settings settings = settings_with(
        dir, {{"chat.temperature", "1.5"}, {"chat.max_tokens", "7"}, {"chat.system_prompt", "Be terse."}});
    ChatOptions given;
    given.temperature = 0.0;
    given.max_tokens = 99;
    given.system_prompt = "Given.";
    const ChatOptions options = apply_chat_settings(settings, given, ChatTarget::new_conversation);
    BOOST_TEST(options.temperature.value_or(-1) == 0.0);
    BOOST_TEST(options.max_tokens.value_or(-1) == 99);
    BOOST_TEST(options.system_prompt.value_or("") == "Given.");
}

BOOST_AUTO_TEST_CASE(a_hand_edited_bad_value_is_refused_by_name) {
    test::TempDir dir;
    for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{{"chat.temperature", "warm"},
                                                                                     {"chat.temperature", "7"},
                                                                                     {"chat.max_tokens", "0"},
                                                                                     {"chat.max_tokens", "9x"}}) {
        std::ofstream(dir / "settings.json") << R"({"config": {")" << key << R"(": ")" << value << R"("}})";
        Settings settings(dir / "settings.json");
        settings.load();
        try {
            apply_chat_settings(settings, {}, ChatTarget::new_conversation);
            BOOST_ERROR(key << "=" << value << " was accepted");
        } catch (const SettingsError& e) {
            BOOST_TEST(std::string(e.what()).find(key) != std::string::npos);
            BOOST_TEST(std::string(e.what()).find("'" + value + "'") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
