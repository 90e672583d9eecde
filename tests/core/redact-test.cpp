#include "vault/redact.h"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace parley;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(redact)

BOOST_AUTO_TEST_CASE(openai_legacy_key_in_a_log_line) {
    const std::string key = "sk-" + std::string("T3BlbkFJx8Qm2Lw9Zp4Rt7Yv1Bn6Ck5Dj0Fh3Gs8Ha2Je4K");
    const std::string text = "request failed with key " + key + ", giving up";

    BOOST_TEST(redact_secrets(text) == "request failed with key [redacted], giving up");
}

BOOST_AUTO_TEST_CASE(openai_project_key_echoed_in_a_401) {
    const std::string text =
        R"({"error":{"message":"Incorrect API key provided: )"
        R"(sk-proj-ab12********************************************wXyZ. )"
        R"(You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error",)"
        R"("param":null,"code":"invalid_api_key"}})";
    const std::string redacted = redact_secrets(text);

    BOOST_TEST(!contains(redacted, "sk-proj"));
    BOOST_TEST(contains(redacted, "Incorrect API key provided: [redacted]. You can find your API key at "
                                  "https://platform.openai.com/account/api-keys."));
    BOOST_TEST(contains(redacted, R"("code":"invalid_api_key")"));
}

BOOST_AUTO_TEST_CASE(anthropic_key_in_an_error_body) {
    const std::string key = "sk-ant-api03-Xy7_kQ2mZp9-Lw4Rt1Vb8Nc3Hd6Jf0Gs5Ka2Ue7Wi4Oq9AA";
    const std::string text = R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key )" +
                             key + R"("}})";

    BOOST_TEST(redact_secrets(text) ==
               R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key [redacted]"}})");
}

BOOST_AUTO_TEST_CASE(google_key_in_a_request_url) {
    const std::string text =
        "POST https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-pro:generateContent"
        "?key=AIzaSyD4-xQ9mLp2Rz7Wv1Tb8Nc3Hk6Jf0Gs5Ye&alt=sse failed: 400 API key not valid. Please pass a valid "
        "API key. (API_KEY_INVALID)";

    BOOST_TEST(redact_secrets(text) ==
               "POST https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-pro:generateContent"
               "?key=[redacted]&alt=sse failed: 400 API key not valid. Please pass a valid API key. (API_KEY_INVALID)");
}

BOOST_AUTO_TEST_CASE(google_key_without_digits_is_still_redacted) {
    // About one Google key in 300 has no digit, which the generic rule needs.
    const std::string text = "400 API key not valid: AIzaSyAbCdEfGhIjKlMnOpQrStUvWxYz_-AbCdE";

    BOOST_TEST(redact_secrets(text) == "400 API key not valid: [redacted]");
}

BOOST_AUTO_TEST_CASE(bearer_token_echoed_by_a_proxy) {
    const std::string text =
        "upstream rejected headers {Authorization: Bearer "
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMyJ9.c2lnbmF0dXJl+/= ; Accept: text/event-stream}";

    BOOST_TEST(redact_secrets(text) ==
               "upstream rejected headers {Authorization: Bearer [redacted] ; Accept: text/event-stream}");
}

BOOST_AUTO_TEST_CASE(bearer_is_matched_in_any_case) {
    BOOST_TEST(redact_secrets("authorization: bearer abc123def456") == "authorization: bearer [redacted]");
}

BOOST_AUTO_TEST_CASE(generic_long_token_from_another_provider) {
    const std::string text = "Groq says: Invalid API Key gsk_9fKq2LmZ7pXw4RtY1vBn8Cd3Hj6Sg0Ae5Ui2Ko7Wq4Ez9Ty";

    BOOST_TEST(redact_secrets(text) == "Groq says: Invalid API Key [redacted]");
}

BOOST_AUTO_TEST_CASE(hex_key_of_an_openai_compatible_server) {
    BOOST_TEST(redact_secrets("api-key 3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c rejected") == "api-key [redacted] rejected");
}

BOOST_AUTO_TEST_CASE(model_names_are_kept) {
    const std::string text =
        "The model `gpt-4o-2024-08-06` does not exist or you do not have access to it. Try claude-3-5-sonnet-20241022, "
        "gemini-2.0-flash-thinking-exp-01-21 or models/gemini-1.5-pro-latest.";

    BOOST_TEST(redact_secrets(text) == text);
}

