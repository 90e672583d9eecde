#pragma once

#include "net/cancel-token.h"
#include "net/network-options.h"
#include "providers/chat-request.h"
#include "providers/provider-profile.h"
#include "providers/reply-sink.h"
#include "providers/wire-format.h"
#include "vault/secret.h"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace parley {

struct RetryPolicy {
    int max_retries = 3;
    std::chrono::milliseconds base_delay{500};
    std::chrono::milliseconds max_delay{20000};
    // A provider's Retry-After beyond this is capped, not obeyed blindly.
    std::chrono::milliseconds max_retry_after{60000};
};

// Talks to one configured provider. Every failure surfaces as ProviderError
// whose message names the provider and never contains the key.
class ProviderClient {
public:
    ProviderClient(ProviderProfile profile, NetworkOptions network, RetryPolicy retry = {});

    // Streams one reply into `sink`. Errors before any byte of the reply
    // (429, 5xx, 529) are retried with backoff; once text has reached the
    // sink nothing is retried, so no reply is ever shown twice.
    StreamResult chat(const ChatRequest& request, const Secret& key, ReplySink& sink, CancelToken& cancel) const;

    std::vector<std::string> list_models(const Secret& key, CancelToken& cancel) const;

    // "local (OpenAI-compatible)": how messages name this provider.
    std::string label() const;

    // Called before each retry with the attempt number and the wait, so a
    // front end can say what is happening.
    void on_retry(std::function<void(int attempt, std::chrono::milliseconds wait, const std::string& why)> callback);

private:
    void refuse_clear_text_key() const;
    StreamResult attempt_chat(const ChatRequest& request, const Secret& key, ReplySink& sink, CancelToken& cancel,
                              bool& reply_started) const;
    ProviderError relabel(const ProviderError& error, const Secret& key) const;
    std::chrono::milliseconds backoff(int attempt, const ProviderError& error) const;

    ProviderProfile profile_;
    NetworkOptions network_;
    RetryPolicy retry_;
    std::unique_ptr<WireFormat> wire_;
    std::function<void(int, std::chrono::milliseconds, const std::string&)> on_retry_;
};

}  // namespace parley
