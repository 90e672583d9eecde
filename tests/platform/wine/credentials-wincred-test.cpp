// The Windows Credential Manager backend against a real advapi32: Wine's,
// inside a throwaway WINEPREFIX (run-wine-tests.sh), or Windows' own. Every
// test uses profiles of its own and removes what it stored.
#define BOOST_TEST_MODULE credentials_wincred
#include <boost/test/included/unit_test.hpp>

#include "os-credential-store.h"

#include <windows.h>
#include <wincred.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

using namespace parley;

namespace {

Secret secret(std::string_view value) { return Secret(std::string(value)); }

struct CredFreeDeleter {
    void operator()(CREDENTIALW* credential) const { CredFree(credential); }
};
using RawCredential = std::unique_ptr<CREDENTIALW, CredFreeDeleter>;

// Reads an item straight from advapi32, bypassing the store under test.
RawCredential raw_read(const std::wstring& target) {
    CREDENTIALW* credential = nullptr;
    if (!CredReadW(target.c_str(), CRED_TYPE_GENERIC, 0, &credential)) return nullptr;
    return RawCredential(credential);
}

std::string blob_of(const CREDENTIALW& credential) {
    return std::string(reinterpret_cast<const char*>(credential.CredentialBlob), credential.CredentialBlobSize);
}

// A store for one profile that removes whatever the test left in it.
class ScopedStore {
public:
    explicit ScopedStore(const std::string& profile) : store_(make_os_credential_store(profile)) {}
    ScopedStore(const ScopedStore&) = delete;
    ScopedStore& operator=(const ScopedStore&) = delete;
    ~ScopedStore() {
        try {
            for (const auto& id : store_->list()) store_->remove(id);
        } catch (const std::exception& e) {
            BOOST_TEST_MESSAGE("cleanup failed: " << e.what());
        }
    }
    CredentialStore* operator->() const { return store_.get(); }
    CredentialStore& operator*() const { return *store_; }

private:
    std::unique_ptr<CredentialStore> store_;
};

std::string message_of_failed_store(CredentialStore& store, const std::string& id, const std::string& key) {
    try {
        store.store(id, secret(key));
    } catch (const CredentialError& e) {
        return e.what();
    }
    BOOST_ERROR("store() of '" << id << "' did not throw");
    return {};
}

bool is_denied(const CredentialError& e) { return e.kind() == CredentialError::Kind::denied; }

}  // namespace

BOOST_AUTO_TEST_SUITE(wincred_store)

BOOST_AUTO_TEST_CASE(is_available_even_when_nothing_is_stored) {
    // In a fresh WINEPREFIX CredEnumerateW finds nothing and fails with
    // ERROR_NOT_FOUND: that is a working, empty store.
    DWORD count = 0;
    PCREDENTIALW* items = nullptr;
    const bool found = CredEnumerateW(L"Parley/*", 0, &count, &items);
    if (found) CredFree(items);
    BOOST_WARN_MESSAGE(!found && GetLastError() == ERROR_NOT_FOUND, "the store already holds Parley items");
    ScopedStore store("C:\\Parley\\available");
    BOOST_TEST(store->is_available());
    BOOST_TEST(store->name() == "Windows Credential Manager");
}

BOOST_AUTO_TEST_CASE(store_then_lookup_returns_the_same_key) {
    ScopedStore store("C:\\Parley\\round-trip");
    BOOST_TEST(!store->lookup("openai").has_value());
    store->store("openai", secret("sk-round-trip-123"));
    const auto key = store->lookup("openai");
    BOOST_REQUIRE(key.has_value());
    BOOST_TEST(key->view() == "sk-round-trip-123");
}

BOOST_AUTO_TEST_CASE(store_replaces_an_existing_key) {
    ScopedStore store("C:\\Parley\\replace");
    store->store("anthropic", secret("sk-ant-first"));
    store->store("anthropic", secret("sk-ant-second-and-longer"));
    store->store("anthropic", secret("sk-ant-3"));
    BOOST_TEST(store->lookup("anthropic")->view() == "sk-ant-3");
    BOOST_TEST(store->list() == std::vector<std::string>{"anthropic"});
}

BOOST_AUTO_TEST_CASE(remove_returns_true_then_false_and_lookup_is_empty_after) {
    ScopedStore store("C:\\Parley\\remove");
    store->store("gemini", secret("AIza-remove"));
    BOOST_TEST(store->remove("gemini"));
    BOOST_TEST(!store->remove("gemini"));
    BOOST_TEST(!store->lookup("gemini").has_value());
    BOOST_TEST(store->list().empty());
    BOOST_TEST(!store->remove("never-stored"));
}

