// Test build only: the one OpenSSL function secret.cpp uses, over the Win32
// wipe that the optimiser may not elide. See openssl-shim/openssl/crypto.h.
#include "openssl/crypto.h"

#include <windows.h>

extern "C" void OPENSSL_cleanse(void* ptr, std::size_t len) {
    if (ptr != nullptr && len > 0) SecureZeroMemory(ptr, len);
}
