// The Windows ROOT store loader against Wine's crypt32: a root added to the
// current user's store reaches OpenSSL's verification store, and one that is
// not there does not.
#include <boost/test/unit_test.hpp>

#include "system-roots.h"

#include <windows.h>

#include <wincrypt.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>

namespace {

struct X509Deleter {
    void operator()(X509* x) const { X509_free(x); }
};
struct ContextDeleter {
    void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};

std::unique_ptr<X509, X509Deleter> test_ca() {
    const std::string path = std::string(PARLEY_SOURCE_DIR) + "/tests/windows/data/root-store-test-ca.pem";
    std::ifstream in(path, std::ios::binary);
    const std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    X509* x = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    BOOST_REQUIRE_MESSAGE(x != nullptr, "cannot read " << path);
    return std::unique_ptr<X509, X509Deleter>(x);
}

bool trusts(SSL_CTX* context, X509* cert) {
    X509_STORE_CTX* lookup = X509_STORE_CTX_new();
    X509_STORE_CTX_init(lookup, SSL_CTX_get_cert_store(context), nullptr, nullptr);
    X509_OBJECT* found = X509_STORE_CTX_get_obj_by_subject(lookup, X509_LU_X509, X509_get_subject_name(cert));
    const bool match = found != nullptr && X509_cmp(X509_OBJECT_get0_X509(found), cert) == 0;
    X509_OBJECT_free(found);
    X509_STORE_CTX_free(lookup);
    return match;
}

void add_to_user_root(X509* cert) {
    unsigned char* der = nullptr;
    const int size = i2d_X509(cert, &der);
    HCERTSTORE store = CertOpenSystemStoreW(0, L"ROOT");
    BOOST_REQUIRE(store != nullptr);
    BOOST_REQUIRE(CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, der, static_cast<DWORD>(size),
                                                   CERT_STORE_ADD_REPLACE_EXISTING, nullptr));
    CertCloseStore(store, 0);
    OPENSSL_free(der);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(system_roots_windows)

BOOST_AUTO_TEST_CASE(a_root_added_to_the_user_store_is_trusted_by_openssl) {
    const auto ca = test_ca();
    std::unique_ptr<SSL_CTX, ContextDeleter> before(SSL_CTX_new(TLS_client_method()));
    BOOST_REQUIRE_EQUAL(parley::system_roots::add_to(before.get()), "");
    BOOST_TEST(!trusts(before.get(), ca.get()));

    add_to_user_root(ca.get());
    std::unique_ptr<SSL_CTX, ContextDeleter> after(SSL_CTX_new(TLS_client_method()));
    BOOST_REQUIRE_EQUAL(parley::system_roots::add_to(after.get()), "");
    BOOST_TEST(trusts(after.get(), ca.get()));
}

BOOST_AUTO_TEST_SUITE_END()
