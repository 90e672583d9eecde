// Windows: OpenSSL knows no Windows certificate store, so the ROOT store is
// copied into the context's X509_STORE. CertOpenSystemStoreW opens the current
// user's view, which also holds the machine's and Group Policy (enterprise)
// roots. Roots Windows only fetches on demand (automatic root update) are seen
// once Windows has fetched them.
#include "system-roots.h"

#include <windows.h>

#include <wincrypt.h>

#include <openssl/err.h>
#include <openssl/x509.h>

namespace parley::system_roots {

std::string add_to(SSL_CTX* context) {
    HCERTSTORE store = ::CertOpenSystemStoreW(0, L"ROOT");
    if (store == nullptr) {
        return "the Windows ROOT certificate store could not be opened (error " + std::to_string(::GetLastError()) +
               ")";
    }
    X509_STORE* trusted = SSL_CTX_get_cert_store(context);
    PCCERT_CONTEXT cert = nullptr;
    while ((cert = ::CertEnumCertificatesInStore(store, cert)) != nullptr) {
        const unsigned char* der = cert->pbCertEncoded;
        X509* x509 = d2i_X509(nullptr, &der, static_cast<long>(cert->cbCertEncoded));
        // A certificate OpenSSL cannot parse is skipped: it could not be an
        // anchor for OpenSSL's verification anyway.
        if (x509 == nullptr) continue;
        X509_STORE_add_cert(trusted, x509);  // a duplicate is harmless
        X509_free(x509);
    }
    ::CertCloseStore(store, 0);
    // Poco reads OpenSSL's error queue after later calls: leave it empty.
    ERR_clear_error();
    return {};
}

}  // namespace parley::system_roots
