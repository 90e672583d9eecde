#include "net/http-client.h"

#include "net/http-body-decoder.h"
#include "net/network-error.h"
#include "net/proxy-config.h"

#include "system-roots.h"

#include <Poco/Exception.h>
#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/Net.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SocketDefs.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <memory>
#include <mutex>

namespace parley {

namespace {

// Windows sockets need WSAStartup, which Poco's MinGW build does not run by
// itself; elsewhere this does nothing.
void initialise_network_once() {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Net::initializeNetwork(); });
}

void initialise_ssl_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Fail closed: an untrusted certificate is never accepted, whatever a
        // Poco configuration file elsewhere might say.
        Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject =
            new Poco::Net::RejectCertificateHandler(false);
        Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, nullptr);
    });
}

Poco::Net::Context::Ptr make_tls_context(const NetworkOptions& options) {
    initialise_ssl_once();
    Poco::Net::Context::Params params;
    // STRICT also verifies the host name of loopback servers, which Poco
    // skips in RELAXED mode; the caLocation adds the user's extra CA bundle,
    // the OS's roots are added below.
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.loadDefaultCAs = false;
    params.caLocation = options.ca_file;
    params.verificationDepth = 9;
    params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
    Poco::Net::Context::Ptr context;
    try {
        context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    } catch (const Poco::Exception& e) {
        throw NetworkError(NetworkError::Kind::tls, "cannot load the TLS trust store (" + options.ca_file +
                                                        "): " + e.displayText());
    }
    if (const std::string error = system_roots::add_to(context->sslContext()); !error.empty()) {
        throw NetworkError(NetworkError::Kind::tls, "cannot load the TLS trust store: " + error);
    }
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    return context;
}

std::string lower(std::string s) { return Poco::toLower(s); }

// Shuts the socket down at the OS level so a read blocked in another thread
// returns at once; SSL_shutdown from another thread would not be safe.
void shutdown_socket(poco_socket_t fd) {
    if (fd != POCO_INVALID_SOCKET) ::shutdown(fd, 2);
}

NetworkError translate(const Poco::Exception& e, const std::string& host, bool cancelled) {
    using Kind = NetworkError::Kind;
    if (cancelled) return {Kind::cancelled, "the request to " + host + " was cancelled"};
    const std::string what = e.displayText();
    if (dynamic_cast<const Poco::TimeoutException*>(&e)) {
        return {Kind::timeout, "no response from " + host + " within the time limit (" + what + ")"};
    }
    if (dynamic_cast<const Poco::Net::CertificateValidationException*>(&e) ||
        dynamic_cast<const Poco::Net::InvalidCertificateException*>(&e) ||
        what.find("certificate") != std::string::npos || what.find("Certificate") != std::string::npos) {
        return {Kind::tls_certificate, "TLS certificate of " + host + " was rejected: " + what};
    }
    if (dynamic_cast<const Poco::Net::SSLException*>(&e)) {
        return {Kind::tls, "TLS handshake with " + host + " failed: " + what};
    }
    if (dynamic_cast<const Poco::Net::ConnectionResetException*>(&e) ||
        dynamic_cast<const Poco::Net::ConnectionAbortedException*>(&e)) {
        return {Kind::reset, "the connection to " + host + " was reset: " + what};
    }
    if (dynamic_cast<const Poco::Net::ConnectionRefusedException*>(&e) ||
        dynamic_cast<const Poco::Net::HostNotFoundException*>(&e) ||
        dynamic_cast<const Poco::Net::NoAddressFoundException*>(&e)) {
        return {Kind::connect, "cannot connect to " + host + ": " + what};
    }
    if (dynamic_cast<const Poco::Net::NoMessageException*>(&e) ||
        dynamic_cast<const Poco::Net::MessageException*>(&e)) {
        return {Kind::protocol, "malformed HTTP response from " + host + ": " + what};
    }
    if (what.find("roxy") != std::string::npos) return {Kind::proxy, "proxy failure reaching " + host + ": " + what};
    return {Kind::connect, "network failure talking to " + host + ": " + what};
}

