// The license state machine as a pure function: plain numbers for times, no
// clock, no files. T0 is an arbitrary instant; nothing depends on the date.
#include "licensing/license-state.h"
#include "crypto/ed25519.h"

#include <boost/test/unit_test.hpp>

#include <ostream>

using namespace parley;

namespace parley {
std::ostream& boost_test_print_type(std::ostream& out, LicenseState state) {
    return out << to_string(state);
}
}  // namespace parley

namespace {

constexpr std::int64_t T0 = 1'900'000'000;
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kHour = 3600;

LicenseAnswer answer_with(const std::string& status, std::int64_t issued, std::int64_t valid_until) {
    LicenseAnswer answer;
    answer.status = status;
    answer.nonce = "n";
    answer.fingerprint = "fp";
    answer.edition = "pro";
    answer.seats = 3;
    answer.seats_used = 1;
    answer.issued = issued;
    answer.valid_until = valid_until;
    return answer;
}

LicenseFacts activated_at(std::int64_t t, std::int64_t grace = 7 * kDay) {
    LicenseFacts facts = first_run_facts(T0);
    accept_answer(facts, t, HeldAnswer{"{}", answer_with("active", t, t + grace)});
    return facts;
}

LicenseState state_at(const LicenseFacts& facts, std::int64_t now) {
    return evaluate(facts, now).state;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(license_state)

BOOST_AUTO_TEST_CASE(evaluation_runs_fourteen_days_and_ends_on_day_fifteen) {
    const LicenseFacts facts = first_run_facts(T0);
    BOOST_TEST(state_at(facts, T0) == LicenseState::trial);
    BOOST_TEST(state_at(facts, T0 + 14 * kDay - 1) == LicenseState::trial);
    BOOST_TEST(state_at(facts, T0 + 14 * kDay) == LicenseState::trial_over);
    BOOST_TEST(evaluate(facts, T0).trial_ends == T0 + 14 * kDay);
    BOOST_TEST(allows_chat(LicenseState::trial));
    BOOST_TEST(!allows_chat(LicenseState::trial_over));
}

BOOST_AUTO_TEST_CASE(an_active_answer_holds_until_valid_until_and_not_a_second_longer) {
    LicenseFacts facts = activated_at(T0 + kDay);
    const std::int64_t end = T0 + kDay + 7 * kDay;
    BOOST_TEST(state_at(facts, T0 + kDay) == LicenseState::active);
    record_no_answer(facts);
    BOOST_TEST(state_at(facts, T0 + 2 * kDay) == LicenseState::offline_grace);
    BOOST_TEST(state_at(facts, end) == LicenseState::offline_grace);
    const LicenseStatus after = evaluate(facts, end + 1);
    BOOST_TEST(after.state == LicenseState::expired);
    BOOST_TEST(after.grace_over);
    BOOST_TEST(allows_chat(LicenseState::offline_grace));
    BOOST_TEST(!allows_chat(LicenseState::expired));
}

BOOST_AUTO_TEST_CASE(a_new_answer_ends_the_offline_grace) {
    LicenseFacts facts = activated_at(T0);
    record_no_answer(facts);
    BOOST_TEST(state_at(facts, T0 + 3 * kDay) == LicenseState::offline_grace);
    accept_answer(facts, T0 + 3 * kDay, HeldAnswer{"{}", answer_with("active", T0 + 3 * kDay, T0 + 10 * kDay)});
    BOOST_TEST(state_at(facts, T0 + 3 * kDay) == LicenseState::active);
    BOOST_TEST(state_at(facts, T0 + 9 * kDay) == LicenseState::active);
}

BOOST_AUTO_TEST_CASE(signed_refusals_end_the_license_at_once) {
    for (const auto& [status, expected] :
         {std::pair{"revoked", LicenseState::revoked}, std::pair{"invalid", LicenseState::revoked},
          std::pair{"expired", LicenseState::expired}}) {
        LicenseFacts facts = activated_at(T0);
        accept_answer(facts, T0 + kHour, HeldAnswer{"{}", answer_with(status, T0 + kHour, T0 + 30 * kDay)});
        BOOST_TEST(state_at(facts, T0 + kHour) == expected, status);
        // ... even while the evaluation would still run.
        BOOST_TEST(!allows_chat(state_at(facts, T0 + kHour)));
    }
}

BOOST_AUTO_TEST_CASE(losing_the_seat_or_deactivating_returns_to_the_evaluation) {
    LicenseFacts facts = activated_at(T0 + kHour);
    accept_answer(facts, T0 + 2 * kHour, HeldAnswer{"{}", answer_with("deactivated", T0 + 2 * kHour, 0)});
    BOOST_TEST(!facts.held.has_value());
    BOOST_TEST(state_at(facts, T0 + 2 * kHour) == LicenseState::trial);
    BOOST_TEST(state_at(facts, T0 + 15 * kDay) == LicenseState::trial_over);
}

BOOST_AUTO_TEST_CASE(the_license_ends_with_its_expiry_date_even_inside_the_grace) {
    LicenseFacts facts = first_run_facts(T0);
    LicenseAnswer answer = answer_with("active", T0, T0 + 30 * kDay);
    answer.expires = "2030-03-17";  // T0 is 2030-03-17T17:46:40Z
    accept_answer(facts, T0, HeldAnswer{"{}", answer});
    const std::int64_t day_end = *end_of_utc_day("2030-03-17");
    BOOST_TEST(day_end == 1'900'022'400);
    BOOST_TEST(state_at(facts, day_end - 1) == LicenseState::active);
    BOOST_TEST(state_at(facts, day_end) == LicenseState::expired);
    BOOST_TEST(!evaluate(facts, day_end).grace_over);
}

BOOST_AUTO_TEST_CASE(a_clock_more_than_two_hours_behind_the_high_water_mark_is_set_back) {
    LicenseFacts facts = activated_at(T0);
    observe_time(facts, T0 + 5 * kHour);
    BOOST_TEST(state_at(facts, T0 + 3 * kHour) == LicenseState::active);  // 2 h behind: tolerated
    BOOST_TEST(state_at(facts, T0 + 3 * kHour - 1) == LicenseState::clock_set_back);
    BOOST_TEST(state_at(facts, T0 + 2 * kHour) == LicenseState::clock_set_back);
    BOOST_TEST(!allows_chat(LicenseState::clock_set_back));
    // The evaluation cannot be stretched by turning the clock back either.
    LicenseFacts trial = first_run_facts(T0);
    observe_time(trial, T0 + 13 * kDay);
    BOOST_TEST(state_at(trial, T0 + 10 * kDay) == LicenseState::clock_set_back);
}

BOOST_AUTO_TEST_CASE(a_successful_validation_clears_a_set_back_clock) {
    LicenseFacts facts = activated_at(T0);
    observe_time(facts, T0 + 5 * kHour);
    const std::int64_t local = T0 + 2 * kHour;  // three hours behind the service
    BOOST_TEST(state_at(facts, local) == LicenseState::clock_set_back);
    accept_answer(facts, local, HeldAnswer{"{}", answer_with("active", T0 + 5 * kHour, T0 + 12 * kDay)});
    BOOST_TEST(state_at(facts, local) == LicenseState::active);
    // The service's time counts from now on: the grace ends when it says.
    record_no_answer(facts);
    BOOST_TEST(state_at(facts, T0 + 12 * kDay - 3 * kHour) == LicenseState::offline_grace);
    BOOST_TEST(state_at(facts, T0 + 12 * kDay - 3 * kHour + 1) == LicenseState::expired);
}

BOOST_AUTO_TEST_CASE(a_clock_moved_forward_then_back_cannot_stretch_the_grace) {
    LicenseFacts facts = activated_at(T0);  // grace until T0 + 7 days
    record_no_answer(facts);
    observe_time(facts, T0 + 6 * kDay);  // run once six days ahead...
    // ... then back to one day after activation: either refused as set back...
    BOOST_TEST(state_at(facts, T0 + kDay) == LicenseState::clock_set_back);
    // ... or, within the tolerance, counted from the high-water mark.
    observe_time(facts, T0 + 8 * kDay);
    BOOST_TEST(state_at(facts, T0 + 8 * kDay - kHour) == LicenseState::expired);
    // A high-water mark pushed past the grace by a clock set forward stays.
    LicenseFacts forward = activated_at(T0);
    record_no_answer(forward);
    observe_time(forward, T0 + 8 * kDay);
    BOOST_TEST(state_at(forward, T0 + 2 * kDay) == LicenseState::clock_set_back);
    BOOST_TEST(state_at(forward, T0 + 8 * kDay) == LicenseState::expired);
}

BOOST_AUTO_TEST_CASE(revalidation_is_due_after_a_day_or_after_a_failure) {
    LicenseFacts facts = activated_at(T0);
    BOOST_TEST(!needs_revalidation(facts, T0 + kDay - 1));
    BOOST_TEST(needs_revalidation(facts, T0 + kDay));
    LicenseFacts failed = activated_at(T0);
    record_no_answer(failed);
    BOOST_TEST(needs_revalidation(failed, T0 + kHour));
    BOOST_TEST(!needs_revalidation(first_run_facts(T0), T0 + 20 * kDay));
}

BOOST_AUTO_TEST_CASE(dates_are_checked_strictly) {
    BOOST_TEST(end_of_utc_day("1970-01-01").value() == 86400);
    BOOST_TEST(!end_of_utc_day("2030-13-01"));
    BOOST_TEST(!end_of_utc_day("2030-1-011"));
    BOOST_TEST(!end_of_utc_day("30-01-01"));
    BOOST_TEST(!end_of_utc_day("2030-01-0x"));
}

BOOST_AUTO_TEST_SUITE_END()