BOOST_AUTO_TEST_CASE(uuid_conversation_ids_are_kept) {
    const std::string text =
        "conversation 123e4567-e89b-12d3-a456-426614174000 not found; see conv_0f8fad5b-d9cb-469f-a165-70867728950e";

    BOOST_TEST(redact_secrets(text) == text);
}

BOOST_AUTO_TEST_CASE(ordinary_prose_is_kept) {
    const std::string text =
        "Rate limit reached for gpt-4o in organization org-AbCdEf123456 on tokens per min (TPM): Limit 30000, "
        "Used 29000, Requested 1500. Please try again in 1.02s. Bearer authentication failed for the task-list "
        "and the risk-free disk-space check; pneumonoultramicroscopicsilicovolcanoconiosis; "
        "12345678901234567890123456789012345; sk-learn; a Bearer token is needed.";

    BOOST_TEST(redact_secrets(text) == text);
}

BOOST_AUTO_TEST_CASE(short_masked_echo_is_not_a_key_shape) {
    // Too short to be a key: redact_known removes it when the key is known.
    BOOST_TEST(redact_secrets("Incorrect API key provided: sk-ab***cd.") == "Incorrect API key provided: sk-ab***cd.");
}

BOOST_AUTO_TEST_CASE(redaction_is_idempotent) {
    const std::string text = "key sk-proj-Q7vB2xKp9LmN4rT8wYz1AcDeFg and Bearer abcdef0123456789 and "
                             "AIzaSyD4-xQ9mLp2Rz7Wv1Tb8Nc3Hk6Jf0Gs5Ye";
    const std::string once = redact_secrets(text);

    BOOST_TEST(once == "key [redacted] and Bearer [redacted] and [redacted]");
    BOOST_TEST(redact_secrets(once) == once);
}

BOOST_AUTO_TEST_CASE(known_secret_is_removed_wherever_it_appears) {
    const std::string key = "local-server-token";
    BOOST_TEST(redact_known("401: token local-server-token is not valid (got local-server-token)", key) ==
               "401: token [redacted] is not valid (got [redacted])");
}

BOOST_AUTO_TEST_CASE(known_secret_is_removed_in_url_encoded_form) {
    const std::string key = "abc+def/ghi=jkl";
    BOOST_TEST(redact_known("GET /v1/models?key=abc%2Bdef%2Fghi%3Djkl failed", key) ==
               "GET /v1/models?key=[redacted] failed");
    BOOST_TEST(redact_known("GET /v1/models?key=abc%2bdef%2fghi%3djkl failed", key) ==
               "GET /v1/models?key=[redacted] failed");
}

BOOST_AUTO_TEST_CASE(masked_echo_of_the_known_secret_is_removed) {
    const std::string key = "sk-abQ7vB2xKp9LmN4rT8wYz1cd";
    BOOST_TEST(redact_known("Incorrect API key provided: sk-ab***cd. You can find your API key at "
                            "https://platform.openai.com/account/api-keys.",
                            key) ==
               "Incorrect API key provided: [redacted]. You can find your API key at "
               "https://platform.openai.com/account/api-keys.");
}

BOOST_AUTO_TEST_CASE(masked_echo_is_removed_when_the_key_holds_non_word_characters) {
    const std::string key = "local/server+token-7f3/a9";
    BOOST_TEST(redact_known("Key presented (shown as local***3/a9).", key) == "Key presented (shown as [redacted]).");
    BOOST_TEST(redact_known("masked: loca****/a9 and local/***", key) == "masked: [redacted] and [redacted]");
}

BOOST_AUTO_TEST_CASE(masked_text_that_does_not_match_the_secret_is_kept) {
    const std::string key = "sk-abQ7vB2xKp9LmN4rT8wYz1cd";
    const std::string text = "see **bold**, rated ***** by ****cd, sk-zz***cd and foo***bar";
    BOOST_TEST(redact_known(text, key) == text);
}

BOOST_AUTO_TEST_CASE(short_placeholder_secret_is_not_searched_for) {
    BOOST_TEST(redact_known("ollama could not load the model", "ollama") == "ollama could not load the model");
    BOOST_TEST(redact_known("nothing to see", "") == "nothing to see");
}

BOOST_AUTO_TEST_CASE(text_without_the_secret_is_unchanged) {
    const std::string text = "The model `gpt-4o-2024-08-06` does not exist";
    BOOST_TEST(redact_known(text, "sk-proj-Q7vB2xKp9LmN4rT8wYz1AcDeFg") == text);
}

BOOST_AUTO_TEST_SUITE_END()
