// parley-fake-provider: an HTTP(S) server on 127.0.0.1 that speaks the
// OpenAI, Anthropic and Gemini wire formats, with the faults a client must
// survive chosen per request through the model string (tests/fakes/README.md).
#include "dialects.h"
#include "http-wire.h"
#include "scenario.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/Net.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace parley::fake;
using nlohmann::json;

namespace {

const std::string kDefaultReply = "Hello! This is a reply from the fake provider.";
// Every Markdown construct the transcript renders, for the GUI tests.
const std::string kMarkdownReply = R"(# Heading One

Some *emphasis*, **strong**, ~~struck~~ and `inline code`, with [a link](https://example.org/docs) and https://example.org/auto here.

## Heading Two

> A quoted line

1. first item
2. second item

- [x] done task
- [ ] open task

| Name | Qty |
|:-----|----:|
| apple | 3 |
| kiwi | 12 |

```python
print("copy me")
x = 1
```

![a cat](https://example.org/cat.png)
)";

// Terminal control sequences a hostile model or server could send: a window
// title, a clipboard write, a disguised link, a screen clear split across
// two deltas, CSI as the C1 code point U+009B, DEL, BEL and a lone CR.
const std::vector<std::string> kEscapeDeltas = {"Title\x1b]0;pwned\x07 ",
                                                "clip\x1b]52;c;c2VjcmV0\x1b\\ ",
                                                "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\ ",
                                                "clear\x1b",
                                                "[2J ",
                                                "c1\xc2\x9b"
                                                "31m ",
                                                "del\x7f bell\x07 ",
                                                "cr\rover ",
                                                "\xc3\xa9 ok\r\n"};

struct Options {
    int port = 0;
    std::string record_file;
    std::string key;
    std::string tls_cert;
    std::string tls_key;
    std::string page_token;  // replaces the first page's continuation token
};

class Recorder {
public:
    explicit Recorder(const std::string& file) {
        if (!file.empty()) out_.open(file, std::ios::app);
    }
    void record(const HttpRequestIn& request) {
        if (!out_.is_open()) return;
        json headers = json::object();
        for (const auto& [name, value] : request.headers) headers[name] = value;
        json body = json::parse(request.body, nullptr, false);
        if (body.is_discarded()) body = request.body;
        // Milliseconds on the fake's monotonic clock, for waits the client
        // must keep between requests (Retry-After).
        const auto at_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
                .count();
        const std::lock_guard lock(mutex_);
        out_ << json{{"method", request.method}, {"path", request.path}, {"query", request.query},
                     {"headers", headers},       {"body", body},         {"at_ms", at_ms}}
                    .dump()
             << '\n'
             << std::flush;
    }

private:
    std::mutex mutex_;
    std::ofstream out_;
};

// Chat requests served so far per model string, for `+failN` and
// `+stallon=N`.
class RequestCounter {
public:
    // 1 for the first request with this model string, 2 for the next...
    int next(const std::string& model_string) {
        const std::lock_guard lock(mutex_);
        return ++counts_[model_string];
    }

private:
    std::mutex mutex_;
    std::map<std::string, int> counts_;
};

struct Route {
    Dialect dialect = Dialect::openai;
    enum class Kind { chat, models, unknown } kind = Kind::unknown;
    std::string model_string;
    bool stream = false;
};

Route route(const HttpRequestIn& request, const json& body) {
    Route r;
    const std::string& path = request.path;
    const auto body_string = [&body](const char* key) {
        return body.is_object() && body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
    };
    const auto body_stream = [&body] { return body.is_object() && body.value("stream", false); };
    if (request.method == "POST" && path.ends_with("/chat/completions")) {
        r.kind = Route::Kind::chat;
        r.model_string = body_string("model");
        if (const auto at = path.find("/deployments/"); r.model_string.empty() && at != std::string::npos) {
            const auto start = at + 13;
            r.model_string = path.substr(start, path.find('/', start) - start);
        }
        r.stream = body_stream();
    } else if (request.method == "POST" && path == "/v1/messages") {
        r.dialect = Dialect::anthropic;
        r.kind = Route::Kind::chat;
        r.model_string = body_string("model");
        r.stream = body_stream();
    } else if (request.method == "POST" && path.starts_with("/v1beta/models/")) {
        r.dialect = Dialect::gemini;
        r.kind = Route::Kind::chat;
        const std::string rest = path.substr(15);
        const auto colon = rest.rfind(':');
        Poco::URI::decode(rest.substr(0, colon), r.model_string);
        r.stream = colon != std::string::npos && rest.substr(colon) == ":streamGenerateContent";
    } else if (request.method == "GET" && path == "/v1beta/models") {
        r.dialect = Dialect::gemini;
        r.kind = Route::Kind::models;
    } else if (request.method == "GET" && path.ends_with("/models")) {
        r.dialect = request.header("anthropic-version").empty() ? Dialect::openai : Dialect::anthropic;
        r.kind = Route::Kind::models;
    }
    if (r.kind == Route::Kind::unknown && path.starts_with("/v1/messages")) r.dialect = Dialect::anthropic;
    return r;
}

std::string presented_key(Dialect dialect, const HttpRequestIn& request) {
    switch (dialect) {
        case Dialect::openai: {
            if (const std::string azure = request.header("api-key"); !azure.empty()) return azure;
            const std::string auth = request.header("authorization");
            return auth.starts_with("Bearer ") ? auth.substr(7) : "";
        }
        case Dialect::anthropic: return request.header("x-api-key");
        case Dialect::gemini: return request.header("x-goog-api-key");
    }
    return "";
}

// The presented key as a provider quotes it back: whole, masked the way
// OpenAI's 401 does ("sk-ab***cd") and URL-encoded, appended to the message
// of an error body or event (every dialect keeps it at error.message).
json with_key_echo(json error, const std::string& key) {
    if (key.empty() || !error.contains("error") || !error["error"].is_object()) return error;
    const std::string masked = key.size() > 9 ? key.substr(0, 5) + "***" + key.substr(key.size() - 4) : "***";
    std::string encoded;
    Poco::URI::encode(key, "", encoded);
    error["error"]["message"] = error["error"].value("message", "") + " Key presented: " + key + " (shown as " +
                                masked + ", in a URL as " + encoded + ").";
    return error;
}

std::string text_of(const json& content) {
    if (content.is_string()) return content.get<std::string>();
    std::string out;
    if (content.is_array()) {
        for (const auto& part : content) {
            if (part.is_object() && part.contains("text") && part["text"].is_string())
                out += part["text"].get<std::string>();
        }
    }
    return out;
}

// Every user-visible text of the request, and the last user turn's text.
std::pair<std::string, std::string> request_texts(Dialect dialect, const json& body) {
    std::string all;
    std::string last_user;
    if (!body.is_object()) return {all, last_user};
    if (dialect == Dialect::gemini) {
        for (const auto& turn : body.value("contents", json::array())) {
            const std::string text = text_of(turn.value("parts", json::array()));
            all += text + " ";
            if (turn.value("role", "") == "user") last_user = text;
        }
        if (body.contains("systemInstruction")) all += text_of(body["systemInstruction"].value("parts", json::array()));
    } else {
        for (const auto& message : body.value("messages", json::array())) {
            const std::string text = text_of(message.value("content", json()));
            all += text + " ";
            if (message.value("role", "") == "user") last_user = text;
        }
        if (body.contains("system")) all += text_of(body["system"]);
    }
    return {all, last_user};
}

long long count_words(const std::string& text) {
    long long words = 0;
    bool in_word = false;
    for (const char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return std::max(words, 1LL);
}

std::optional<long long> max_tokens(Dialect dialect, const json& body) {
    if (!body.is_object()) return std::nullopt;
    if (dialect == Dialect::gemini) {
        const auto config = body.value("generationConfig", json::object());
        if (config.contains("maxOutputTokens")) return config["maxOutputTokens"].get<long long>();
        return std::nullopt;
    }
    for (const char* key : {"max_completion_tokens", "max_tokens"}) {
        if (body.contains(key) && body[key].is_number_integer()) return body[key].get<long long>();
    }
    return std::nullopt;
}

std::size_t utf8_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead < 0xE0) return 2;
    if (lead < 0xF0) return 3;
    return 4;
}

// Exactly `bytes` bytes of text rich in multi-byte UTF-8, so that split
// writes land inside sequences.
std::string long_text(std::size_t bytes) {
    static const std::string pattern =
        "Parley streams long replies. Ünïcödé — 中文字符 and emoji 🙂🚀 stay whole.\n";
    std::string out;
    out.reserve(bytes);
    std::size_t i = 0;
    while (out.size() < bytes) {
        const std::size_t len = utf8_length(static_cast<unsigned char>(pattern[i]));
        if (out.size() + len > bytes) {
            out.append(bytes - out.size(), '.');
            break;
        }
        out.append(pattern, i, len);
        i = (i + len) % pattern.size();
    }
    return out;
}

// Deltas of about `size` bytes, cut only between code points.
std::vector<std::string> pieces_of(const std::string& text, std::size_t size) {
    std::vector<std::string> pieces;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(start + size, text.size());
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
        pieces.push_back(text.substr(start, end - start));
        start = end;
    }
    return pieces;
}

