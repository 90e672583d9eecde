// Windows: the Credential Manager (advapi32's generic credentials).
#include "os-credential-store.h"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#include <wincred.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley {

namespace {

// Items are named "Parley/<provider id>@<profile>" so a person can tell them
// apart in Credential Manager. Provider ids may not contain '@' (settings
// allows only letters, digits, '-', '_', '.'), so the first '@' after the
// prefix always ends the id, whatever characters the profile holds.
constexpr std::wstring_view target_prefix = L"Parley/";
constexpr wchar_t profile_separator = L'@';
constexpr const wchar_t* user_name = L"Parley API key";

// Windows 7 and later accept 5 * 512 bytes (the Windows SDK's value of
// CRED_MAX_CREDENTIAL_BLOB_SIZE); MinGW's wincred.h still carries the 512 of
// Windows XP, so the limit is spelled out here rather than taken from it.
constexpr DWORD max_key_bytes = 5 * 512;

void wipe(void* data, std::size_t size) noexcept {
    if (data != nullptr && size > 0) SecureZeroMemory(data, size);
}

// Every credential Windows hands back carries its blob, the key: wipe it
// before the buffer goes back to the heap.
struct WipeAndCredFree {
    void operator()(CREDENTIALW* credential) const noexcept {
        wipe(credential->CredentialBlob, credential->CredentialBlobSize);
        CredFree(credential);
    }
};
using CredentialPtr = std::unique_ptr<CREDENTIALW, WipeAndCredFree>;

// CredEnumerateW's result: one block holding every match, keys included,
// including those of other profiles.
class CredentialList {
public:
    CredentialList() = default;
    CredentialList(const CredentialList&) = delete;
    CredentialList& operator=(const CredentialList&) = delete;
    ~CredentialList() {
        if (items_ == nullptr) return;
        for (DWORD i = 0; i < count_; ++i) wipe(items_[i]->CredentialBlob, items_[i]->CredentialBlobSize);
        CredFree(items_);
    }

    DWORD* count_out() { return &count_; }
    PCREDENTIALW** items_out() { return &items_; }
    const CREDENTIALW* const* begin() const { return items_; }
    const CREDENTIALW* const* end() const { return items_ == nullptr ? nullptr : items_ + count_; }

private:
    DWORD count_ = 0;
    PCREDENTIALW* items_ = nullptr;
};

// Validates without converting, so no second copy of a key is made.
bool is_valid_utf8(std::string_view text) {
    if (text.empty()) return true;
    return MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text.data(), static_cast<int>(text.size()), nullptr,
                               0) > 0;
}

std::optional<std::wstring> utf8_to_utf16(std::string_view utf8) {
    if (utf8.empty()) return std::wstring();
    const int length = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(), static_cast<int>(utf8.size()),
                                           nullptr, 0);
    if (length <= 0) return std::nullopt;
    std::wstring utf16(static_cast<std::size_t>(length), L'\0');
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(), static_cast<int>(utf8.size()), utf16.data(),
                        length);
    return utf16;
}

// Strict unless `lenient`, which replaces what cannot be converted (for
// system messages, which must never stop an error from being reported).
std::optional<std::string> utf16_to_utf8(std::wstring_view utf16, bool lenient = false) {
    if (utf16.empty()) return std::string();
    const DWORD flags = lenient ? 0 : WC_ERR_INVALID_CHARS;
    const int length = WideCharToMultiByte(CP_UTF8, flags, utf16.data(), static_cast<int>(utf16.size()), nullptr, 0,
                                           nullptr, nullptr);
    if (length <= 0) return std::nullopt;
    std::string utf8(static_cast<std::size_t>(length), '\0');
    WideCharToMultiByte(CP_UTF8, flags, utf16.data(), static_cast<int>(utf16.size()), utf8.data(), length, nullptr,
                        nullptr);
    return utf8;
}

std::string system_message(DWORD code) {
    wchar_t* buffer = nullptr;
    const DWORD length = FormatMessageW(
        FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, code,
        0, reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
    std::string text;
    if (length > 0 && buffer != nullptr) text = utf16_to_utf8(std::wstring_view(buffer, length), true).value_or("");
    if (buffer != nullptr) LocalFree(buffer);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '.')) {
        text.pop_back();
    }
    if (text.empty()) text = "unknown error";
    return text + " (error " + std::to_string(code) + ")";
}

