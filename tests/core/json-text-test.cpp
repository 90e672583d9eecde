#include "util/json-text.h"
#include "licensing/license-envelope.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace parley;
using nlohmann::json;

namespace {

// What license_answer_to_json wrote when it built the object with nlohmann.
std::string nlohmann_answer(const LicenseAnswer& answer) {
    const auto date = [](const std::optional<std::string>& d) { return d ? json(*d) : json(nullptr); };
    return json{{"status", answer.status},
                {"nonce", answer.nonce},
                {"fingerprint", answer.fingerprint},
                {"edition", answer.edition},
                {"seats", answer.seats},
                {"seats_used", answer.seats_used},
                {"expires", date(answer.expires)},
                {"updates_until", date(answer.updates_until)},
                {"issued", answer.issued},
                {"valid_until", answer.valid_until},
                {"message", answer.message}}
        .dump();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_text)

BOOST_AUTO_TEST_CASE(a_license_answer_is_written_byte_for_byte_as_nlohmann_dump_writes_it) {
    std::vector<LicenseAnswer> answers(4);
    answers[0].status = "active";
    answers[0].nonce = "n-1";
    answers[0].fingerprint = std::string(64, 'a');
    answers[0].edition = "pro";
    answers[0].seats = 3;
    answers[0].seats_used = 1;
    answers[0].expires = "2027-01-31";
    answers[0].issued = 1'800'000'000;
    answers[0].valid_until = 1'801'209'600;
    answers[0].message = "this machine holds one of the license's seats";
    answers[1] = answers[0];
    answers[1].message = "seat limit reached: 1 of 1 machine is active; deactivate one in Parley (Help › License)";
    answers[1].updates_until = "2026-12-31";
    answers[2] = answers[0];
    answers[2].nonce = "quote \" backslash \\ tab \t newline \n bell \x07 del \x7f é";
    answers[2].expires.reset();
    answers[3].issued = -5;  // everything else empty or zero
    for (const LicenseAnswer& answer : answers) BOOST_TEST(license_answer_to_json(answer) == nlohmann_answer(answer));
}

BOOST_AUTO_TEST_CASE(numbers_and_invalid_utf8_are_written_as_nlohmann_writes_them) {
    const std::string invalid =
        "a\xff"
        "b";
    const std::string text = JsonObjectText(json::error_handler_t::replace)
                                 .field("a", 12.0)
                                 .field("b", 0.001)
                                 .field("c", 2.5e-7)
                                 .field("d", std::int64_t{-42})
                                 .field("e", invalid)
                                 .null_field("f")
                                 .finish();
    const json expected = {{"a", 12.0}, {"b", 0.001}, {"c", 2.5e-7}, {"d", -42}, {"e", invalid}, {"f", nullptr}};
    BOOST_TEST(text == expected.dump(-1, ' ', false, json::error_handler_t::replace));
    BOOST_CHECK_THROW(JsonObjectText().field("e", invalid), json::type_error);
    BOOST_TEST(JsonObjectText().finish() == "{}");
}

BOOST_AUTO_TEST_SUITE_END()