BOOST_AUTO_TEST_CASE(list_shows_exactly_this_profiles_provider_ids) {
    ScopedStore store("C:\\Parley\\list");
    ScopedStore other("C:\\Parley\\list-other");
    BOOST_TEST(store->list().empty());
    store->store("openai", secret("k1"));
    store->store("local.llama_3", secret("k2"));
    store->store("Anthropic-EU", secret("k3"));
    other->store("mistral", secret("k4"));
    BOOST_TEST(store->list() == (std::vector<std::string>{"Anthropic-EU", "local.llama_3", "openai"}));
    BOOST_TEST(other->list() == std::vector<std::string>{"mistral"});
}

BOOST_AUTO_TEST_CASE(profiles_never_see_each_others_keys_even_when_one_id_prefixes_another) {
    // Each id is a prefix or suffix of another, or holds the '@' that
    // separates provider from profile in the item's name.
    const std::vector<std::string> profiles = {"C:\\Parley", "C:\\Parley-work", "C:\\Parley\\nested", "Parley",
                                               "x@C:\\Parley", "C:\\Parley@x", ""};
    std::vector<std::unique_ptr<ScopedStore>> stores;
    for (const auto& profile : profiles) stores.push_back(std::make_unique<ScopedStore>(profile));
    for (std::size_t i = 0; i < stores.size(); ++i) {
        (*stores[i])->store("shared", secret("key-of-" + std::to_string(i)));
        if (i == 0) (*stores[i])->store("only-first", secret("key-only-first"));
    }
    for (std::size_t i = 0; i < stores.size(); ++i) {
        BOOST_TEST_CONTEXT("profile '" << profiles[i] << "'") {
            auto& store = *stores[i];
            BOOST_TEST(store->lookup("shared")->view() == "key-of-" + std::to_string(i));
            const auto expected = i == 0 ? std::vector<std::string>{"only-first", "shared"}
                                         : std::vector<std::string>{"shared"};
            BOOST_TEST(store->list() == expected);
            if (i != 0) {
                BOOST_TEST(!store->lookup("only-first").has_value());
                BOOST_TEST(!store->remove("only-first"));
            }
        }
    }
    BOOST_TEST((*stores[0])->remove("shared"));
    for (std::size_t i = 1; i < stores.size(); ++i) BOOST_TEST((*stores[i])->lookup("shared").has_value());
}

BOOST_AUTO_TEST_CASE(profiles_differing_only_in_case_stay_apart) {
    // Credential Manager matches names without regard to case, so the second
    // profile's item would replace the first's: it is refused instead.
    ScopedStore upper("C:\\Users\\Ann\\Parley");
    ScopedStore lower("c:\\users\\ann\\parley");
    upper->store("openai", secret("sk-upper"));
    BOOST_CHECK_EXCEPTION(lower->store("openai", secret("sk-lower")), CredentialError, is_denied);
    BOOST_TEST(!lower->lookup("openai").has_value());
    BOOST_TEST(lower->list().empty());
    BOOST_TEST(!lower->remove("openai"));
    BOOST_TEST(upper->lookup("openai")->view() == "sk-upper");
    BOOST_TEST(upper->list() == std::vector<std::string>{"openai"});
}

BOOST_AUTO_TEST_CASE(non_ascii_profile_and_key_round_trip_as_utf16_names_and_utf8_bytes) {
    const std::string profile = "C:\\Users\\Zoë\\パーリー\\Ωμέγα 😀";
    const std::string key = "sk-ünïcødé-鍵-🔑";
    ScopedStore store(profile);
    store->store("openai", secret(key));
    BOOST_TEST(store->lookup("openai")->view() == key);
    BOOST_TEST(store->list() == std::vector<std::string>{"openai"});

    // What other Windows programs see: the name as UTF-16, the key as UTF-8.
    const auto raw = raw_read(L"Parley/openai@C:\\Users\\Zo\u00EB\\\u30D1\u30FC\u30EA\u30FC\\\u03A9\u03BC\u03AD\u03B3"
                              L"\u03B1 \U0001F600");
    BOOST_REQUIRE(raw);
    BOOST_TEST(blob_of(*raw) == key);

    ScopedStore ascii_twin("C:\\Users\\Zoe\\Parley");
    BOOST_TEST(!ascii_twin->lookup("openai").has_value());
}

BOOST_AUTO_TEST_CASE(a_key_typed_into_credential_manager_as_utf16_is_read) {
    // Credential Manager's "Add a generic credential" and cmdkey store the
    // password as UTF-16LE.
    ScopedStore store("C:\\Parley\\typed");
    std::wstring target = L"Parley/openai@C:\\Parley\\typed";
    std::wstring typed = L"sk-typed-\u00E9";
    CREDENTIALW credential{};
    credential.Type = CRED_TYPE_GENERIC;
    credential.TargetName = target.data();
    credential.Persist = CRED_PERSIST_LOCAL_MACHINE;
    credential.CredentialBlobSize = static_cast<DWORD>(typed.size() * sizeof(wchar_t));
    credential.CredentialBlob = reinterpret_cast<BYTE*>(typed.data());
    BOOST_REQUIRE(CredWriteW(&credential, 0));
    BOOST_TEST(store->lookup("openai")->view() == "sk-typed-é");
}

