#include "util/utc-time.h"

#include <boost/test/unit_test.hpp>

using namespace parley;

BOOST_AUTO_TEST_SUITE(utc_time)

BOOST_AUTO_TEST_CASE(instants_round_trip) {
    BOOST_TEST(format_utc_iso8601(0) == "1970-01-01T00:00:00Z");
    BOOST_TEST(format_utc_iso8601(1'451'606'400) == "2016-01-01T00:00:00Z");
    BOOST_TEST(format_utc_iso8601(1'577'836'799) == "2019-12-31T23:59:59Z");
    BOOST_TEST(*parse_utc_iso8601("2016-01-01T00:00:00Z") == 1'451'606'400);
    BOOST_TEST(*parse_utc_iso8601("2024-02-29T12:34:56Z") == 1'709'210'096);
    for (std::int64_t t : {0LL, 86'399LL, 951'782'400LL, 4'102'444'799LL})
        BOOST_TEST(*parse_utc_iso8601(format_utc_iso8601(t)) == t);
}

BOOST_AUTO_TEST_CASE(dates_are_day_starts) {
    BOOST_TEST(*parse_utc_date("2020-01-01") == 1'577'836'800);
    BOOST_TEST(format_utc_date(1'577'836'800 + 86'399) == "2020-01-01");
}

BOOST_AUTO_TEST_CASE(other_spellings_are_refused) {
    for (const char* bad : {"", "2016-01-01", "2016-01-01T00:00:00", "2016-01-01 00:00:00Z", "2016-1-01T00:00:00Z",
                            "2016-02-30T00:00:00Z", "2016-01-01T24:00:00Z", "2016-01-01T00:60:00Z",
                            "2016-01-01T00:00:00+00:00", "2016-01-01T00:00:00.5Z", "+016-01-01T00:00:00Z"})
        BOOST_TEST(!parse_utc_iso8601(bad).has_value(), bad);
    for (const char* bad : {"2016-13-01", "2016-00-10", "2016-01-32", "2016/01/01", "2016-01-01T"})
        BOOST_TEST(!parse_utc_date(bad).has_value(), bad);
}

BOOST_AUTO_TEST_SUITE_END()
