// `parley-cli chat` end to end for a long streamed reply (5 MB of text in
// 24-byte deltas: about 50 MB of SSE) from a fake provider that serves the
// stream from memory, against a raw read of the same response bytes from the
// same server in the same run. Prints the client's wall and CPU time, its
// peak RSS, and its speed as a fraction of the raw read's (target >= 0.25,
// peak RSS < 30 MB).
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Pipe.h>
#include <Poco/Process.h>

#include <nlohmann/json.hpp>

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

struct ChildRun {
    double wall_s = 0;
    double cpu_s = 0;
    long peak_rss_kb = 0;
    std::size_t stdout_bytes = 0;
};

double seconds(const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

// Runs a program with stdout into a pipe that is drained and counted, as a
// terminal or a pager would read it; the child's own rusage gives its CPU
// time and peak RSS.
ChildRun run_child(const std::vector<std::string>& args) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, out[1]);
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);

    ChildRun run;
    const auto start = Clock::now();
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (spawned != 0) {
        close(out[0]);
        throw std::runtime_error("cannot start " + args[0]);
    }
    std::thread reader([&run, fd = out[0]] {
        std::vector<char> buffer(1 << 20);
        ssize_t n = 0;
        while ((n = read(fd, buffer.data(), buffer.size())) > 0) run.stdout_bytes += static_cast<std::size_t>(n);
    });
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    reader.join();
    close(out[0]);
    run.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error(args[0] + " " + args[1] + " failed");
    run.cpu_s = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    run.peak_rss_kb = usage.ru_maxrss;
    return run;
}

struct RawRun {
    double wall_s = 0;
    std::size_t bytes = 0;
};

// The request parley-cli sent, as the fake recorded it, sent again over a
// plain socket; the response is read to its end and only counted.
RawRun raw_read(const Poco::Net::SocketAddress& server, const std::string& request) {
    RawRun run;
    std::vector<char> buffer(1 << 20);
    const auto start = Clock::now();
    Poco::Net::StreamSocket socket(server);
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    int n = 0;
    while ((n = socket.receiveBytes(buffer.data(), static_cast<int>(buffer.size()))) > 0) {
        run.bytes += static_cast<std::size_t>(n);
    }
    run.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    return run;
}

std::string replayed_request(const std::filesystem::path& record_file, const Poco::Net::SocketAddress& server) {
    std::ifstream in(record_file);
    std::string line;
    std::string last;
    while (std::getline(in, line)) {
        if (line.find("chat/completions") != std::string::npos) last = line;
    }
    if (last.empty()) throw std::runtime_error("the fake recorded no chat request");
    const auto recorded = nlohmann::json::parse(last);
    const std::string body = recorded["body"].dump();
    return "POST " + recorded["path"].get<std::string>() + " HTTP/1.1\r\nHost: " + server.toString() +
           "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nConnection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

template <typename T, typename F>
double median_of(const std::vector<T>& runs, F value) {
    std::vector<double> values;
    for (const auto& run : runs) values.push_back(value(run));
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s PATH_TO_parley-cli PATH_TO_parley-fake-provider [RUNS] [REPLY_BYTES]\n",
                     argv[0]);
        return 2;
    }
    const std::string cli = std::filesystem::absolute(argv[1]).string();
    const int runs = argc > 3 ? std::stoi(argv[3]) : 5;
    const std::size_t reply_bytes = argc > 4 ? std::stoul(argv[4]) : 5'000'000;

    char dir_template[] = "/tmp/parley-stream-bench-XXXXXX";
    const std::filesystem::path dir = mkdtemp(dir_template);
    const auto record_file = dir / "requests.jsonl";
    setenv("PARLEY_HOME", (dir / "home").c_str(), 1);

    Poco::Pipe in_pipe;
    Poco::Pipe out_pipe;
    Poco::ProcessHandle server =
        Poco::Process::launch(argv[2], {"--port", "0", "--record", record_file.string()}, &in_pipe, &out_pipe, nullptr);
    std::string port;
    char c = 0;
    while (out_pipe.readBytes(&c, 1) == 1 && c != '\n') port += c;
    const Poco::Net::SocketAddress address("127.0.0.1", static_cast<Poco::UInt16>(std::stoi(port)));

    int exit_code = 0;
    try {
        // `prebuilt`: the fake renders the stream on the first request and
        // serves the same bytes from memory afterwards.
        const std::string model = "bench+long=" + std::to_string(reply_bytes) + "+delta=24+prebuilt";
        run_child({cli, "provider", "add", "bench", "--kind", "openai-compatible", "--base-url",
                   "http://" + address.toString() + "/v1", "--model", model});
        const std::vector<std::string> chat = {cli, "chat", "-p", "bench", "go"};
        run_child(chat);  // warm-up: the fake renders the stream
        const std::string request = replayed_request(record_file, address);
        raw_read(address, request);

        // Interleaved, so that load from elsewhere on the machine falls on both.
        std::vector<ChildRun> client_runs;
        std::vector<RawRun> raw_runs;
        for (int i = 0; i < runs; ++i) {
            client_runs.push_back(run_child(chat));
            raw_runs.push_back(raw_read(address, request));
        }
        const double wall = median_of(client_runs, [](const ChildRun& r) { return r.wall_s; });
        const double cpu = median_of(client_runs, [](const ChildRun& r) { return r.cpu_s; });
        long peak_kb = 0;
        for (const auto& r : client_runs) peak_kb = std::max(peak_kb, r.peak_rss_kb);
        const double raw_wall = median_of(raw_runs, [](const RawRun& r) { return r.wall_s; });
        const std::size_t wire = raw_runs.front().bytes;
        const std::size_t printed = client_runs.front().stdout_bytes;

        std::printf("reply: %zu bytes of text, %zu bytes on the wire (%d runs, medians)\n", reply_bytes, wire, runs);
        std::printf("parley-cli chat: %.1f ms wall, %.1f ms CPU, %.1f MB/s of wire bytes; %zu bytes on stdout\n",
                    wall * 1e3, cpu * 1e3, static_cast<double>(wire) / 1e6 / wall, printed);
        std::printf("raw read:        %.1f ms wall, %.1f MB/s\n", raw_wall * 1e3,
                    static_cast<double>(wire) / 1e6 / raw_wall);
        std::printf("client speed / raw read speed: %.2f (target >= 0.25)\n", raw_wall / wall);
        std::printf("peak RSS of parley-cli chat:   %.1f MB (target < 30 MB)\n", static_cast<double>(peak_kb) / 1024.0);
        // The reply, plus the newline that ends it on a terminal.
        if (printed < reply_bytes || printed > reply_bytes + 1) {
            std::fprintf(stderr, "parley-cli printed %zu bytes, not the %zu of the reply\n", printed, reply_bytes);
            exit_code = 1;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "stream-throughput-bench: %s\n", e.what());
        exit_code = 1;
    }
    in_pipe.close();
    Poco::Process::kill(server);
    std::filesystem::remove_all(dir);
    return exit_code;
}