// Word by word, the way a model streams a short answer.
std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> pieces;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start + 1);
        if (end == std::string::npos) end = text.size();
        pieces.push_back(text.substr(start, end - start));
        start = end;
    }
    return pieces;
}

Reply make_reply(const Scenario& s, Dialect dialect, const json& body, const std::string& model_string) {
    Reply reply;
    reply.model = model_string;
    const auto [all_text, last_user] = request_texts(dialect, body);
    reply.input_tokens = count_words(all_text);
    if (s.long_bytes)
        reply.text = pieces_of(long_text(*s.long_bytes), s.delta_bytes);
    else if (s.escapes)
        reply.text = kEscapeDeltas;
    else
        reply.text = words_of(s.echo ? "You said: " + last_user : s.markdown ? kMarkdownReply : kDefaultReply);
    if (s.reasoning) reply.reasoning = {"The user greets me;", " a short friendly answer fits."};
    if (const auto limit = max_tokens(dialect, body); limit && *limit < static_cast<long long>(reply.text.size())) {
        reply.text.resize(static_cast<std::size_t>(std::max(*limit, 1LL)));
        reply.cut_by_max_tokens = true;
    }
    return reply;
}

std::string frame_event(const Event& event, Dialect dialect, const Scenario& s, std::size_t index) {
    const std::string le = !s.line_end.empty() ? s.line_end : dialect == Dialect::gemini ? "\r\n" : "\n";
    const std::string prefix = s.nospace ? "data:" : "data: ";
    std::string out;
    if (s.comments) out += ": keep-alive" + le + le + ": OPENROUTER PROCESSING" + le;
    if (!event.name.empty() && (dialect == Dialect::anthropic || s.eventlines))
        out += "event: " + event.name + le;
    else if (s.eventlines)
        out += "event: message" + le;
    if (s.unknown) out += "id: " + std::to_string(index) + le + "retry: 3000" + le + "x-unknown-field: 1" + le;
    const std::string payload = event.data.is_string() ? event.data.get<std::string>()
                                : s.pad                ? event.data.dump(2)
                                                       : event.data.dump();
    if (s.pad && !event.data.is_string()) {
        std::size_t start = 0;
        while (start <= payload.size()) {
            const auto nl = payload.find('\n', start);
            out += prefix + "  " + payload.substr(start, nl - start) + "  " + le;
            if (nl == std::string::npos) break;
            start = nl + 1;
        }
    } else {
        out += prefix + payload + le;
    }
    return out + le;
}

