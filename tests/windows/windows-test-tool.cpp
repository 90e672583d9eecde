// What the Wine tests need to see or set inside a WINEPREFIX that Wine's own
// tools do not offer:
//   windows-test-tool add-root CERT.pem     trusts CERT in the current user's ROOT store
//   windows-test-tool credentials PREFIX    prints the target names of generic
//                                           credentials starting with PREFIX, one a line
//   windows-test-tool window-text TITLE     prints the text of every rich edit
//                                           control in the top-level window TITLE
#include <windows.h>

#include <wincred.h>
#include <wincrypt.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

int add_root(const char* pem_path) {
    std::ifstream in(pem_path, std::ios::binary);
    const std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    DWORD size = 0;
    if (pem.empty() ||
        !CryptStringToBinaryA(pem.c_str(), 0, CRYPT_STRING_BASE64HEADER, nullptr, &size, nullptr, nullptr)) {
        std::fprintf(stderr, "add-root: %s is not a PEM certificate\n", pem_path);
        return 1;
    }
    std::vector<BYTE> der(size);
    CryptStringToBinaryA(pem.c_str(), 0, CRYPT_STRING_BASE64HEADER, der.data(), &size, nullptr, nullptr);
    HCERTSTORE store = CertOpenSystemStoreW(0, L"ROOT");
    if (store == nullptr || !CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, der.data(), size,
                                                              CERT_STORE_ADD_REPLACE_EXISTING, nullptr)) {
        std::fprintf(stderr, "add-root: cannot add to the ROOT store (error %lu)\n", GetLastError());
        return 1;
    }
    CertCloseStore(store, 0);
    return 0;
}

int credentials(const char* prefix) {
    const std::string filter = std::string(prefix) + "*";
    DWORD count = 0;
    PCREDENTIALA* found = nullptr;
    if (!CredEnumerateA(filter.c_str(), 0, &count, &found)) return GetLastError() == ERROR_NOT_FOUND ? 0 : 1;
    for (DWORD i = 0; i < count; ++i) {
        if (found[i]->Type == CRED_TYPE_GENERIC) std::printf("%s\n", found[i]->TargetName);
    }
    CredFree(found);
    return 0;
}

BOOL CALLBACK print_rich_edit(HWND window, LPARAM) {
    char class_name[64] = {};
    GetClassNameA(window, class_name, sizeof class_name);
    // wxTE_RICH2 text controls are RichEdit 2.0+ windows ("RichEdit20W" or
    // "RICHEDIT50W"); WM_GETTEXT works on them across processes.
    if (_strnicmp(class_name, "RichEdit", 8) != 0) return TRUE;
    const LRESULT length = SendMessageW(window, WM_GETTEXTLENGTH, 0, 0);
    std::wstring text(static_cast<std::size_t>(length) + 1, L'\0');
    const LRESULT copied = SendMessageW(window, WM_GETTEXT, text.size(), reinterpret_cast<LPARAM>(text.data()));
    text.resize(static_cast<std::size_t>(copied));
    const int bytes =
        WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0, nullptr, nullptr);
    std::string utf8(static_cast<std::size_t>(bytes), '\0');
    WideCharToMultiByte(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), utf8.data(), bytes, nullptr, nullptr);
    std::printf("%s\n", utf8.c_str());
    return TRUE;
}

int window_text(const char* title) {
    HWND top = FindWindowA(nullptr, title);
    if (top == nullptr) {
        std::fprintf(stderr, "window-text: no window titled %s\n", title);
        return 1;
    }
    EnumChildWindows(top, print_rich_edit, 0);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string command = argc > 1 ? argv[1] : "";
    if (argc == 3 && command == "add-root") return add_root(argv[2]);
    if (argc == 3 && command == "credentials") return credentials(argv[2]);
    if (argc == 3 && command == "window-text") return window_text(argv[2]);
    std::fprintf(stderr, "usage: windows-test-tool add-root CERT.pem | credentials PREFIX | window-text TITLE\n");
    return 2;
}