CredentialError os_error(const char* action, const std::string& provider_id, DWORD code) {
    auto kind = CredentialError::Kind::io;
    // Network and service logons have no credential set of their own.
    if (code == ERROR_NO_SUCH_LOGON_SESSION) kind = CredentialError::Kind::unavailable;
    if (code == ERROR_ACCESS_DENIED) kind = CredentialError::Kind::denied;
    return CredentialError(kind, std::string("Windows Credential Manager: cannot ") + action + " the key for '" +
                                     provider_id + "': " + system_message(code));
}

CredentialError refusal(const std::string& provider_id, const std::string& why) {
    return CredentialError(CredentialError::Kind::denied,
                           "Windows Credential Manager: cannot store the key for '" + provider_id + "': " + why);
}

// A key is normally the UTF-8 bytes this file wrote. A key typed into
// Credential Manager's own "Add a generic credential" dialog (or cmdkey) is
// stored as UTF-16LE; API keys never hold a NUL byte, so a NUL marks those.
std::optional<Secret> decode_key(const CREDENTIALW& credential) {
    const auto* bytes = reinterpret_cast<const char*>(credential.CredentialBlob);
    const std::size_t size = credential.CredentialBlob == nullptr ? 0 : credential.CredentialBlobSize;
    const std::string_view blob(bytes, size);
    if (blob.find('\0') == std::string_view::npos) {
        if (!is_valid_utf8(blob)) return std::nullopt;
        return Secret(std::string(blob));
    }
    if (size % 2 != 0) return std::nullopt;
    // Copied rather than cast: the blob's alignment is not documented.
    std::wstring utf16(size / 2, L'\0');
    std::memcpy(utf16.data(), bytes, size);
    std::wstring_view text(utf16);
    while (!text.empty() && text.back() == L'\0') text.remove_suffix(1);
    auto utf8 = utf16_to_utf8(text);
    wipe(utf16.data(), utf16.size() * sizeof(wchar_t));
    if (!utf8) return std::nullopt;
    return Secret(std::move(*utf8));
}

class WincredStore final : public CredentialStore {
public:
    explicit WincredStore(std::wstring profile) : profile_(std::move(profile)) {}

    std::string name() const override { return "Windows Credential Manager"; }

    bool is_available() override {
        CredentialList found;
        if (CredEnumerateW(filter().c_str(), 0, found.count_out(), found.items_out())) return true;
        // An empty store answers "not found": it works, it just holds nothing.
        return GetLastError() == ERROR_NOT_FOUND;
    }

    void store(const std::string& provider_id, const Secret& key) override {
        const std::wstring target = target_for(provider_id);
        if (key.size() > max_key_bytes) {
            throw refusal(provider_id, "the key is " + std::to_string(key.size()) +
                                           " bytes; Windows Credential Manager holds at most " +
                                           std::to_string(max_key_bytes));
        }
        if (!is_valid_utf8(key.view())) throw refusal(provider_id, "the key is not valid UTF-8");

        // Target names match without regard to case (and Wine folds '\' to
        // '_'), so "Parley/openai@C:\P" would silently replace the item of
        // profile "c:\p". Refuse rather than clobber another profile's key.
        if (const auto existing = read(target, provider_id, "store"); existing && !is_exactly(*existing, target)) {
            throw refusal(provider_id, "the item '" + utf16_to_utf8(existing->TargetName, true).value_or("?") +
                                           "' of another profile or provider already has this name");
        }

        std::wstring comment = L"API key for the AI provider '" + *utf8_to_utf16(provider_id) + L"', stored by Parley";
        if (comment.size() > CRED_MAX_STRING_LENGTH) comment = L"API key stored by Parley";

        CREDENTIALW credential{};
        credential.Type = CRED_TYPE_GENERIC;
        credential.TargetName = const_cast<wchar_t*>(target.c_str());
        credential.Comment = comment.data();
        credential.UserName = const_cast<wchar_t*>(user_name);
        credential.Persist = CRED_PERSIST_LOCAL_MACHINE;
        // Points into the Secret itself, so no other copy of the key exists;
        // CredWriteW only reads the blob.
        credential.CredentialBlobSize = static_cast<DWORD>(key.size());
        credential.CredentialBlob = key.empty() ? nullptr
                                                : reinterpret_cast<BYTE*>(const_cast<char*>(key.view().data()));
        if (!CredWriteW(&credential, 0)) throw os_error("store", provider_id, GetLastError());
    }