class Connection {
public:
    Connection(Poco::Net::StreamSocket socket, bool chunked) : socket_(std::move(socket)), chunked_(chunked) {}

    void write(std::string_view bytes) {
        if (bytes.empty()) return;
        if (!chunked_) return send_all(bytes);
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
        send_all(size);
        send_all(bytes);
        send_all("\r\n");
    }
    void end_chunks() {
        if (chunked_) send_all("0\r\n\r\n");
    }
    // A prebuilt stream is tens of megabytes: sent in pieces a single
    // send() is sure to take whole.
    void send_all(std::string_view bytes) {
        constexpr std::size_t kPiece = 1 << 20;
        while (!bytes.empty()) {
            const int n = static_cast<int>(std::min(bytes.size(), kPiece));
            const int sent = socket_.sendBytes(bytes.data(), n);
            if (sent <= 0) throw std::runtime_error("the client stopped reading");
            bytes.remove_prefix(static_cast<std::size_t>(sent));
        }
    }
    void send_split(const std::string& bytes) {
        socket_.setNoDelay(true);
        std::size_t i = 0;
        std::size_t step = 1;
        while (i < bytes.size()) {
            const std::size_t n = std::min(step, bytes.size() - i);
            write(bytes.substr(i, n));
            i += n;
            step = step % 7 + 1;
        }
    }
    void reset() {
        socket_.setLinger(true, 0);
        socket_.close();
    }
    // Holds the stream open, silent, until the client gives up.
    void wait_for_client_close() {
        char buffer[256];
        try {
            while (true) {
                if (socket_.poll(Poco::Timespan(1, 0), Poco::Net::Socket::SELECT_READ) &&
                    socket_.receiveBytes(buffer, sizeof buffer) <= 0)
                    return;
            }
        } catch (const Poco::Exception&) {
        }
    }
    Poco::Net::StreamSocket& socket() { return socket_; }

private:
    Poco::Net::StreamSocket socket_;
    bool chunked_;
};

