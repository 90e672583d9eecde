#include "chat/growing-text.h"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace parley;

BOOST_AUTO_TEST_SUITE(growing_text)

BOOST_AUTO_TEST_CASE(pieces_of_every_size_add_up_to_the_same_bytes_as_a_string) {
    GrowingText text;
    std::string expected;
    BOOST_TEST(text.empty());
    BOOST_TEST(text.view().empty());
    // Sizes that cross each doubling at a different point, NULs and bytes
    // of every value included, to 6 MB: past malloc's threshold for blocks
    // of their own, where realloc moves pages rather than bytes.
    for (std::size_t i = 0; expected.size() < 6 * 1024 * 1024; ++i) {
        std::string piece(i % 97 == 0 ? 70000 : i % 29, '\0');
        for (std::size_t j = 0; j < piece.size(); ++j) piece[j] = static_cast<char>((i * 31 + j) & 0xFF);
        text.append(piece);
        expected += piece;
    }
    BOOST_TEST(text.size() == expected.size());
    BOOST_TEST((text.view() == expected));
    BOOST_TEST((text.str() == expected));
}

BOOST_AUTO_TEST_CASE(a_moved_text_keeps_its_bytes_and_leaves_an_empty_one_behind) {
    GrowingText first;
    first.append("the pangolin");
    first.append("");
    GrowingText second = std::move(first);
    BOOST_TEST(second.view() == "the pangolin");
    BOOST_TEST(first.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
    first.append("again");
    BOOST_TEST(first.view() == "again");
    second = std::move(first);
    BOOST_TEST(second.view() == "again");
    BOOST_TEST(first.size() == 0U);  // NOLINT(bugprone-use-after-move)
}

BOOST_AUTO_TEST_SUITE_END()