BOOST_AUTO_TEST_CASE(items_are_named_and_labelled_for_people_in_credential_manager) {
    ScopedStore store("C:\\Parley\\labels");
    store->store("openai", secret("sk-label"));
    const auto raw = raw_read(L"Parley/openai@C:\\Parley\\labels");
    BOOST_REQUIRE(raw);
    BOOST_TEST(raw->Type == static_cast<DWORD>(CRED_TYPE_GENERIC));
    BOOST_TEST(raw->Persist == static_cast<DWORD>(CRED_PERSIST_LOCAL_MACHINE));
    BOOST_TEST((std::wstring(raw->TargetName) == L"Parley/openai@C:\\Parley\\labels"));
    BOOST_REQUIRE(raw->UserName != nullptr);
    BOOST_TEST((std::wstring(raw->UserName) == L"Parley API key"));
    BOOST_REQUIRE(raw->Comment != nullptr);
    BOOST_TEST((std::wstring(raw->Comment).find(L"'openai'") != std::wstring::npos));
}

BOOST_AUTO_TEST_CASE(a_key_over_the_blob_size_limit_is_refused_and_nothing_is_written) {
    ScopedStore store("C:\\Parley\\limit");
    const std::string largest(5 * 512, 'k');
    store->store("largest", secret(largest));
    BOOST_TEST((store->lookup("largest")->view() == largest));  // no 2.5 kB dump on failure

    const std::string too_large(5 * 512 + 1, 'k');
    BOOST_CHECK_EXCEPTION(store->store("too-large", secret(too_large)), CredentialError, [](const CredentialError& e) {
        const std::string message = e.what();
        BOOST_TEST_MESSAGE(message);
        return e.kind() == CredentialError::Kind::denied && message.find("2561 bytes") != std::string::npos &&
               message.find("at most 2560") != std::string::npos;
    });
    BOOST_TEST(!store->lookup("too-large").has_value());
    BOOST_TEST(!raw_read(L"Parley/too-large@C:\\Parley\\limit"));

    // Refusing a replacement leaves the key that was there.
    BOOST_CHECK_THROW(store->store("largest", secret(too_large)), CredentialError);
    BOOST_TEST((store->lookup("largest")->view() == largest));
    BOOST_TEST(store->list() == std::vector<std::string>{"largest"});
}

BOOST_AUTO_TEST_CASE(a_key_that_is_not_utf8_is_refused) {
    ScopedStore store("C:\\Parley\\not-utf8");
    BOOST_CHECK_EXCEPTION(store->store("openai", secret("sk-\xff\xfe-bad")), CredentialError, is_denied);
    BOOST_CHECK_EXCEPTION(store->store("openai", secret("sk-\xc3")), CredentialError, is_denied);
    BOOST_TEST(!store->lookup("openai").has_value());
}

BOOST_AUTO_TEST_CASE(bad_provider_ids_and_profiles_are_rejected_as_bugs) {
    // Settings validates both before they reach a store.
    ScopedStore store("C:\\Parley\\bad-ids");
    BOOST_CHECK_THROW(store->store("open@ai", secret("k")), std::invalid_argument);
    BOOST_CHECK_THROW(store->lookup(""), std::invalid_argument);
    BOOST_CHECK_THROW(store->remove("bad-\xff"), std::invalid_argument);
    BOOST_CHECK_THROW(make_os_credential_store("C:\\bad-\xe2\x82"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(error_messages_carry_context_and_never_the_key) {
    const std::string key_mark = "sk-SECRET-MARK-93f1";
    ScopedStore store("C:\\Parley\\errors");

    const std::string too_large = message_of_failed_store(*store, "big", key_mark + std::string(3000, 'x'));
    const std::string not_utf8 = message_of_failed_store(*store, "raw", key_mark + "\xff");

    ScopedStore upper("C:\\Parley\\Errors-Case");
    ScopedStore lower("c:\\parley\\errors-case");
    upper->store("openai", secret("sk-other"));
    const std::string collision = message_of_failed_store(*lower, "openai", key_mark);

    // A name past CRED_MAX_GENERIC_TARGET_NAME_LENGTH: advapi32 itself fails.
    ScopedStore huge(std::string(CRED_MAX_GENERIC_TARGET_NAME_LENGTH + 10, 'p'));
    const std::string from_windows = message_of_failed_store(*huge, "openai", key_mark);

    for (const std::string& message : {too_large, not_utf8, collision, from_windows}) {
        BOOST_TEST_CONTEXT(message) {
            BOOST_TEST(message.find("Windows Credential Manager: cannot store the key for '") == 0u);
            BOOST_TEST(message.find("SECRET-MARK") == std::string::npos);
        }
    }
    BOOST_TEST_MESSAGE("from advapi32: " << from_windows);
    BOOST_TEST(from_windows.find("'openai'") != std::string::npos);
    BOOST_TEST(from_windows.find("(error ") != std::string::npos);
    BOOST_TEST(from_windows.find(": unknown error") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
