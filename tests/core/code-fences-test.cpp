#include "chat/code-fences.h"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace parley;

namespace {

// Each segment as "P:" or "C:" and its text, for one readable comparison.
std::vector<std::string> describe(std::string_view text) {
    std::vector<std::string> out;
    std::string joined;
    for (const auto& segment : split_code_fences(text)) {
        out.push_back((segment.code ? "C:" : "P:") + std::string(segment.text));
        joined += segment.text;
    }
    BOOST_TEST(joined == text);
    return out;
}

using Segments = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(code_fences)

BOOST_AUTO_TEST_CASE(a_fenced_block_is_set_apart_with_its_fence_lines) {
    const auto segments = describe("Try this:\n```python\nprint('hi')\n```\nThen run it.");
    BOOST_TEST(segments == (Segments{"P:Try this:\n", "C:```python\nprint('hi')\n```\n", "P:Then run it."}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(prose_alone_and_empty_text_are_one_or_no_segment) {
    BOOST_TEST(describe("no code here\n") == Segments{"P:no code here\n"}, boost::test_tools::per_element());
    BOOST_TEST(describe("").empty());
}

BOOST_AUTO_TEST_CASE(tildes_longer_fences_and_indentation_follow_commonmark) {
    // A closing fence must use the same mark, be at least as long and carry nothing else.
    BOOST_TEST(describe("~~~~\n```\nstill code ~~~\n~~~\n~~~~  \nafter") ==
                   (Segments{"C:~~~~\n```\nstill code ~~~\n~~~\n~~~~  \n", "P:after"}),
               boost::test_tools::per_element());
    // Up to three spaces of indentation; four make it no fence.
    BOOST_TEST(describe("   ```\nx\n   ```\n    ```\n") == (Segments{"C:   ```\nx\n   ```\n", "P:    ```\n"}),
               boost::test_tools::per_element());
    // Two backticks, or a backtick in a backtick fence's info string, are no fence.
    BOOST_TEST(describe("``\nx\n``` a`b\n") == Segments{"P:``\nx\n``` a`b\n"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_unclosed_fence_runs_to_the_end_as_while_a_reply_streams) {
    BOOST_TEST(describe("Here:\n```js\nlet x = 1;") == (Segments{"P:Here:\n", "C:```js\nlet x = 1;"}),
               boost::test_tools::per_element());
    BOOST_TEST(describe("```\r\ncode\r\n```\r\n") == Segments{"C:```\r\ncode\r\n```\r\n"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
