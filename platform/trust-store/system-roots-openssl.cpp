// Linux and macOS builds: OpenSSL's own default locations (the distribution's
// CA bundle and hashed directory, or SSL_CERT_FILE / SSL_CERT_DIR).
#include "system-roots.h"

namespace parley::system_roots {

std::string add_to(SSL_CTX* context) {
    if (SSL_CTX_set_default_verify_paths(context) != 1) return "OpenSSL's default CA locations could not be loaded";
    return {};
}

}  // namespace parley::system_roots
