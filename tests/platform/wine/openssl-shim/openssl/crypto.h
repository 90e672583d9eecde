// Test build only: there is no OpenSSL for MinGW on Debian, and
// core/vault/secret.cpp needs just OPENSSL_cleanse from it. This header and
// openssl-cleanse-win.cpp stand in for it so secret.cpp compiles unchanged.
#pragma once

#include <cstddef>

extern "C" void OPENSSL_cleanse(void* ptr, std::size_t len);