void send_json(Poco::Net::StreamSocket& socket, int status, const json& body,
               const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    HttpResponseOut response;
    response.status = status;
    response.headers = headers;
    response.headers.emplace_back("Content-Type", "application/json");
    response.body = body.dump();
    write_response(socket, response);
}

std::vector<std::pair<std::string, std::string>> error_headers(Dialect dialect, const Scenario& s) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (s.retry_after) headers.emplace_back("Retry-After", *s.retry_after);
    if (dialect == Dialect::anthropic) headers.emplace_back("request-id", "req_fake0001");
    if (dialect == Dialect::openai) headers.emplace_back("x-request-id", "req_fake0001");
    return headers;
}

Connection open_stream(Poco::Net::StreamSocket socket, const Scenario& s) {
    std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\n"
        "Connection: close\r\n";
    if (s.chunked) head += "Transfer-Encoding: chunked\r\n";
    Connection connection(std::move(socket), s.chunked);
    connection.send_all(head + "\r\n");
    return connection;
}

void end_stream(Connection& connection, const Scenario& s) {
    if (s.reset) return connection.reset();
    if (s.stall) return connection.wait_for_client_close();
    if (!s.truncate) connection.end_chunks();
    connection.socket().shutdownSend();
}

// The provider's own mid-stream error event, quoting the key when asked.
Event midstream_error_event(Dialect dialect, const std::string& echoed_key) {
    Event error = midstream_error(dialect);
    error.data = with_key_echo(std::move(error.data), echoed_key);
    return error;
}

// The events sent, and how many of them before a fault cuts the stream.
std::pair<std::vector<Event>, std::size_t> planned_events(Dialect dialect, const Scenario& s, const Reply& reply) {
    auto events = stream_events(dialect, reply, s.unknown);
    const std::size_t text_start = events_before_text(dialect, reply);
    std::size_t stop_at = events.size();
    if (s.midstream_error || s.truncate || s.reset)
        stop_at = std::min(text_start + 2, events.size() - terminator_events(dialect));
    if (s.stall) stop_at = std::min(text_start + static_cast<std::size_t>(s.stall_after), events.size());
    return {std::move(events), stop_at};
}

// The whole body of an unpaced stream.
std::string render_stream(Dialect dialect, const Scenario& s, const Reply& reply, const std::string& echoed_key) {
    const auto [events, stop_at] = planned_events(dialect, s, reply);
    std::string out = s.bom ? "\xEF\xBB\xBF" : "";
    for (std::size_t i = 0; i < stop_at; ++i) out += frame_event(events[i], dialect, s, i);
    if (s.midstream_error) out += frame_event(midstream_error_event(dialect, echoed_key), dialect, s, stop_at);
    return out;
}

bool is_paced(const Scenario& s) {
    return s.split || s.slow_ms > 0;
}

void stream_reply(Poco::Net::StreamSocket socket, Dialect dialect, const Scenario& s, const Reply& reply,
                  const std::string& echoed_key) {
    Connection connection = open_stream(std::move(socket), s);
    if (!is_paced(s)) {
        connection.write(render_stream(dialect, s, reply, echoed_key));
        return end_stream(connection, s);
    }
    const auto [events, stop_at] = planned_events(dialect, s, reply);
    std::string pending = s.bom ? "\xEF\xBB\xBF" : "";
    for (std::size_t i = 0; i < stop_at; ++i) {
        pending += frame_event(events[i], dialect, s, i);
        if (s.split)
            connection.send_split(pending);
        else
            connection.write(pending);
        pending.clear();
        if (s.slow_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(s.slow_ms));
    }
    if (s.midstream_error) pending += frame_event(midstream_error_event(dialect, echoed_key), dialect, s, stop_at);
    connection.write(pending);
    end_stream(connection, s);
}

