#pragma once

#include "vault/secret.h"

#include <cstddef>
#include <memory>
#include <string>

namespace parley {

struct NetworkOptions {
    int connect_timeout_s = 20;
    // No byte for this long ends the request as a timeout.
    int idle_timeout_s = 120;
    // Extra trusted CA bundle (PEM), on top of the system store.
    std::string ca_file;
    // Proxy URL (http://[user:pass@]host:port). Empty: use HTTPS_PROXY /
    // HTTP_PROXY / NO_PROXY from the environment.
    std::string proxy;
    // The proxy's password, kept in the credential store rather than in the
    // proxy URL; used with the URL's user name only when the proxy is.
    std::shared_ptr<const Secret> proxy_password;
    // A reply's text and reasoning together, and a non-streamed reply's
    // body, may be at most this large (network.max_reply_mb): a server that
    // never stops cannot exhaust memory.
    std::size_t max_reply_bytes = std::size_t{64} * 1024 * 1024;
};

}  // namespace parley
