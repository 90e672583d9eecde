// parley-fake-cloudfront: stands in for a CloudFront distribution on
// 127.0.0.1 over TLS. Like CloudFront it serves a file only to a URL whose
// signature, Key-Pair-Id and expiry check out (else 403), and honours Range
// requests so downloads can resume. Faults for the updater's tests:
//   --drop-after N    the first response stops after N body bytes (connection closed)
//   --stall-after N   every response stops sending after N body bytes, connection kept open
//   --extra-bytes N   every response carries N bytes more than the file holds
//   --corrupt         one byte of every response is flipped
#include "cloudfront-url.h"
#include "http-wire.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/Net.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

using namespace parley::fake;
namespace fs = std::filesystem;

namespace {

struct Options {
    int port = 0;
    fs::path root;
    std::string tls_cert;
    std::string tls_key;
    std::vector<parley::CloudFrontPublicKey> keys;
    long drop_after = -1;
    long stall_after = -1;
    long extra_bytes = 0;
    bool corrupt = false;
};

std::atomic<bool> dropped_once{false};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void send_all(Poco::Net::StreamSocket& socket, std::string_view bytes) {
    while (!bytes.empty()) {
        const int n = socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
        if (n <= 0) throw std::runtime_error("client gone");
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void serve(Poco::Net::StreamSocket socket, const Options& options) {
    const auto request = read_request(socket);
    if (!request) return;
    const std::string url = "https://" + request->header("host") + request->target;
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    try {
        parley::cloudfront_verify_url(url, options.keys, now);
    } catch (const parley::CloudFrontError& error) {
        write_response(
            socket, {403,
                     {{"Content-Type", "text/xml"}},
                     std::string("<Error><Code>AccessDenied</Code><Message>") + error.what() + "</Message></Error>"});
        return;
    }
    const fs::path file = options.root / fs::path(request->path).relative_path();
    if (request->path.find("..") != std::string::npos || !fs::is_regular_file(file)) {
        write_response(socket, {404, {}, "<Error><Code>NoSuchKey</Code></Error>"});
        return;
    }
    std::string body = slurp(file);
    if (options.extra_bytes > 0) body.append(static_cast<std::size_t>(options.extra_bytes), 'X');
    if (options.corrupt && !body.empty()) body[body.size() / 2] = static_cast<char>(body[body.size() / 2] ^ 0x20);

    std::size_t start = 0;
    int status = 200;
    std::string head_extra;
    const std::string range = request->header("range");
    if (range.starts_with("bytes=") && range.ends_with("-")) {
        start = std::stoul(range.substr(6, range.size() - 7));
        if (start >= body.size()) {
            write_response(socket, {416, {{"Content-Range", "bytes */" + std::to_string(body.size())}}, ""});
            return;
        }
        status = 206;
        head_extra = "Content-Range: bytes " + std::to_string(start) + "-" + std::to_string(body.size() - 1) + "/" +
                     std::to_string(body.size()) + "\r\n";
    }
    const std::string_view rest = std::string_view(body).substr(start);
    send_all(socket, "HTTP/1.1 " + std::to_string(status) + (status == 206 ? " Partial Content" : " OK") +
                         "\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
                         std::to_string(rest.size()) + "\r\n" + head_extra + "Connection: close\r\n\r\n");
    std::size_t limit = rest.size();
    if (options.drop_after >= 0 && !dropped_once.exchange(true))
        limit = std::min<std::size_t>(limit, options.drop_after);
    const bool stall = options.stall_after >= 0;
    if (stall) limit = std::min<std::size_t>(limit, options.stall_after);
    send_all(socket, rest.substr(0, limit));
    if (stall) {
        // Silence until the client gives up and hangs up.
        char byte;
        socket.setReceiveTimeout(Poco::Timespan(600, 0));
        socket.receiveBytes(&byte, 1);
    }
    socket.shutdown();
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string name = argv[i];
        if (name == "--corrupt") {
            options.corrupt = true;
            continue;
        }
        if (i + 1 >= argc) throw std::invalid_argument(name + " needs a value");
        const std::string value = argv[++i];
        if (name == "--port")
            options.port = std::stoi(value);
        else if (name == "--root")
            options.root = value;
        else if (name == "--tls-cert")
            options.tls_cert = value;
        else if (name == "--tls-key")
            options.tls_key = value;
        else if (name == "--drop-after")
            options.drop_after = std::stol(value);
        else if (name == "--stall-after")
            options.stall_after = std::stol(value);
        else if (name == "--extra-bytes")
            options.extra_bytes = std::stol(value);
        else if (name == "--cloudfront-key") {
            const auto equals = value.find('=');
            if (equals == std::string::npos) throw std::invalid_argument("--cloudfront-key takes ID=PEMFILE");
            options.keys.push_back({value.substr(0, equals), slurp(value.substr(equals + 1))});
        } else
            throw std::invalid_argument("unknown option " + name);
    }
    if (options.root.empty() || options.tls_cert.empty() || options.keys.empty())
        throw std::invalid_argument("--root, --tls-cert/--tls-key and --cloudfront-key are required");
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    // Windows sockets need WSAStartup, which a static Poco does not run itself.
    Poco::Net::initializeNetwork();
    Options options;
    std::unique_ptr<Poco::Net::SecureServerSocket> server;
    try {
        options = parse_options(argc, argv);
        Poco::Net::initializeSSL();
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::SERVER_USE, options.tls_key,
                                                                 options.tls_cert, "", Poco::Net::Context::VERIFY_NONE);
        server = std::make_unique<Poco::Net::SecureServerSocket>(
            Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(options.port)), 64, context);
    } catch (const std::exception& e) {
        std::cerr << "parley-fake-cloudfront: " << e.what() << '\n';
        return 2;
    }
    std::cout << server->address().port() << std::endl;
    exit_when_stdin_closes();
    while (true) {
        Poco::Net::StreamSocket socket = server->acceptConnection();
        std::thread([socket, &options]() mutable {
            try {
                serve(std::move(socket), options);
            } catch (const std::exception&) {
                // A client that hangs up mid-download is part of the tests.
            }
        }).detach();
    }
}
