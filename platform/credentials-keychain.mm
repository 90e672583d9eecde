// macOS: the user's keychain, through Security.framework's SecItem API.
// Plain C APIs only; the .mm suffix is what the build expects of macOS files.
#include "os-credential-store.h"

#include <CoreFoundation/CoreFoundation.h>
#include <Security/Security.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace parley {

namespace {

struct CFReleaser {
    void operator()(CFTypeRef ref) const noexcept {
        if (ref != nullptr) CFRelease(ref);
    }
};
// Owns one reference: CFPtr<CFStringRef>, CFPtr<CFMutableDictionaryRef>...
template <typename Ref>
using CFPtr = std::unique_ptr<std::remove_pointer_t<Ref>, CFReleaser>;

// Null when `utf8` is not valid UTF-8.
CFPtr<CFStringRef> to_cf_string(const std::string& utf8) {
    return CFPtr<CFStringRef>(CFStringCreateWithBytes(kCFAllocatorDefault,
                                                      reinterpret_cast<const UInt8*>(utf8.data()),
                                                      static_cast<CFIndex>(utf8.size()), kCFStringEncodingUTF8,
                                                      false));
}

std::string to_utf8(CFStringRef text) {
    if (text == nullptr) return {};
    if (const char* direct = CFStringGetCStringPtr(text, kCFStringEncodingUTF8)) return direct;
    const CFIndex capacity = CFStringGetMaximumSizeForEncoding(CFStringGetLength(text), kCFStringEncodingUTF8) + 1;
    std::string utf8(static_cast<std::size_t>(capacity), '\0');
    if (!CFStringGetCString(text, utf8.data(), capacity, kCFStringEncodingUTF8)) return {};
    utf8.resize(std::strlen(utf8.c_str()));
    return utf8;
}

CFPtr<CFMutableDictionaryRef> new_dictionary() {
    CFMutableDictionaryRef dictionary = CFDictionaryCreateMutable(kCFAllocatorDefault, 0,
                                                                  &kCFTypeDictionaryKeyCallBacks,
                                                                  &kCFTypeDictionaryValueCallBacks);
    if (dictionary == nullptr) throw std::bad_alloc();
    return CFPtr<CFMutableDictionaryRef>(dictionary);
}

std::string status_message(OSStatus status) {
    const CFPtr<CFStringRef> text(SecCopyErrorMessageString(status, nullptr));
    std::string message = to_utf8(text.get());
    if (message.empty()) message = "unknown error";
    return message + " (OSStatus " + std::to_string(status) + ")";
}

CredentialError keychain_error(const char* action, const std::string& provider_id, OSStatus status) {
    auto kind = CredentialError::Kind::io;
    switch (status) {
    case errSecUserCanceled:
    case errSecAuthFailed:
        kind = CredentialError::Kind::denied;
        break;
    // A locked keychain with no way to ask for its password (an SSH session).
    case errSecInteractionNotAllowed:
        kind = CredentialError::Kind::locked;
        break;
    case errSecNoSuchKeychain:
    case errSecNoDefaultKeychain:
    case errSecNotAvailable:
    case errSecMissingEntitlement:
        kind = CredentialError::Kind::unavailable;
        break;
    default:
        break;
    }
    return CredentialError(kind, std::string("macOS Keychain: cannot ") + action + " the key for '" + provider_id +
                                     "': " + status_message(status));
}

// Generic passwords are unique by service and account. The service carries
// the profile ("Parley:/Users/ann/Library/Application Support/Parley") and the
// account the provider id, so profiles never share an item; keychain matching
// is exact and case-sensitive unless kSecMatchCaseInsensitive is asked for.
//
// No kSecUseDataProtectionKeychain: the data protection keychain refuses a
// binary without a keychain-access-groups entitlement (errSecMissingEntitlement),
// which an unsigned or ad-hoc signed build of the CLI has not got.
class KeychainStore final : public CredentialStore {
public:
    explicit KeychainStore(CFPtr<CFStringRef> service) : service_(std::move(service)) {}

    std::string name() const override { return "macOS Keychain"; }

    bool is_available() override {
        auto query = service_query();
        CFDictionarySetValue(query.get(), kSecMatchLimit, kSecMatchLimitOne);
        CFDictionarySetValue(query.get(), kSecReturnAttributes, kCFBooleanTrue);
        CFTypeRef raw = nullptr;
        const OSStatus status = SecItemCopyMatching(query.get(), &raw);
        const CFPtr<CFTypeRef> result(raw);
        // No item yet is still a working keychain.
        return status == errSecSuccess || status == errSecItemNotFound;
    }

