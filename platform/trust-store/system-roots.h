#pragma once

#include <openssl/ssl.h>

#include <string>

// The operating system's trusted root certificates, added to an OpenSSL
// client context. One implementation per OS (system-roots-openssl.cpp,
// system-roots-windows.cpp), built as a leaf library that core links: it
// depends on nothing of Parley's.
namespace parley::system_roots {

// Adds the roots to the context's certificate store. Returns an empty string,
// or why the store could not be read.
std::string add_to(SSL_CTX* context);

}  // namespace parley::system_roots
