#include "serve-command.h"

#include "access-log.h"
#include "answer-signing-key.h"
#include "api-router.h"
#include "license-endpoints.h"
#include "update-endpoints.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

namespace parley::licensing {

namespace {

std::int64_t system_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string url_host(const Poco::Net::SocketAddress& address) {
    const std::string host = address.host().toString();
    return address.family() == Poco::Net::SocketAddress::IPv6 ? "[" + host + "]" : host;
}

Poco::Net::ServerSocket listening_socket(const ServeOptions& options) {
    const Poco::Net::SocketAddress address(options.listen);
    if (options.tls_cert.empty()) return Poco::Net::ServerSocket(address, 256);
    Poco::Net::initializeSSL();
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, options.tls_key.string(), options.tls_cert.string(),
                               "", Poco::Net::Context::VERIFY_NONE);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    return Poco::Net::SecureServerSocket(address, 256, context);
}

// nullopt without --cloudfront-* flags: the update endpoint then says that
// updates are not configured.
std::optional<DownloadSigning> download_signing(const CloudFrontOptions& options) {
    if (options.base_url.empty()) return std::nullopt;
    std::ifstream in(options.private_key, std::ios::binary);
    std::ostringstream pem;
    pem << in.rdbuf();
    if (!in) throw std::runtime_error(options.private_key.string() + ": cannot read the CloudFront private key");
    DownloadSigning signing;
    signing.base_url = options.base_url;
    while (signing.base_url.ends_with('/')) signing.base_url.pop_back();
    signing.key.key_pair_id = options.key_pair_id;
    signing.key.private_key_pem = pem.str();
    signing.key.hash = options.hash == "sha256" ? CloudFrontHash::sha256 : CloudFrontHash::sha1;
    signing.lifetime_s = options.url_lifetime_s;
    return signing;
}

int wait_for_stop_signal() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    int received = 0;
    sigwait(&signals, &received);
    return received;
}

}  // namespace

int run_serve(const ServeOptions& options) {
    const Ed25519Signer signer(load_answer_signing_key(options.data_dir));
    const std::unique_ptr<LicenseStore> store = open_license_store(options.data_dir, options.store_url);
    AccessLog log(options.access_log);
    RateLimiter per_address(options.per_address_per_minute);
    RateLimiter per_license(options.per_license_per_minute);
    LicenseDesk desk{*store, signer, options.policy, per_license, system_now};
    UpdateDesk update_desk{*store, download_signing(options.cloudfront), per_license, system_now};

    Poco::Net::ServerSocket socket = listening_socket(options);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(options.threads);
    params->setMaxQueued(512);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(15, 0));
    params->setTimeout(Poco::Timespan(10, 0));
    // Each keep-alive connection holds a thread while it lasts.
    Poco::ThreadPool threads(2, options.threads, 60);
    Poco::Net::HTTPServer server(make_api_router({validate_endpoint(desk), deactivate_endpoint(desk),
                                                  update_check_endpoint(update_desk)},
                                                 RouterOptions{16 * 1024, options.client_address_header},
                                                 per_address, log),
                                 threads, socket, params);
    server.start();
    const Poco::Net::SocketAddress bound = socket.address();
    std::cout << "listening on " << (options.tls_cert.empty() ? "http" : "https") << "://" << url_host(bound) << ":"
              << bound.port() << std::endl;

    wait_for_stop_signal();
    // Idle keep-alive connections close now; a request in progress finishes
    // and is answered first.
    server.stopAll(false);
    threads.joinAll();
    return 0;
}

}  // namespace parley::licensing
