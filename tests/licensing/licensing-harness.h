#pragma once

#include "child-process.h"
#include "crypto/ed25519.h"
#include "licensing/license-envelope.h"
#include "temp-dir.h"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace parley::test {

// The real parley-licensing binary, started and asked over real HTTP on
// loopback.
ProcessResult run_licensing(const std::vector<std::string>& args);

// `init` into a fresh data folder; the public key it printed.
struct LicensingData {
    TempDir dir;
    std::filesystem::path data;
    Ed25519PublicKey public_key{};
    LicensingData();
    // `license create … --seats N`; the key.
    std::string create_license(int seats, const std::vector<std::string>& extra = {}) const;
};

// `serve` running in the background (with extra environment, e.g. libfaketime
// preloaded); stopped with SIGTERM when destroyed.
class ServeProcess {
public:
    explicit ServeProcess(const std::vector<std::string>& serve_args, const Environment& env = {});
    ~ServeProcess();
    const std::string& url() const { return url_; }
    std::string host() const;
    int port() const;
    // SIGTERM, then the exit code.
    int stop();
    void send_stop();
    int wait_exit();
    std::string log() const { return process_->err(); }

private:
    std::unique_ptr<ChildProcess> process_;
    std::string url_;
    bool stopped_ = false;
};

struct HttpReply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;
};

HttpReply http_request(const std::string& url, const std::string& method, const std::string& path,
                       const std::string& body = "");

std::string request_body(const std::string& key, const std::string& fingerprint, const std::string& nonce);

// POST /api/license/validate (or deactivate): the answer, after checking it
// is HTTP 200 with an envelope signed by `public_key`.
LicenseAnswer ask(const std::string& url, const Ed25519PublicKey& public_key, const std::string& key,
                  const std::string& fingerprint, const std::string& nonce = "n",
                  const std::string& path = "/api/license/validate");

// A distinct, well-formed fingerprint per number.
std::string fingerprint_for(int n);

}  // namespace parley::test
