// The Windows machine id against a real registry: Wine's, in the throwaway
// prefix run-wine-tests.sh makes, or Windows' own.
#include <boost/test/unit_test.hpp>

#include "machine-id.h"

#include <string>

using namespace parley;

BOOST_AUTO_TEST_SUITE(machine_id_windows)

BOOST_AUTO_TEST_CASE(reads_the_machine_guid_the_same_way_every_time) {
    const Secret first = read_machine_id();
    const Secret second = read_machine_id();
    const std::string id(first.view());
    BOOST_TEST(id.size() == 36U, id);
    BOOST_TEST(id[8] == '-');
    BOOST_TEST(id[13] == '-');
    BOOST_TEST(id.find_first_not_of("0123456789abcdefABCDEF-") == std::string::npos, id);
    BOOST_TEST(first.view() == second.view());
}

BOOST_AUTO_TEST_SUITE_END()
