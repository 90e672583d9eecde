#include "providers/provider-client.h"

#include "net/http-client.h"
#include "net/network-error.h"
#include "providers/coalescing-sink.h"
#include "vault/redact.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace parley {

namespace {

// Enough for any provider's error message; the rest of a larger error body
// is not read.
constexpr std::size_t kMaxErrorBody = 64 * 1024;
// One page of a model list, and all pages together: real lists are tens of
// kilobytes.
constexpr std::size_t kMaxModelListBytes = 8 * 1024 * 1024;
constexpr int kMaxModelPages = 100;

std::string mib(std::size_t bytes) {
    return std::to_string(bytes / (1024 * 1024)) + " MiB";
}

// Thrown from a body callback to stop reading once the start of an error
// body is in hand.
struct EnoughOfTheBody {};

void keep_error_body_start(std::string& body, std::string_view bytes) {
    body.append(bytes.substr(0, kMaxErrorBody - body.size()));
    if (body.size() == kMaxErrorBody) throw EnoughOfTheBody{};
}

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
// retry would duplicate what the user already saw. Ends the reply once its
// text and reasoning together would pass `max_bytes`; what came before the
// limit has reached the sink and is kept.
class StartedSink final : public ReplySink {
public:
    StartedSink(ReplySink& inner, bool& started, std::size_t max_bytes)
        : inner_(inner), started_(started), max_bytes_(max_bytes) {}
    void on_text(std::string_view text) override {
        count(text);
        inner_.on_text(text);
    }
    void on_reasoning(std::string_view text) override {
        count(text);
        inner_.on_reasoning(text);
    }
    void flush() override { inner_.flush(); }

private:
    void count(std::string_view text) {
        started_ = true;
        if (text.size() > max_bytes_ - received_) {
            throw ProviderError(
                ProviderError::Category::network, "", 0,
                "the reply is larger than " + mib(max_bytes_) + " (network.max_reply_mb); the part received is kept");
        }
        received_ += text.size();
    }

    ReplySink& inner_;
    bool& started_;
    std::size_t max_bytes_;
    std::size_t received_ = 0;
};

ProviderError from_network(const NetworkError& error, const std::string& label) {
    if (error.kind() == NetworkError::Kind::cancelled) {
        return {ProviderError::Category::interrupted, label, 0, "the request was cancelled"};
    }
    return {ProviderError::Category::network, label, 0, error.what()};
}

}  // namespace

ProviderClient::ProviderClient(ProviderProfile profile, NetworkOptions network, RetryPolicy retry)
    : profile_(std::move(profile)), network_(std::move(network)), retry_(retry), wire_(make_wire_format(profile_)) {}

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
    if (const auto asked = error.retry_after_s(); asked && std::isfinite(*asked)) {
        // Capped before the conversion: 1e300 seconds fits no integer.
        const double ms = std::clamp(*asked * 1000.0, 0.0, static_cast<double>(retry_.max_retry_after.count()));
        return std::chrono::milliseconds(static_cast<long long>(ms));
    }
    // Exponential backoff with jitter, so many clients do not retry in step.
    const auto grown =
        std::chrono::duration_cast<std::chrono::milliseconds>(retry_.base_delay * (1L << std::min(attempt, 16)));
    const auto ceiling = std::min(retry_.max_delay, grown);
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uniform_int_distribution<long long> pick(ceiling.count() / 2, ceiling.count());
    return std::chrono::milliseconds(pick(rng));
}

void ProviderClient::refuse_clear_text_key() const {
    // `provider add` and the desktop dialog already refuse such a URL without
    // the user's consent; this catches a hand-edited settings file.
    if (profile_.allow_insecure_http) return;
    if (const std::string risk = clear_text_key_risk(profile_); !risk.empty()) {
        throw ProviderError(ProviderError::Category::refused, label(), 0,
                            "not sending the request: " + risk +
                                " (use https://, or add the provider again with --allow-insecure-http)");
    }
}

StreamResult ProviderClient::chat(const ChatRequest& request, const Secret& key, ReplySink& sink,
                                  CancelToken& cancel) const {
    refuse_clear_text_key();
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
    CoalescingSink batch(sink);
    StartedSink started(batch, reply_started, network_.max_reply_bytes);
    auto decoder = wire_->stream_decoder(started);
    std::string body;
    const HttpClient client(network_);
    HttpResponseHead head;
    const auto success = [&head] { return head.status >= 200 && head.status < 300; };
    // Whatever ends the reply early, what was decoded before it is the user's.
    try {
        try {
            client.send(
                http, cancel, [&head](const HttpResponseHead& h) { head = h; },
                [&](std::string_view bytes) {
                    if (success() && request.stream) {
                        decoder->feed(bytes);
                        started.flush();
                    } else if (success()) {
                        // A non-streamed reply is held whole, so it has the
                        // reply's limit rather than the error body's.
                        if (bytes.size() > network_.max_reply_bytes - body.size()) {
                            throw ProviderError(ProviderError::Category::network, "", 0,
                                                "the reply body is larger than " + mib(network_.max_reply_bytes) +
                                                    " (network.max_reply_mb)");
                        }
                        body.append(bytes);
                    } else {
                        keep_error_body_start(body, bytes);
                    }
                });
        } catch (const NetworkError& error) {
            throw from_network(error, label());
        } catch (const EnoughOfTheBody&) {
        }
        if (!success()) throw wire_->http_error(head.status, head, body);
        if (!request.stream) {
            StreamResult result = wire_->decode_complete(body, started);
            started.flush();
            return result;
        }
        decoder->finish();
    } catch (...) {
        batch.deliver();
        throw;
    }
    started.flush();
    return decoder->result();
}

std::vector<std::string> ProviderClient::list_models(const Secret& key, CancelToken& cancel) const {
    refuse_clear_text_key();
    std::vector<std::string> models;
    std::string page_token;
    const HttpClient client(network_);
    // Bounded in pages and bytes: a server that keeps handing out page
    // tokens, or a body that never ends, cannot loop us or fill memory.
    std::size_t list_bytes = 0;
    for (int page = 0;; ++page) {
        if (page == kMaxModelPages) {
            throw relabel(
                ProviderError(ProviderError::Category::network, "", 0,
                              "the model list did not end after " + std::to_string(kMaxModelPages) + " pages"),
                key);
        }
        HttpRequest http = wire_->models_request(profile_, key.view(), page_token);
        WipeOnExit wipe(http);
        try {
            HttpResponseHead head;
            std::string body;
            const auto success = [&head] { return head.status >= 200 && head.status < 300; };
            try {
                client.send(
                    http, cancel, [&head](const HttpResponseHead& h) { head = h; },
                    [&](std::string_view bytes) {
                        if (!success()) return keep_error_body_start(body, bytes);
                        list_bytes += bytes.size();
                        if (list_bytes > kMaxModelListBytes) {
                            throw ProviderError(ProviderError::Category::network, "", 0,
                                                "the model list is larger than " + mib(kMaxModelListBytes));
                        }
                        body.append(bytes);
                    });
            } catch (const EnoughOfTheBody&) {
            }
            if (!success()) throw wire_->http_error(head.status, head, body);
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