// Streams rendered for `+prebuilt`, kept by request so that serving one
// again costs only the writes: a benchmark then measures its client, not
// this fake's JSON generator.
class PrebuiltStreams {
public:
    std::shared_ptr<const std::string> get(const std::string& key, const std::function<std::string()>& render) {
        const std::lock_guard lock(mutex_);
        auto& stream = streams_[key];
        if (!stream) stream = std::make_shared<const std::string>(render());
        return stream;
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const std::string>> streams_;
};

struct Shared {
    Recorder recorder;
    RequestCounter requests;
    PrebuiltStreams prebuilt;
};

// 100,000 levels of arrays: enough to overflow any stack by recursion.
std::string deep_json() {
    constexpr std::size_t kLevels = 100000;
    return "{\"error\":" + std::string(kLevels, '[') + std::string(kLevels, ']') + "}";
}

// Sends `head`, then `start`, then `piece` over and over until the client
// hangs up (the write fails).
void send_endless(Poco::Net::StreamSocket socket, const std::string& head, const std::string& start,
                  const std::string& piece) {
    std::string block;
    while (block.size() < 64 * 1024) block += piece;
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    socket.sendBytes(start.data(), static_cast<int>(start.size()));
    while (true) socket.sendBytes(block.data(), static_cast<int>(block.size()));
}

const std::string kStreamHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";

// The hostile scenarios: true when one of them answered the request.
bool serve_hostile(Poco::Net::StreamSocket& socket, const Scenario& s, bool stream) {
    if (s.endlessbody) {
        send_endless(socket,
                     "HTTP/1.1 " + std::to_string(s.status != 0 ? s.status : 500) +
                         " Error\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
                     "{\"error\":{\"message\":\"", "a");
    } else if (s.deepjson) {
        if (s.status != 0 || !stream) {
            HttpResponseOut response;
            response.status = s.status != 0 ? s.status : 200;
            response.headers.emplace_back("Content-Type", "application/json");
            response.body = deep_json();
            write_response(socket, response);
        } else {
            const std::string bytes = kStreamHead + "data: " + deep_json() + "\n\n";
            socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
            socket.shutdownSend();
        }
    } else if (s.endlessline) {
        send_endless(socket, kStreamHead, "data: ", "a");
    } else if (s.endlessevent) {
        send_endless(socket, kStreamHead, "", "data: a\n");
    } else if (s.endlessarray) {
        send_endless(socket, kStreamHead, "{\"error\": [\r\n", "  {\"code\": 1},\r\n");
    } else {
        return false;
    }
    return true;
}

// A model list whose body never ends (`/endless/` in the path) or whose
// pages never end (`/endlesspages/`).
bool serve_hostile_models(Poco::Net::StreamSocket& socket, const HttpRequestIn& request) {
    if (request.path.starts_with("/endless/")) {
        send_endless(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
                     "{\"object\":\"list\",\"data\":[", "{\"id\":\"m\",\"object\":\"model\"},");
        return true;
    }
    if (request.path.starts_with("/endlesspages/")) {
        const std::string after = request.query_param("after_id");
        const std::string next = std::to_string(after.empty() ? 1 : std::stoll(after) + 1);
        send_json(socket, 200,
                  {{"data", json::array({{{"type", "model"}, {"id", next}}})}, {"has_more", true}, {"last_id", next}});
        return true;
    }
    return false;
}

void serve(Poco::Net::StreamSocket socket, const Options& options, Shared& shared) {
    const auto request = read_request(socket);
    if (!request) return;
    shared.recorder.record(*request);
    const json body = json::parse(request->body, nullptr, false);
    const Route r = route(*request, body);
    if (r.kind == Route::Kind::unknown) {
        return send_json(socket, 404,
                         {{"error", {{"message", "no route for " + request->method + " " + request->path}}}});
    }
    const Scenario s = parse_scenario(r.model_string);
    const std::string echoed_key = s.echo_key ? presented_key(r.dialect, *request) : "";
    const auto error = [&](int status, bool quota) {
        return with_key_echo(error_body(r.dialect, status, s.model, quota), echoed_key);
    };
    if (!options.key.empty() && presented_key(r.dialect, *request) != options.key) {
        return send_json(socket, 401, with_key_echo(error_body(r.dialect, 401, "", false), echoed_key),
                         error_headers(r.dialect, {}));
    }
    if (r.kind == Route::Kind::models) {
        if (serve_hostile_models(socket, *request)) return;
        std::string cursor = r.dialect == Dialect::anthropic ? request->query_param("after_id")
                             : r.dialect == Dialect::gemini  ? request->query_param("pageToken")
                                                             : "";
        // --page-token: the first page hands out the given token instead of
        // its own, and the token asks for the page the real one would.
        const char* token_field = r.dialect == Dialect::anthropic ? "last_id" : "nextPageToken";
        if (!options.page_token.empty() && cursor == options.page_token) {
            cursor = models_page(r.dialect, "").value(token_field, "");
        }
        json page = models_page(r.dialect, cursor);
        if (!options.page_token.empty() && cursor.empty() && page.contains(token_field)) {
            page[token_field] = options.page_token;
        }
        return send_json(socket, 200, page);
    }
    if (serve_hostile(socket, s, r.stream)) return;
    if (s.quota) return send_json(socket, 429, error(429, true), error_headers(r.dialect, s));
    if (s.status != 0) {
        json body_json = error(s.status, false);
        if (s.escapes)
            body_json["error"]["message"] = kEscapeDeltas.front() + body_json["error"]["message"].get<std::string>();
        return send_json(socket, s.status, body_json, error_headers(r.dialect, s));
    }
    const int nth = shared.requests.next(r.model_string);
    if (nth <= s.fail_first) {
        const int status = r.dialect == Dialect::anthropic ? 529 : 503;
        return send_json(socket, status, error(status, false), error_headers(r.dialect, s));
    }
    if (r.stream && s.prebuilt && !is_paced(s)) {
        // The parsed body, dumped, names the request whatever its spacing.
        const std::string key = std::to_string(static_cast<int>(r.dialect)) + r.model_string + body.dump();
        const auto bytes = shared.prebuilt.get(key, [&] {
            return render_stream(r.dialect, s, make_reply(s, r.dialect, body, r.model_string), echoed_key);
        });
        Connection connection = open_stream(std::move(socket), s);
        connection.write(*bytes);
        return end_stream(connection, s);
    }
    const Reply reply = make_reply(s, r.dialect, body, r.model_string);
    if (!r.stream) return send_json(socket, 200, complete_body(r.dialect, reply));
    Scenario paced = s;
    if (nth == s.stall_on) paced.stall = true;
    stream_reply(std::move(socket), r.dialect, paced, reply, echoed_key);
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string name = argv[i];
        const std::string value = argv[i + 1];
        if (name == "--port")
            options.port = std::stoi(value);
        else if (name == "--record")
            options.record_file = value;
        else if (name == "--key")
            options.key = value;
        else if (name == "--tls-cert")
            options.tls_cert = value;
        else if (name == "--tls-key")
            options.tls_key = value;
        else if (name == "--page-token")
            options.page_token = value;
        else
            throw std::invalid_argument("unknown option " + name);
    }
    return options;
}

