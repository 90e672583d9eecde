#include "licensing/license-envelope.h"
#include "crypto/base64.h"
#include "crypto/ed25519.h"
#include "licensing/license-key.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace parley;

namespace {

std::string from_hex(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return out;
}

LicenseAnswer sample_answer() {
    LicenseAnswer answer;
    answer.status = "active";
    answer.nonce = "n-1";
    answer.fingerprint = "ab12";
    answer.edition = "pro";
    answer.seats = 3;
    answer.seats_used = 1;
    answer.expires = "2027-01-31";
    answer.issued = 1'800'000'000;
    answer.valid_until = 1'800'000'000 + 14 * 86400;
    answer.message = "ok";
    return answer;
}

std::string reencode(const nlohmann::json& envelope, const char* field, const std::string& bytes) {
    nlohmann::json copy = envelope;
    copy[field] = base64_encode(bytes);
    return copy.dump();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(crypto)

BOOST_AUTO_TEST_CASE(ed25519_matches_rfc8032_test_1) {
    const Secret seed(from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    const auto public_key = ed25519_public_key(seed);
    BOOST_TEST(std::string(public_key.begin(), public_key.end()) ==
               from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
    const auto signature = ed25519_sign(seed, "");
    BOOST_TEST(std::string(signature.begin(), signature.end()) ==
               from_hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b4"
                        "6bd25bf5f0595bbe24655141438e7a100b"));
    BOOST_TEST(ed25519_verify(public_key, "", signature));
    BOOST_TEST(!ed25519_verify(public_key, "x", signature));
}

BOOST_AUTO_TEST_CASE(base64_is_strict) {
    BOOST_TEST(base64_encode("foob") == "Zm9vYg==");
    BOOST_TEST(*base64_decode("Zm9vYg==") == "foob");
    BOOST_TEST(*base64_decode("Zm9vYmE=") == "fooba");
    BOOST_TEST(*base64_decode("") == "");
    for (const char* bad : {"Zm9vYg=", "Zm9v\nYg==", "Zm=vYg==", "Zm9vYg==Zm9v", "Zm9v!g==", "===="})
        BOOST_TEST(!base64_decode(bad).has_value(), bad);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(license_envelope)

BOOST_AUTO_TEST_CASE(good_answer_round_trips) {
    const auto pair = generate_ed25519_key_pair();
    const std::vector<Ed25519PublicKey> trusted{pair.public_key};
    const std::string envelope = sign_license_envelope(pair.secret_key, license_answer_to_json(sample_answer()));
    const LicenseAnswer answer = license_answer_from_json(open_license_envelope(envelope, trusted));
    BOOST_TEST(answer.status == "active");
    BOOST_TEST(answer.fingerprint == "ab12");
    BOOST_TEST(*answer.expires == "2027-01-31");
    BOOST_TEST(!answer.updates_until.has_value());
    BOOST_TEST(answer.valid_until == 1'800'000'000 + 14 * 86400);
}

BOOST_AUTO_TEST_CASE(every_flipped_bit_is_refused) {
    const auto pair = generate_ed25519_key_pair();
    const std::vector<Ed25519PublicKey> trusted{pair.public_key};
    const std::string payload = license_answer_to_json(sample_answer());
    const auto envelope = nlohmann::json::parse(sign_license_envelope(pair.secret_key, payload));
    const std::string signature = *base64_decode(envelope["signature"].get<std::string>());
    for (std::size_t i = 0; i < payload.size(); ++i) {
        std::string bad = payload;
        bad[i] = static_cast<char>(bad[i] ^ 0x01);
        BOOST_CHECK_THROW(open_license_envelope(reencode(envelope, "payload", bad), trusted), EnvelopeError);
    }
    for (std::size_t i = 0; i < signature.size(); ++i) {
        std::string bad = signature;
        bad[i] = static_cast<char>(bad[i] ^ 0x80);
        BOOST_CHECK_THROW(open_license_envelope(reencode(envelope, "signature", bad), trusted), EnvelopeError);
    }
}

BOOST_AUTO_TEST_CASE(another_key_or_no_domain_tag_is_refused) {
    const auto vendor = generate_ed25519_key_pair();
    const auto other = generate_ed25519_key_pair();
    const std::vector<Ed25519PublicKey> trusted{vendor.public_key};
    const std::string payload = license_answer_to_json(sample_answer());
    BOOST_CHECK_THROW(open_license_envelope(sign_license_envelope(other.secret_key, payload), trusted), EnvelopeError);

    const auto untagged = ed25519_sign(vendor.secret_key, payload);
    const nlohmann::json envelope = {{"payload", base64_encode(payload)},
                                     {"signature", base64_encode(std::string(untagged.begin(), untagged.end()))}};
    BOOST_CHECK_THROW(open_license_envelope(envelope.dump(), trusted), EnvelopeError);
}

BOOST_AUTO_TEST_CASE(second_trusted_key_is_accepted) {
    const auto old_key = generate_ed25519_key_pair();
    const auto new_key = generate_ed25519_key_pair();
    const std::vector<Ed25519PublicKey> trusted{old_key.public_key, new_key.public_key};
    const std::string payload = license_answer_to_json(sample_answer());
    BOOST_TEST(open_license_envelope(sign_license_envelope(new_key.secret_key, payload), trusted) == payload);
}

BOOST_AUTO_TEST_CASE(malformed_envelopes_and_payloads_are_clear_errors) {
    const auto pair = generate_ed25519_key_pair();
    const std::vector<Ed25519PublicKey> trusted{pair.public_key};
    for (const char* bad :
         {"", "[]", "{}", R"({"payload":1,"signature":"AA=="})", R"({"payload":"!!","signature":"AA=="})"})
        BOOST_CHECK_THROW(open_license_envelope(bad, trusted), EnvelopeError);
    for (
        const char* bad :
        {"", "[]", R"({"status":"active"})",
         R"({"status":"active","nonce":"n","fingerprint":"f","edition":"e","seats":"3","seats_used":0,"issued":1,"valid_until":2,"message":""})"})
        BOOST_CHECK_THROW(license_answer_from_json(bad), EnvelopeError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(license_key)

BOOST_AUTO_TEST_CASE(canonical_form_ignores_case_spaces_dashes_and_look_alikes) {
    const std::string canonical = "ABCDE-FGH2J-KMNPQ-RST3V-WXYZ0";
    BOOST_TEST(*canonical_license_key(canonical) == canonical);
    BOOST_TEST(*canonical_license_key(" abcde fgh2j\tkmnpq-rst3v-wxyzo\n") == canonical);
    BOOST_TEST(*canonical_license_key("ABCDEFGH2JKMNPQRST3VWXYZ0") == canonical);
    BOOST_TEST(*canonical_license_key("11111-IIIII-LLLLL-lllll-iiiii") == "11111-11111-11111-11111-11111");
    for (const char* bad : {"", "ABCDE", "ABCDE-FGH2J-KMNPQ-RST3V-WXYZ", "ABCDE-FGH2J-KMNPQ-RST3V-WXYZ00",
                            "ABCDE-FGH2J-KMNPQ-RST3V-WXYZU", "ABCDE-FGH2J-KMNPQ-RST3V-WXYZ!"})
        BOOST_TEST(!canonical_license_key(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(generated_keys_are_canonical_and_distinct) {
    const std::string a = generate_license_key();
    const std::string b = generate_license_key();
    BOOST_TEST(*canonical_license_key(a) == a);
    BOOST_TEST(a != b);
}

BOOST_AUTO_TEST_SUITE_END()
