// parley-licensing under load: validations per second and latency with 64
// keep-alive clients on loopback (SQLite store), against a bare Poco
// HTTPServer answering a fixed 200 with the same threading, in the same run.
//   build/bench/licensing-bench build/licensing/parley-licensing [SECONDS] [CLIENTS]
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// parley-licensing serve's settings (serve-command.cpp): default --threads,
// queue, keep-alive and timeouts.
constexpr int kServerThreads = 128;

class FixedAnswer : public Poco::Net::HTTPRequestHandler {
public:
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        request.stream().ignore(std::numeric_limits<std::streamsize>::max());
        static const std::string body = "{}";
        response.setContentType("application/json");
        response.setContentLength64(static_cast<Poco::Int64>(body.size()));
        response.send() << body;
    }
};

class FixedAnswerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new FixedAnswer;
    }
};

// The reference: the same server setup as `serve`, minus everything the
// service does per request.
int run_bare_server() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1:0"), 256);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(kServerThreads);
    params->setMaxQueued(512);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(15, 0));
    params->setTimeout(Poco::Timespan(10, 0));
    Poco::ThreadPool threads(2, kServerThreads, 60);
    Poco::Net::HTTPServer server(new FixedAnswerFactory, threads, socket, params);
    server.start();
    std::cout << "listening on http://127.0.0.1:" << socket.address().port() << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    server.stopAll(true);
    threads.joinAll();
    return 0;
}

std::string run(const std::string& program, const std::vector<std::string>& args) {
    Poco::Pipe out;
    Poco::ProcessHandle handle = Poco::Process::launch(program, args, nullptr, &out, nullptr);
    Poco::PipeInputStream stream(out);
    std::ostringstream text;
    text << stream.rdbuf();
    if (handle.wait() != 0) throw std::runtime_error(program + " failed");
    return text.str();
}

struct Server {
    Poco::ProcessHandle handle;
    std::string url;
};

Server start_server(const std::string& program, const std::vector<std::string>& args) {
    Poco::Pipe out;
    Poco::ProcessHandle handle = Poco::Process::launch(program, args, nullptr, &out, nullptr);
    Poco::PipeInputStream stream(out);
    std::string line;
    std::getline(stream, line);
    const std::string prefix = "listening on ";
    if (!line.starts_with(prefix)) throw std::runtime_error(program + " did not start");
    return {handle, line.substr(prefix.size())};
}

struct Figures {
    double per_second = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    long errors = 0;
};

std::string body_for(const std::string& key, int client) {
    char fingerprint[65];
    std::snprintf(fingerprint, sizeof fingerprint, "%016x%048d", static_cast<unsigned>(client), 0);
    return "{\"license_key\":\"" + key + "\",\"fingerprint\":\"" + fingerprint +
           "\",\"nonce\":\"bench\",\"app_version\":\"0.1.0\",\"platform\":\"linux-x86_64\"}";
}

Figures load(const std::string& url, const std::string& key, int clients, std::chrono::seconds duration) {
    const Poco::URI uri(url);
    std::atomic<bool> measuring{false};
    std::atomic<bool> done{false};
    std::atomic<long> errors{0};
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(clients));
    std::vector<std::thread> threads;
    for (int client = 0; client < clients; ++client) {
        threads.emplace_back([&, client] {
            const std::string body = body_for(key, client);
            Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
            session.setKeepAlive(true);
            std::string answer;
            while (!done) {
                const auto started = Clock::now();
                try {
                    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/api/license/validate",
                                                   Poco::Net::HTTPMessage::HTTP_1_1);
                    request.setKeepAlive(true);
                    request.setContentType("application/json");
                    request.setContentLength64(static_cast<Poco::Int64>(body.size()));
                    session.sendRequest(request) << body;
                    Poco::Net::HTTPResponse response;
                    std::istream& in = session.receiveResponse(response);
                    answer.assign(std::istreambuf_iterator<char>(in), {});
                    if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) ++errors;
                } catch (const std::exception&) {
                    ++errors;
                    session.reset();
                }
                if (measuring) {
                    latencies[static_cast<std::size_t>(client)].push_back(
                        std::chrono::duration<double, std::milli>(Clock::now() - started).count());
                }
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));  // warm-up: connections, caches
    errors = 0;
    measuring = true;
    const auto started = Clock::now();
    std::this_thread::sleep_for(duration);
    measuring = false;
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    done = true;
    for (std::thread& thread : threads) thread.join();

    std::vector<double> all;
    for (const auto& each : latencies) all.insert(all.end(), each.begin(), each.end());
    std::sort(all.begin(), all.end());
    Figures figures;
    figures.errors = errors;
    if (all.empty()) return figures;
    figures.per_second = static_cast<double>(all.size()) / elapsed;
    figures.p50_ms = all[all.size() / 2];
    figures.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
    return figures;
}

void print(const char* name, const Figures& figures) {
    std::printf("%-34s %9.0f req/s   p50 %6.2f ms   p99 %6.2f ms   errors %ld\n", name, figures.per_second,
                figures.p50_ms, figures.p99_ms, figures.errors);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && std::string(argv[1]) == "--bare-server") return run_bare_server();
    if (argc < 2) {
        std::cerr << "usage: licensing-bench PATH/TO/parley-licensing [SECONDS] [CLIENTS]\n";
        return 2;
    }
    const std::string service = argv[1];
    const std::chrono::seconds duration(argc >= 3 ? std::stoi(argv[2]) : 5);
    const int clients = argc >= 4 ? std::stoi(argv[3]) : 64;

    char folder[] = "/tmp/parley-licensing-bench-XXXXXX";
    if (!mkdtemp(folder)) return 1;
    const std::string data = std::string(folder) + "/data";
    try {
        run(service, {"init", "--data", data});
        std::string key = run(service, {"license", "create", "--data", data, "--seats", "1000"});
        key.erase(key.find('\n'));

        // Rate limits off: every client is 127.0.0.1 on one license. The
        // access log is on, to a file, as in production.
        Server served =
            start_server(service, {"serve", "--data", data, "--listen", "127.0.0.1:0", "--rate-per-address", "0",
                                   "--rate-per-license", "0", "--access-log", std::string(folder) + "/access.log"});
        const Figures service_figures = load(served.url, key, clients, duration);
        ::kill(served.handle.id(), SIGTERM);
        served.handle.wait();

        Server bare = start_server("/proc/self/exe", {"--bare-server"});
        const Figures bare_figures = load(bare.url, key, clients, duration);
        ::kill(bare.handle.id(), SIGTERM);
        bare.handle.wait();

        std::printf("%d keep-alive clients, %lds each, loopback, SQLite store\n", clients,
                    static_cast<long>(duration.count()));
        print("parley-licensing validate", service_figures);
        print("bare Poco HTTPServer, fixed 200", bare_figures);
        std::printf("ratio (service / bare)             %9.2f\n",
                    bare_figures.per_second > 0 ? service_figures.per_second / bare_figures.per_second : 0.0);
    } catch (const std::exception& error) {
        std::cerr << "licensing-bench: " << error.what() << "\n";
        std::filesystem::remove_all(folder);
        return 1;
    }
    std::filesystem::remove_all(folder);
    return 0;
}