std::unique_ptr<Poco::Net::ServerSocket> listen(const Options& options) {
    const Poco::Net::SocketAddress address("127.0.0.1", static_cast<Poco::UInt16>(options.port));
    if (options.tls_cert.empty()) return std::make_unique<Poco::Net::ServerSocket>(address);
    Poco::Net::initializeSSL();
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::SERVER_USE, options.tls_key,
                                                             options.tls_cert, "", Poco::Net::Context::VERIFY_NONE);
    return std::make_unique<Poco::Net::SecureServerSocket>(address, 64, context);
}

}  // namespace

int main(int argc, char** argv) {
    // Windows sockets need WSAStartup, which a static Poco does not run itself.
    Poco::Net::initializeNetwork();
#ifdef SIGPIPE
    // A client that hangs up mid-write ends that connection, not the server
    // (Windows has no SIGPIPE: a failed send is an error there already).
    std::signal(SIGPIPE, SIG_IGN);
#endif
    Options options;
    std::unique_ptr<Poco::Net::ServerSocket> server;
    try {
        options = parse_options(argc, argv);
        server = listen(options);
    } catch (const std::exception& e) {
        std::cerr << "parley-fake-provider: " << e.what() << '\n';
        return 2;
    }
    Shared shared{Recorder(options.record_file), {}, {}};
    std::cout << server->address().port() << std::endl;
    exit_when_stdin_closes();
    while (true) {
        // Handed whole to the connection's thread: a copy left on this one
        // would share the socket's reference count across threads, which
        // ThreadSanitizer cannot see synchronised inside Poco.
        auto socket = std::make_unique<Poco::Net::StreamSocket>(server->acceptConnection());
        std::thread([socket = std::move(socket), &options, &shared]() mutable {
            try {
                serve(*socket, options, shared);
            } catch (const std::exception&) {
                // A client that hangs up mid-reply is part of the tests.
            }
        }).detach();
    }
}