class InterruptGuard {
public:
    InterruptGuard(CancelToken& token, poco_socket_t fd) : token_(token) {
        token_.set_interrupt([fd] { shutdown_socket(fd); });
    }
    ~InterruptGuard() { token_.clear_interrupt(); }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    CancelToken& token_;
};

bool has_line_break_or_nul(const std::string& value) {
    return value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos;
}

// Poco's session with its read exposed: up to `length` bytes, first those it
// buffered while reading the head, then straight from the socket (through
// TLS for HTTPS), so one call takes whatever has arrived.
class BodySource {
public:
    virtual ~BodySource() = default;
    virtual int read_some(char* buffer, std::streamsize length) = 0;
};

template <class Session>
class DirectSession final : public Session, public BodySource {
public:
    using Session::Session;
    int read_some(char* buffer, std::streamsize length) override { return this->read(buffer, length); }
};

HttpBodyDecoder body_decoder(const Poco::Net::HTTPRequest& request, const Poco::Net::HTTPResponse& response) {
    // As Poco's receiveResponse() frames it.
    if (request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD) return HttpBodyDecoder::empty();
    if (response.getChunkedTransferEncoding()) return HttpBodyDecoder::chunked();
    if (response.hasContentLength()) {
        return HttpBodyDecoder::of_length(static_cast<std::uint64_t>(response.getContentLength64()));
    }
    return HttpBodyDecoder::until_close();
}

// A streamed reply arrives in pieces of a few hundred bytes; a read takes
// all that has arrived, up to this. A fast server (a local model, a
// loopback) can have megabytes waiting: one read, one pass of the decoders'
// per-read work and one write to the display take them all. Over TLS a read
// returns about one record (16 KiB), whatever the size.
constexpr std::streamsize kReadBlock = 1024 * 1024;

class WipeHeaderCopies {
public:
    WipeHeaderCopies(Poco::Net::HTTPRequest& request, const std::vector<std::pair<std::string, std::string>>& headers)
        : request_(request), headers_(headers) {}
    ~WipeHeaderCopies() {
        // Assigning a value of the same length reuses the string's buffer.
        for (const auto& [name, value] : headers_) request_.set(name, std::string(value.size(), '\0'));
    }
    WipeHeaderCopies(const WipeHeaderCopies&) = delete;
    WipeHeaderCopies& operator=(const WipeHeaderCopies&) = delete;

private:
    Poco::Net::HTTPRequest& request_;
    const std::vector<std::pair<std::string, std::string>>& headers_;
};

}  // namespace

std::string HttpResponseHead::header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient(NetworkOptions options) : options_(std::move(options)) {}

