#pragma once

#include <optional>
#include <stdexcept>
#include <string>

namespace parley {

// A chat or model request that did not succeed. `category` tells the caller
// what kind of failure it was without parsing text: the CLI maps it to exit
// codes, the UI to its banner.
class ProviderError : public std::runtime_error {
public:
    enum class Category {
        refused,      // the provider answered with an error (auth, quota, bad request, model)
        network,      // connection, TLS, timeout, reset, truncated stream
        interrupted,  // the user cancelled
    };

    ProviderError(Category category, std::string provider, int http_status, std::string provider_message,
                  bool retryable = false);

    Category category() const { return category_; }
    const std::string& provider() const { return provider_; }
    int http_status() const { return http_status_; }  // 0 when there was no HTTP status
    const std::string& provider_message() const { return provider_message_; }
    bool retryable() const { return retryable_; }
    // The wait the provider asked for before a retry (Retry-After and kin).
    std::optional<double> retry_after_s() const { return retry_after_s_; }
    void set_retry_after_s(double seconds) { retry_after_s_ = seconds; }

private:
    Category category_;
    std::string provider_;
    int http_status_;
    std::string provider_message_;
    bool retryable_;
    std::optional<double> retry_after_s_;
};

}  // namespace parley
