// Which environment variable may serve a provider: only the vendor's own
// https endpoint gets the vendor's key.
#include "vault/key-resolver.h"
#include "vault/key-text.h"

#include <boost/test/unit_test.hpp>

#include <map>

using namespace parley;

namespace {

struct Row {
    ProviderKind kind;
    std::string preset;
    std::string base_url;
    KeySource expected;
    std::string variable;  // expected detail when served from the environment
};

ProviderProfile profile_of(const Row& row) {
    ProviderProfile profile;
    profile.id = "p";
    profile.kind = row.kind;
    profile.preset = row.preset;
    profile.base_url = row.base_url;
    return profile;
}

const std::map<std::string, std::string> kEnvironment = {
    {"OPENAI_API_KEY", "sk-openai-env"}, {"ANTHROPIC_API_KEY", "sk-ant-env"},   {"GEMINI_API_KEY", "AIza-env"},
    {"OPENROUTER_API_KEY", "sk-or-env"}, {"AZURE_OPENAI_API_KEY", "azure-env"}, {"GROQ_API_KEY", "gsk-env"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(key_resolver)

BOOST_AUTO_TEST_CASE(environment_keys_follow_the_host_not_the_kind) {
    using K = ProviderKind;
    using S = KeySource;
    const Row rows[] = {
        {K::openai, "", "", S::environment, "OPENAI_API_KEY"},
        {K::openai, "", "https://api.openai.com/v1", S::environment, "OPENAI_API_KEY"},
        {K::openai, "", "https://API.OpenAI.com:443/v1/", S::environment, "OPENAI_API_KEY"},
        {K::openai, "", "https://gateway.example/v1", S::missing, ""},
        {K::openai, "", "https://api.openai.com.evil.example/v1", S::missing, ""},
        {K::openai, "", "https://api.openai.com:8443/v1", S::missing, ""},
        {K::openai, "", "http://api.openai.com/v1", S::missing, ""},
        {K::openai, "", "http://127.0.0.1:8080/v1", S::missing, ""},
        {K::anthropic, "", "", S::environment, "ANTHROPIC_API_KEY"},
        {K::anthropic, "", "https://proxy.example", S::missing, ""},
        {K::gemini, "", "https://generativelanguage.googleapis.com", S::environment, "GEMINI_API_KEY"},
        {K::gemini, "", "https://gemini.example", S::missing, ""},
        {K::openai_compatible, "openrouter", "", S::environment, "OPENROUTER_API_KEY"},
        {K::openai_compatible, "openrouter", "https://api.groq.com/openai/v1", S::none_needed, ""},
        {K::openai_compatible, "groq", "", S::environment, "GROQ_API_KEY"},
        {K::openai_compatible, "azure", "https://my-resource.openai.azure.com", S::environment, "AZURE_OPENAI_API_KEY"},
        {K::openai_compatible, "azure", "https://my-resource.example.com", S::none_needed, ""},
        {K::openai_compatible, "", "https://api.openai.com/v1", S::none_needed, ""},
        {K::openai_compatible, "ollama", "", S::none_needed, ""},
    };
    const KeyResolver resolver(nullptr, nullptr, [](const std::string& name) -> std::optional<std::string> {
        const auto it = kEnvironment.find(name);
        if (it == kEnvironment.end()) return std::nullopt;
        return it->second;
    });
    for (const auto& row : rows) {
        const auto profile = profile_of(row);
        const ResolvedKey resolved = resolver.resolve(profile);
        BOOST_TEST(to_string(resolved.source) == to_string(row.expected), row.preset << " " << row.base_url);
        BOOST_TEST(KeyResolver::env_variable_for(profile) == row.variable, row.preset << " " << row.base_url);
        if (row.expected == S::environment) {
            BOOST_TEST(resolved.detail == row.variable);
            BOOST_TEST(resolved.key.view() == kEnvironment.at(row.variable));
        } else {
            BOOST_TEST(resolved.key.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(an_unused_variable_is_named_without_its_value) {
    const KeyResolver resolver(nullptr, nullptr, [](const std::string& name) -> std::optional<std::string> {
        if (name == "OPENAI_API_KEY") return "sk-openai-env";
        return std::nullopt;
    });
    const auto resolved =
        resolver.resolve(profile_of({ProviderKind::openai, "", "https://gateway.example/v1", {}, ""}));
    BOOST_TEST(to_string(resolved.source) == "missing");
    BOOST_TEST(resolved.detail == "OPENAI_API_KEY is set but is sent only to api.openai.com");
}

BOOST_AUTO_TEST_CASE(keys_with_control_characters_are_named_as_such) {
    BOOST_TEST(key_text_problem("sk-proj-abc_DEF-123.xyz~").empty());
    BOOST_TEST(key_text_problem("sk-ключ").empty());
    for (const std::string& bad : {std::string("sk\r\nX-A: b"), std::string("sk\n"), std::string("sk\0x", 4),
                                  std::string("s\tk"), std::string("sk\x7f"), std::string("\x1b[2J")}) {
        const std::string problem = key_text_problem(bad);
        BOOST_TEST(problem.find("control character") != std::string::npos, problem);
        BOOST_TEST(problem.find("sk") == std::string::npos, problem);
    }
    BOOST_TEST(key_text_problem("sk\r\nX").find("0x0D at position 3") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
