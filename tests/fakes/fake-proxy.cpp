// parley-fake-proxy: an HTTP proxy on 127.0.0.1 that tunnels CONNECT and
// forwards absolute-URI requests, recording each request line, so tests can
// prove traffic went through the configured proxy.
#include "http-wire.h"

#include <Poco/Net/Net.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

using namespace parley::fake;

namespace {

std::mutex record_mutex;

void record(const std::string& file, const HttpRequestIn& request) {
    if (file.empty()) return;
    const std::lock_guard lock(record_mutex);
    std::ofstream out(file, std::ios::app);
    out << nlohmann::json{{"method", request.method},
                          {"target", request.target},
                          {"proxy_authorization", request.header("proxy-authorization")}}
               .dump()
        << '\n';
}

// Copies bytes one way until either side closes.
void pump(Poco::Net::StreamSocket from, Poco::Net::StreamSocket to) {
    char buffer[16384];
    try {
        while (true) {
            const int n = from.receiveBytes(buffer, sizeof buffer);
            if (n <= 0) break;
            to.sendBytes(buffer, n);
        }
        to.shutdownSend();
    } catch (const Poco::Exception&) {
    }
}

void tunnel(Poco::Net::StreamSocket client, Poco::Net::StreamSocket upstream) {
    std::thread back(pump, upstream, client);
    pump(client, upstream);
    back.join();
}

void serve(Poco::Net::StreamSocket client, const std::string& record_file) {
    const auto request = read_request(client);
    if (!request) return;
    record(record_file, *request);
    if (request->method == "CONNECT") {
        Poco::Net::StreamSocket upstream;
        try {
            upstream.connect(Poco::Net::SocketAddress(request->target));
        } catch (const Poco::Exception&) {
            write_response(client, {502, {}, "cannot reach " + request->target});
            return;
        }
        const std::string established = "HTTP/1.1 200 Connection established\r\n\r\n";
        client.sendBytes(established.data(), static_cast<int>(established.size()));
        return tunnel(client, upstream);
    }
    const Poco::URI uri(request->target);
    Poco::Net::StreamSocket upstream;
    try {
        upstream.connect(Poco::Net::SocketAddress(uri.getHost(), uri.getPort()));
    } catch (const Poco::Exception&) {
        write_response(client, {502, {}, "cannot reach " + uri.getAuthority()});
        return;
    }
    std::string forwarded = request->method + " " + uri.getPathAndQuery() + " HTTP/1.1\r\n";
    for (const auto& [name, value] : request->headers) {
        if (name != "proxy-authorization" && name != "proxy-connection" && name != "transfer-encoding" &&
            name != "content-length")
            forwarded += name + ": " + value + "\r\n";
    }
    forwarded += "content-length: " + std::to_string(request->body.size()) + "\r\n\r\n" + request->body;
    upstream.sendBytes(forwarded.data(), static_cast<int>(forwarded.size()));
    tunnel(client, upstream);
}

}  // namespace

int main(int argc, char** argv) {
    // Windows sockets need WSAStartup, which a static Poco does not run itself.
    Poco::Net::initializeNetwork();
    int port = 0;
    std::string record_file;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string name = argv[i];
        if (name == "--port")
            port = std::stoi(argv[i + 1]);
        else if (name == "--record")
            record_file = argv[i + 1];
        else {
            std::cerr << "parley-fake-proxy: unknown option " << name << '\n';
            return 2;
        }
    }
    Poco::Net::ServerSocket server(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
    std::cout << server.address().port() << std::endl;
    exit_when_stdin_closes();
    while (true) {
        // Handed whole to the connection's thread (see fake-provider.cpp).
        auto client = std::make_unique<Poco::Net::StreamSocket>(server.acceptConnection());
        std::thread([client = std::move(client), &record_file] {
            try {
                serve(*client, record_file);
            } catch (const std::exception&) {
            }
        }).detach();
    }
}
