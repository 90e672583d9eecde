#include "vault/secret.h"

#include <boost/test/unit_test.hpp>

using namespace parley;

BOOST_AUTO_TEST_SUITE(secret)

BOOST_AUTO_TEST_CASE(moved_from_secret_is_empty) {
    Secret a(std::string("sk-abc"));
    Secret b(std::move(a));
    BOOST_TEST(b.view() == "sk-abc");
    BOOST_TEST(a.empty());  // NOLINT(bugprone-use-after-move): the wipe is the point
}

BOOST_AUTO_TEST_CASE(wipe_string_clears_the_whole_capacity) {
    std::string text(64, 'k');
    text.resize(4);
    const char* data = text.data();
    wipe_string(text);
    BOOST_TEST(text.empty());
    for (int i = 0; i < 64; ++i) BOOST_TEST(data[i] == '\0');
}

BOOST_AUTO_TEST_SUITE_END()
