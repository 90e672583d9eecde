// Decoding throughput: a 5 MB reply streamed from a loopback fake provider
// through the full client path (HTTP, SSE, JSON, text sink), against reading
// the same response bytes raw from the same server. Prints MB/s for both,
// their ratio (target >= 0.5) and peak RSS (target < 40 MB).
#include "net/http-client.h"
#include "providers/openai-wire-format.h"
#include "providers/provider-client.h"

#include <Poco/Pipe.h>
#include <Poco/Process.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace parley;

namespace {

constexpr std::size_t kReplyBytes = 5'000'000;

class CountingSink final : public ReplySink {
public:
    void on_text(std::string_view text) override { bytes += text.size(); }
    void on_reasoning(std::string_view) override {}
    std::size_t bytes = 0;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

long peak_rss_kb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s PATH_TO_parley-fake-provider [runs]\n", argv[0]);
        return 2;
    }
    const int runs = argc > 2 ? std::stoi(argv[2]) : 5;
    Poco::Pipe in_pipe;
    Poco::Pipe out_pipe;
    Poco::ProcessHandle server = Poco::Process::launch(argv[1], {"--port", "0"}, &in_pipe, &out_pipe, nullptr);
    std::string port;
    char c = 0;
    while (out_pipe.readBytes(&c, 1) == 1 && c != '\n') port += c;

    ProviderProfile profile;
    profile.id = "bench";
    profile.kind = ProviderKind::openai_compatible;
    profile.base_url = "http://127.0.0.1:" + port + "/v1";
    const ProviderClient client(profile, {});
    ChatRequest request;
    request.model = "bench+long=" + std::to_string(kReplyBytes);
    request.turns = {{Role::user, "go", {}}};
    const Secret key(std::string("sk-bench"));

    std::vector<double> client_times;
    std::size_t decoded = 0;
    for (int i = 0; i < runs; ++i) {
        CountingSink sink;
        CancelToken cancel;
        const auto start = std::chrono::steady_clock::now();
        client.chat(request, key, sink, cancel);
        client_times.push_back(seconds_since(start));
        decoded = sink.bytes;
    }
    const long client_rss_kb = peak_rss_kb();

    // The same request, body bytes counted but not parsed.
    HttpRequest raw = OpenAiWireFormat().chat_request(profile, request, key.view());
    std::vector<double> raw_times;
    std::size_t raw_bytes = 0;
    for (int i = 0; i < runs; ++i) {
        std::size_t bytes = 0;
        CancelToken cancel;
        const auto start = std::chrono::steady_clock::now();
        HttpClient({}).send(raw, cancel, {}, [&bytes](std::string_view chunk) { bytes += chunk.size(); });
        raw_times.push_back(seconds_since(start));
        raw_bytes = bytes;
    }
    in_pipe.close();
    Poco::Process::kill(server);

    std::sort(client_times.begin(), client_times.end());
    std::sort(raw_times.begin(), raw_times.end());
    const double client_median = client_times[client_times.size() / 2];
    const double raw_median = raw_times[raw_times.size() / 2];
    const double client_mbps = static_cast<double>(raw_bytes) / 1e6 / client_median;
    const double raw_mbps = static_cast<double>(raw_bytes) / 1e6 / raw_median;
    std::printf("reply text decoded:        %zu bytes (wire: %zu bytes)\n", decoded, raw_bytes);
    std::printf("full client path (median): %.1f ms, %.1f MB/s of wire bytes\n", client_median * 1e3, client_mbps);
    std::printf("raw read (median):         %.1f ms, %.1f MB/s\n", raw_median * 1e3, raw_mbps);
    std::printf("ratio client/raw:          %.2f (target >= 0.50)\n", client_mbps / raw_mbps);
    std::printf("peak RSS after client runs: %.1f MB (target < 40 MB)\n", static_cast<double>(client_rss_kb) / 1024.0);
    return decoded == kReplyBytes ? 0 : 1;
}