    void store(const std::string& provider_id, const Secret& key) override {
        auto item = item_query(provider_id);
        // Points into the Secret, so no other copy of the key is made here.
        const CFPtr<CFDataRef> data(CFDataCreateWithBytesNoCopy(kCFAllocatorDefault,
                                                                reinterpret_cast<const UInt8*>(key.view().data()),
                                                                static_cast<CFIndex>(key.size()), kCFAllocatorNull));
        if (!data) throw std::bad_alloc();
        // Shown as the item's name in Keychain Access.
        const auto label = to_cf_string("Parley API key: " + provider_id);

        const CFPtr<CFMutableDictionaryRef> add(CFDictionaryCreateMutableCopy(kCFAllocatorDefault, 0, item.get()));
        if (!add) throw std::bad_alloc();
        CFDictionarySetValue(add.get(), kSecValueData, data.get());
        CFDictionarySetValue(add.get(), kSecAttrLabel, label.get());
        CFDictionarySetValue(add.get(), kSecAttrDescription, CFSTR("Parley API key"));
        OSStatus status = SecItemAdd(add.get(), nullptr);
        if (status == errSecDuplicateItem) {
            auto changes = new_dictionary();
            CFDictionarySetValue(changes.get(), kSecValueData, data.get());
            CFDictionarySetValue(changes.get(), kSecAttrLabel, label.get());
            status = SecItemUpdate(item.get(), changes.get());
        }
        if (status != errSecSuccess) throw keychain_error("store", provider_id, status);
    }

    std::optional<Secret> lookup(const std::string& provider_id) override {
        auto query = item_query(provider_id);
        CFDictionarySetValue(query.get(), kSecMatchLimit, kSecMatchLimitOne);
        CFDictionarySetValue(query.get(), kSecReturnData, kCFBooleanTrue);
        CFTypeRef raw = nullptr;
        const OSStatus status = SecItemCopyMatching(query.get(), &raw);
        // The key arrives in an immutable CFData, which cannot be wiped: it
        // is copied into the Secret and released at once.
        const CFPtr<CFTypeRef> result(raw);
        if (status == errSecItemNotFound) return std::nullopt;
        if (status != errSecSuccess) throw keychain_error("read", provider_id, status);
        if (!result || CFGetTypeID(result.get()) != CFDataGetTypeID()) {
            throw CredentialError(CredentialError::Kind::corrupt,
                                  "macOS Keychain: the item for '" + provider_id + "' holds no password data");
        }
        const auto data = static_cast<CFDataRef>(result.get());
        return Secret(std::string(reinterpret_cast<const char*>(CFDataGetBytePtr(data)),
                                  static_cast<std::size_t>(CFDataGetLength(data))));
    }

    bool remove(const std::string& provider_id) override {
        const auto query = item_query(provider_id);
        const OSStatus status = SecItemDelete(query.get());
        if (status == errSecSuccess) return true;
        if (status == errSecItemNotFound) return false;
        throw keychain_error("remove", provider_id, status);
    }

    std::vector<std::string> list() override {
        auto query = service_query();
        // Attributes only: the legacy keychain refuses kSecReturnData with
        // kSecMatchLimitAll, and the keys are not needed to name them.
        CFDictionarySetValue(query.get(), kSecMatchLimit, kSecMatchLimitAll);
        CFDictionarySetValue(query.get(), kSecReturnAttributes, kCFBooleanTrue);
        CFTypeRef raw = nullptr;
        const OSStatus status = SecItemCopyMatching(query.get(), &raw);
        const CFPtr<CFTypeRef> result(raw);
        if (status == errSecItemNotFound) return {};
        if (status != errSecSuccess) throw keychain_error("list", "*", status);

        std::vector<std::string> ids;
        auto add_account = [&ids](CFTypeRef attributes) {
            if (attributes == nullptr || CFGetTypeID(attributes) != CFDictionaryGetTypeID()) return;
            const auto account = CFDictionaryGetValue(static_cast<CFDictionaryRef>(attributes), kSecAttrAccount);
            if (account == nullptr || CFGetTypeID(account) != CFStringGetTypeID()) return;
            std::string id = to_utf8(static_cast<CFStringRef>(account));
            if (!id.empty()) ids.push_back(std::move(id));
        };
        if (result && CFGetTypeID(result.get()) == CFArrayGetTypeID()) {
            const auto items = static_cast<CFArrayRef>(result.get());
            for (CFIndex i = 0; i < CFArrayGetCount(items); ++i) add_account(CFArrayGetValueAtIndex(items, i));
        } else {
            add_account(result.get());
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        return ids;
    }

private:
    CFPtr<CFMutableDictionaryRef> service_query() const {
        auto query = new_dictionary();
        CFDictionarySetValue(query.get(), kSecClass, kSecClassGenericPassword);
        CFDictionarySetValue(query.get(), kSecAttrService, service_.get());
        return query;
    }

    CFPtr<CFMutableDictionaryRef> item_query(const std::string& provider_id) const {
        const auto account = to_cf_string(provider_id);
        if (provider_id.empty() || !account) {
            // A bug upstream: settings validates provider ids before they get here.
            throw std::invalid_argument("macOS Keychain: invalid provider id '" + provider_id + "'");
        }
        auto query = service_query();
        CFDictionarySetValue(query.get(), kSecAttrAccount, account.get());
        return query;
    }

    CFPtr<CFStringRef> service_;
};

}  // namespace

std::unique_ptr<CredentialStore> make_os_credential_store(const std::string& profile) {
    auto service = to_cf_string("Parley:" + profile);
    if (!service) throw std::invalid_argument("macOS Keychain: the profile id is not valid UTF-8");
    return std::make_unique<KeychainStore>(std::move(service));
}

}  // namespace parley
