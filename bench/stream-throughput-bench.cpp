// `parley-cli chat` end to end for a long streamed reply (5 MB of text in
// 24-byte deltas: about 50 MB of SSE) from a fake provider that serves the
// stream from memory, against a raw read of the same response bytes from the
// same server in the same run. Prints the client's wall and CPU time, its
// peak RSS, and its speed as a fraction of the raw read's (target >= 0.25,
// peak RSS < 30 MB). The client path alone (no process start, no history),
// run in a child of this process, shows what the rest costs.
#include "providers/provider-client.h"

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

// Waits for a child; its own rusage gives its CPU time and peak RSS.
ChildRun finished_child(pid_t pid, Clock::time_point start, const std::string& what) {
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    ChildRun run;
    run.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error(what + " failed");
    run.cpu_s = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    run.peak_rss_kb = usage.ru_maxrss;
    return run;
}

// Runs a program with stdout into a pipe that is drained and counted, as a
// terminal or a pager would read it.
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

    const auto start = Clock::now();
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (spawned != 0) {
        close(out[0]);
        throw std::runtime_error("cannot start " + args[0]);
    }
    std::size_t printed = 0;
    std::thread reader([&printed, fd = out[0]] {
        std::vector<char> buffer(1 << 20);
        ssize_t n = 0;
        while ((n = read(fd, buffer.data(), buffer.size())) > 0) printed += static_cast<std::size_t>(n);
    });
    ChildRun run;
    try {
        run = finished_child(pid, start, args[0] + " " + args[1]);
    } catch (...) {
        reader.join();
        close(out[0]);
        throw;
    }
    reader.join();
    close(out[0]);
    run.stdout_bytes = printed;
    return run;
}

// Writes the text as parley-cli's stdout does (buffered, flushed once per
// read from the network), to /dev/null.
class DevNullSink final : public parley::ReplySink {
public:
    DevNullSink() : out_(std::fopen("/dev/null", "w")) {}
    ~DevNullSink() override { std::fclose(out_); }
    DevNullSink(const DevNullSink&) = delete;
    DevNullSink& operator=(const DevNullSink&) = delete;
    void on_text(std::string_view text) override {
        std::fwrite(text.data(), 1, text.size(), out_);
        bytes += text.size();
    }
    void on_reasoning(std::string_view) override {}
    void flush() override { std::fflush(out_); }
    std::size_t bytes = 0;

private:
    std::FILE* out_;
};

// ProviderClient with the request parley-cli sends (the same body, so the
// fake serves the same prebuilt bytes), in a forked child for its rusage.
ChildRun client_path_in_child(const Poco::Net::SocketAddress& server, const std::string& model,
                              std::size_t reply_bytes) {
    const auto start = Clock::now();
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        int code = 1;
        try {
            parley::ProviderProfile profile;
            profile.id = "bench";
            profile.kind = parley::ProviderKind::openai_compatible;
            profile.base_url = "http://" + server.toString() + "/v1";
            parley::ChatRequest request;
            request.model = model;
            request.turns = {{parley::Role::user, "go", {}}};
            DevNullSink sink;
            parley::CancelToken cancel;
            parley::ProviderClient(profile, {}).chat(request, parley::Secret(std::string()), sink, cancel);
            code = sink.bytes == reply_bytes ? 0 : 1;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "client path: %s\n", e.what());
        }
        _exit(code);
    }
    return finished_child(pid, start, "the client path");
}

struct RawRun {
    double wall_s = 0;
    double cpu_s = 0;
    std::size_t bytes = 0;
};

double thread_cpu_s() {
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// The request parley-cli sent, as the fake recorded it, sent again over a
// plain socket; the response is read to its end and only counted.
RawRun raw_read(const Poco::Net::SocketAddress& server, const std::string& request) {
    RawRun run;
    std::vector<char> buffer(1 << 20);
    const auto start = Clock::now();
    const double cpu_start = thread_cpu_s();
    Poco::Net::StreamSocket socket(server);
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    int n = 0;
    while ((n = socket.receiveBytes(buffer.data(), static_cast<int>(buffer.size()))) > 0) {
        run.bytes += static_cast<std::size_t>(n);
    }
    run.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    run.cpu_s = thread_cpu_s() - cpu_start;
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
        client_path_in_child(address, model, reply_bytes);

        // Interleaved, so that load from elsewhere on the machine falls on all.
        std::vector<ChildRun> client_runs;
        std::vector<ChildRun> path_runs;
        std::vector<RawRun> raw_runs;
        for (int i = 0; i < runs; ++i) {
            client_runs.push_back(run_child(chat));
            path_runs.push_back(client_path_in_child(address, model, reply_bytes));
            raw_runs.push_back(raw_read(address, request));
        }
        const double wall = median_of(client_runs, [](const ChildRun& r) { return r.wall_s; });
        const double cpu = median_of(client_runs, [](const ChildRun& r) { return r.cpu_s; });
        long peak_kb = 0;
        for (const auto& r : client_runs) peak_kb = std::max(peak_kb, r.peak_rss_kb);
        const double raw_wall = median_of(raw_runs, [](const RawRun& r) { return r.wall_s; });
        const double raw_cpu = median_of(raw_runs, [](const RawRun& r) { return r.cpu_s; });
        const std::size_t wire = raw_runs.front().bytes;
        const std::size_t printed = client_runs.front().stdout_bytes;
        const double path_wall = median_of(path_runs, [](const ChildRun& r) { return r.wall_s; });
        const double path_cpu = median_of(path_runs, [](const ChildRun& r) { return r.cpu_s; });
        long path_peak_kb = 0;
        for (const auto& r : path_runs) path_peak_kb = std::max(path_peak_kb, r.peak_rss_kb);

        std::printf("reply: %zu bytes of text, %zu bytes on the wire (%d runs, medians)\n", reply_bytes, wire, runs);
        std::printf("parley-cli chat: %.1f ms wall, %.1f ms CPU, %.1f MB/s of wire bytes; %zu bytes on stdout\n",
                    wall * 1e3, cpu * 1e3, static_cast<double>(wire) / 1e6 / wall, printed);
        std::printf("raw read:        %.1f ms wall, %.1f ms CPU, %.1f MB/s\n", raw_wall * 1e3, raw_cpu * 1e3,
                    static_cast<double>(wire) / 1e6 / raw_wall);
        // On a busy machine wall times wait for a core; the CPU ratio does not.
        std::printf("client speed / raw read speed: %.2f by wall time (target >= 0.25), %.2f by CPU time\n",
                    raw_wall / wall, raw_cpu / cpu);
        std::printf("peak RSS of parley-cli chat:   %.1f MB (target < 30 MB)\n", static_cast<double>(peak_kb) / 1024.0);
        std::printf(
            "client path alone (HTTP, SSE, JSON, buffered output; no history, no process start): "
            "%.1f ms wall, %.1f ms CPU, speed / raw read speed %.2f by wall, %.2f by CPU; peak RSS %.1f MB\n",
            path_wall * 1e3, path_cpu * 1e3, raw_wall / path_wall, raw_cpu / path_cpu,
            static_cast<double>(path_peak_kb) / 1024.0);
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