    std::optional<Secret> lookup(const std::string& provider_id) override {
        const std::wstring target = target_for(provider_id);
        const auto credential = read(target, provider_id, "read");
        if (!credential || !is_exactly(*credential, target)) return std::nullopt;
        auto key = decode_key(*credential);
        if (!key) {
            throw CredentialError(CredentialError::Kind::corrupt,
                                  "Windows Credential Manager: the key for '" + provider_id +
                                      "' is neither UTF-8 nor UTF-16 text");
        }
        return key;
    }

    bool remove(const std::string& provider_id) override {
        const std::wstring target = target_for(provider_id);
        // CredDeleteW would also take an item whose name differs only in case.
        const auto credential = read(target, provider_id, "remove");
        if (!credential || !is_exactly(*credential, target)) return false;
        if (CredDeleteW(target.c_str(), CRED_TYPE_GENERIC, 0)) return true;
        const DWORD code = GetLastError();
        if (code == ERROR_NOT_FOUND) return false;
        throw os_error("remove", provider_id, code);
    }

    std::vector<std::string> list() override {
        CredentialList found;
        if (!CredEnumerateW(filter().c_str(), 0, found.count_out(), found.items_out())) {
            const DWORD code = GetLastError();
            if (code == ERROR_NOT_FOUND) return {};
            throw os_error("list", "*", code);
        }
        // The filter is a case-insensitive prefix that matches every profile:
        // keep only names that are exactly "Parley/<id>@<this profile>".
        std::vector<std::string> ids;
        for (const CREDENTIALW* credential : found) {
            if (credential->Type != CRED_TYPE_GENERIC || credential->TargetName == nullptr) continue;
            const std::wstring_view target = credential->TargetName;
            if (!target.starts_with(target_prefix)) continue;
            const std::wstring_view rest = target.substr(target_prefix.size());
            const std::size_t at = rest.find(profile_separator);
            if (at == 0 || at == std::wstring_view::npos || rest.substr(at + 1) != profile_) continue;
            if (auto id = utf16_to_utf8(rest.substr(0, at))) ids.push_back(std::move(*id));
        }
        std::sort(ids.begin(), ids.end());
        return ids;
    }

private:
    std::wstring filter() const { return std::wstring(target_prefix) + L"*"; }

    std::wstring target_for(const std::string& provider_id) const {
        auto wide_id = utf8_to_utf16(provider_id);
        if (provider_id.empty() || !wide_id || wide_id->find(profile_separator) != std::wstring::npos) {
            // A bug upstream: settings validates provider ids before they get here.
            throw std::invalid_argument("Windows Credential Manager: invalid provider id '" + provider_id + "'");
        }
        return std::wstring(target_prefix) + *wide_id + profile_separator + profile_;
    }

    static bool is_exactly(const CREDENTIALW& credential, const std::wstring& target) {
        return credential.TargetName != nullptr && target == credential.TargetName;
    }

    // The item Windows matches to `target`, or null when there is none.
    static CredentialPtr read(const std::wstring& target, const std::string& provider_id,
                                             const char* action) {
        CREDENTIALW* raw = nullptr;
        if (CredReadW(target.c_str(), CRED_TYPE_GENERIC, 0, &raw)) return CredentialPtr(raw);
        const DWORD code = GetLastError();
        if (code == ERROR_NOT_FOUND) return nullptr;
        throw os_error(action, provider_id, code);
    }

    std::wstring profile_;  // UTF-16, as it appears in target names
};

}  // namespace

std::unique_ptr<CredentialStore> make_os_credential_store(const std::string& profile) {
    auto wide_profile = utf8_to_utf16(profile);
    if (!wide_profile) throw std::invalid_argument("Windows Credential Manager: the profile id is not valid UTF-8");
    return std::make_unique<WincredStore>(std::move(*wide_profile));
}

}  // namespace parley
