#include "providers/provider-client.h"

#include "net/http-client.h"
#include "net/network-error.h"
#include "vault/redact.h"

#include <algorithm>
#include <random>

namespace parley {

namespace {

constexpr std::size_t kMaxErrorBody = 64 * 1024;

void wipe_headers(HttpRequest& request) {
    for (auto& header : request.headers) wipe_string(header.second);
}

class WipeOnExit {
public:
    explicit WipeOnExit(HttpRequest& request) : request_(request) {}
    ~WipeOnExit() { wipe_headers(request_); }
    WipeOnExit(const WipeOnExit&) = delete;
    WipeOnExit& operator=(const WipeOnExit&) = delete;

private:
    HttpRequest& request_;
};

// Remembers whether any reply text reached the real sink: from then on a
// retry would duplicate what the user already saw.
class StartedSink final : public ReplySink {
public:
    StartedSink(ReplySink& inner, bool& started) : inner_(inner), started_(started) {}
    void on_text(std::string_view text) override {
        started_ = true;
        inner_.on_text(text);
    }
    void on_reasoning(std::string_view text) override {
        started_ = true;
        inner_.on_reasoning(text);
    }
    void flush() override { inner_.flush(); }

private:
    ReplySink& inner_;
    bool& started_;
};

ProviderError from_network(const NetworkError& error, const std::string& label) {
    if (error.kind() == NetworkError::Kind::cancelled) {
        return {ProviderError::Category::interrupted, label, 0, "the request was cancelled"};
    }
    return {ProviderError::Category::network, label, 0, error.what()};
}

}  // namespace

ProviderClient::ProviderClient(ProviderProfile profile, NetworkOptions network, RetryPolicy retry)
    : profile_(std::move(profile)),
      network_(std::move(network)),
      retry_(retry),
      wire_(make_wire_format(profile_)) {}

std::string ProviderClient::label() const {
    return profile_.id + " (" + std::string(display_name(profile_.kind)) + ")";
}

void ProviderClient::on_retry(std::function<void(int, std::chrono::milliseconds, const std::string&)> callback) {
    on_retry_ = std::move(callback);
}

ProviderError ProviderClient::relabel(const ProviderError& error, const Secret& key) const {
    ProviderError out(error.category(), label(), error.http_status(),
                      redact_known(error.provider_message(), key.view()), error.retryable());
    if (error.retry_after_s()) out.set_retry_after_s(*error.retry_after_s());
    return out;
}

std::chrono::milliseconds ProviderClient::backoff(int attempt, const ProviderError& error) const {
    if (error.retry_after_s()) {
        const auto asked = std::chrono::milliseconds(static_cast<long long>(*error.retry_after_s() * 1000.0));
        return std::clamp(asked, std::chrono::milliseconds(0), retry_.max_retry_after);
    }
    // Exponential backoff with jitter, so many clients do not retry in step.
    const auto grown = std::chrono::duration_cast<std::chrono::milliseconds>(retry_.base_delay * (1L << std::min(attempt, 16)));
    const auto ceiling = std::min(retry_.max_delay, grown);
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uniform_int_distribution<long long> pick(ceiling.count() / 2, ceiling.count());
    return std::chrono::milliseconds(pick(rng));
}

StreamResult ProviderClient::chat(const ChatRequest& request, const Secret& key, ReplySink& sink,
                                  CancelToken& cancel) const {
    for (int attempt = 0;; ++attempt) {
        bool reply_started = false;
        try {
            return attempt_chat(request, key, sink, cancel, reply_started);
        } catch (const ProviderError& error) {
            ProviderError labelled = relabel(error, key);
            if (!labelled.retryable() || reply_started || attempt >= retry_.max_retries) throw labelled;
            const auto wait = backoff(attempt, labelled);
            if (on_retry_) on_retry_(attempt + 1, wait, labelled.what());
            if (cancel.wait_for(wait)) {
                throw ProviderError(ProviderError::Category::interrupted, label(), 0, "the request was cancelled");
            }
        }
    }
}

StreamResult ProviderClient::attempt_chat(const ChatRequest& request, const Secret& key, ReplySink& sink,
                                          CancelToken& cancel, bool& reply_started) const {
    HttpRequest http = wire_->chat_request(profile_, request, key.view());
    WipeOnExit wipe(http);
    StartedSink started(sink, reply_started);
    auto decoder = wire_->stream_decoder(started);
    std::string body;
    int status = 0;
    const HttpClient client(network_);
    HttpResponseHead head;
    try {
        head = client.send(
            http, cancel, [&status](const HttpResponseHead& h) { status = h.status; },
            [&](std::string_view bytes) {
                if (status >= 200 && status < 300 && request.stream) {
                    decoder->feed(bytes);
                    started.flush();
                } else if (body.size() < kMaxErrorBody) {
                    body.append(bytes.substr(0, kMaxErrorBody - body.size()));
                }
            });
    } catch (const NetworkError& error) {
        throw from_network(error, label());
    }
    if (status < 200 || status >= 300) throw wire_->http_error(status, head, body);
    if (!request.stream) {
        StreamResult result = wire_->decode_complete(body, started);
        started.flush();
        return result;
    }
    decoder->finish();
    started.flush();
    return decoder->result();
}

std::vector<std::string> ProviderClient::list_models(const Secret& key, CancelToken& cancel) const {
    std::vector<std::string> models;
    std::string page_token;
    const HttpClient client(network_);
    // Bounded: a server that keeps handing out page tokens cannot loop us.
    for (int page = 0; page < 100; ++page) {
        HttpRequest http = wire_->models_request(profile_, key.view(), page_token);
        WipeOnExit wipe(http);
        try {
            auto [head, body] = client.fetch(http, cancel);
            if (head.status < 200 || head.status >= 300) throw wire_->http_error(head.status, head, body);
            ModelPage result = wire_->parse_models(body);
            models.insert(models.end(), result.ids.begin(), result.ids.end());
            if (result.next_page_token.empty() || result.next_page_token == page_token) break;
            page_token = result.next_page_token;
        } catch (const NetworkError& error) {
            throw from_network(error, label());
        } catch (const ProviderError& error) {
            throw relabel(error, key);
        }
    }
    std::sort(models.begin(), models.end());
    models.erase(std::unique(models.begin(), models.end()), models.end());
    return models;
}

}  // namespace parley
