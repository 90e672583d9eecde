// Runs inside tests/run-with-session.sh: a private D-Bus session with a real
// gnome-keyring, so these talk to an actual Secret Service.
#include "child-process.h"
#include "os-credential-store.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace parley;

BOOST_AUTO_TEST_SUITE(libsecret_store)

BOOST_AUTO_TEST_CASE(store_lookup_replace_remove_round_trip) {
    auto store = make_os_credential_store("/profiles/one");
    BOOST_REQUIRE(store->is_available());
    store->store("openai", Secret(std::string("sk-first-123")));
    store->store("openai", Secret(std::string("sk-second-456")));
    const auto key = store->lookup("openai");
    BOOST_REQUIRE(key.has_value());
    BOOST_TEST(key->view() == "sk-second-456");
    BOOST_TEST(store->remove("openai"));
    BOOST_TEST(!store->remove("openai"));
    BOOST_TEST(!store->lookup("openai").has_value());
}

BOOST_AUTO_TEST_CASE(profiles_never_see_each_others_keys) {
    auto one = make_os_credential_store("/profiles/a");
    auto two = make_os_credential_store("/profiles/a-longer");
    one->store("shared-id", Secret(std::string("key-of-a")));
    two->store("shared-id", Secret(std::string("key-of-b")));
    two->store("only-b", Secret(std::string("key-only-b")));
    BOOST_TEST(one->lookup("shared-id")->view() == "key-of-a");
    BOOST_TEST(two->lookup("shared-id")->view() == "key-of-b");
    BOOST_TEST(!one->lookup("only-b").has_value());
    BOOST_TEST(one->list() == std::vector<std::string>{"shared-id"});
    auto listed = two->list();
    std::sort(listed.begin(), listed.end());
    BOOST_TEST(listed == (std::vector<std::string>{"only-b", "shared-id"}));
    one->remove("shared-id");
    BOOST_TEST(two->lookup("shared-id").has_value());
    two->remove("shared-id");
    two->remove("only-b");
}

BOOST_AUTO_TEST_CASE(items_carry_the_app_schema_and_a_readable_label_for_secret_tool) {
    auto store = make_os_credential_store("/profiles/tool");
    store->store("gemini", Secret(std::string("AIza-test-key")));
    const auto found = test::run_process("/usr/bin/secret-tool",
                                         {"lookup", "provider", "gemini", "profile", "/profiles/tool"});
    BOOST_TEST(found.exit_code == 0);
    BOOST_TEST(found.out == "AIza-test-key");
    const auto search = test::run_process("/usr/bin/secret-tool", {"search", "--all", "provider", "gemini"});
    BOOST_TEST(search.out.find("Parley API key: gemini") != std::string::npos);
    BOOST_TEST(search.out.find("io.parley.ApiKey") != std::string::npos);
    store->remove("gemini");
    const auto gone = test::run_process("/usr/bin/secret-tool",
                                        {"lookup", "provider", "gemini", "profile", "/profiles/tool"});
    BOOST_TEST(gone.out.empty());
}

BOOST_AUTO_TEST_SUITE_END()