HttpResponseHead HttpClient::send(const HttpRequest& request, CancelToken& cancel,
                                  const std::function<void(const HttpResponseHead&)>& on_head,
                                  const std::function<void(std::string_view)>& on_body) const {
    Poco::URI uri;
    try {
        uri = Poco::URI(request.url);
    } catch (const Poco::Exception&) {
        throw NetworkError(NetworkError::Kind::protocol, "invalid URL: " + request.url);
    }
    const std::string host = uri.getHost() + ":" + std::to_string(uri.getPort());
    if (uri.getScheme() != "http" && uri.getScheme() != "https") {
        throw NetworkError(NetworkError::Kind::protocol, "unsupported URL scheme '" + uri.getScheme() + "' in " +
                                                             uri.getScheme() + "://" + host);
    }
    if (cancel.cancelled()) throw NetworkError(NetworkError::Kind::cancelled, "the request was cancelled");

    initialise_network_once();
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    BodySource* body = nullptr;
    if (uri.getScheme() == "https") {
        auto tls = std::make_unique<DirectSession<Poco::Net::HTTPSClientSession>>(uri.getHost(), uri.getPort(),
                                                                                  make_tls_context(options_));
        body = tls.get();
        session = std::move(tls);
    } else {
        auto plain = std::make_unique<DirectSession<Poco::Net::HTTPClientSession>>(uri.getHost(), uri.getPort());
        body = plain.get();
        session = std::move(plain);
    }
    std::optional<ProxyEndpoint> proxy;
    try {
        proxy = resolve_proxy(request.url, options_.proxy);
    } catch (const std::invalid_argument& e) {
        throw NetworkError(NetworkError::Kind::proxy, std::string("bad proxy setting: ") + e.what());
    }
    if (proxy) {
        session->setProxy(proxy->host, proxy->port);
        if (!proxy->username.empty()) {
            // Poco keeps its own copy for the session's life; ours are wiped.
            std::string password = proxy->password.empty() && options_.proxy_password
                                       ? std::string(options_.proxy_password->view())
                                       : proxy->password;
            session->setProxyCredentials(proxy->username, password);
            wipe_string(password);
            wipe_string(proxy->password);
        }
    }
    session->setTimeout(Poco::Timespan(options_.connect_timeout_s, 0), Poco::Timespan(options_.idle_timeout_s, 0),
                        Poco::Timespan(options_.idle_timeout_s, 0));
    session->setKeepAlive(false);

    for (const auto& [name, value] : request.headers) {
        // Poco writes header values verbatim: a CR or LF would end the header
        // and start another. The value is never named, it may be a key.
        if (has_line_break_or_nul(value)) {
            throw NetworkError(NetworkError::Kind::protocol, "refusing to send the " + name + " header to " + host +
                                                                 ": it contains a control character");
        }
    }
    Poco::Net::HTTPRequest http_request(request.method, uri.getPathEtc(), Poco::Net::HTTPMessage::HTTP_1_1);
    http_request.setHost(uri.getHost(), uri.getPort());
    for (const auto& [name, value] : request.headers) http_request.set(name, value);
    // Poco's copies of the header values (keys among them) are overwritten
    // in place once sent; the copies in its stream and OpenSSL buffers are
    // out of reach.
    WipeHeaderCopies wipe_header_copies(http_request, request.headers);
    if (!request.body.empty() || request.method == "POST") {
        http_request.setContentLength(static_cast<std::streamsize>(request.body.size()));
    }

    HttpResponseHead head;
    try {
        std::ostream& out = session->sendRequest(http_request);
        InterruptGuard guard(cancel, session->socket().impl()->sockfd());
        out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
        out.flush();

        Poco::Net::HTTPResponse response;
        // Poco's body stream is left unread: the body is read below.
        session->receiveResponse(response);
        head.status = static_cast<int>(response.getStatus());
        head.reason = response.getReason();
        for (const auto& [name, value] : response) head.headers[lower(name)] = value;
        if (on_head) on_head(head);

        HttpBodyDecoder decoder = body_decoder(http_request, response);
        const auto buffer = std::make_unique_for_overwrite<char[]>(kReadBlock);
        while (!decoder.complete() && !cancel.cancelled()) {
            const int n = body->read_some(buffer.get(), kReadBlock);
            if (n <= 0) break;
            decoder.feed(std::string_view(buffer.get(), static_cast<std::size_t>(n)), on_body);
        }
    } catch (const Poco::Exception& e) {
        throw translate(e, host, cancel.cancelled());
    }
    if (cancel.cancelled()) {
        throw NetworkError(NetworkError::Kind::cancelled, "the request to " + host + " was cancelled");
    }
    return head;
}

std::pair<HttpResponseHead, std::string> HttpClient::fetch(const HttpRequest& request, CancelToken& cancel) const {
    std::string body;
    auto head = send(request, cancel, {}, [&body](std::string_view bytes) { body.append(bytes); });
    return {head, std::move(body)};
}

}  // namespace parley
