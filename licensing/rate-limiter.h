#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace parley::licensing {

// A token bucket per key (a client address, a license): `per_minute` tokens
// refill evenly, up to a burst of the same size. A limit of 0 admits all.
class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    explicit RateLimiter(int per_minute);

    // nullopt: admitted. Otherwise the seconds until a token is back (for
    // Retry-After).
    std::optional<int> admit(const std::string& key, Clock::time_point now = Clock::now());

private:
    struct Bucket {
        double tokens;
        Clock::time_point updated;
    };

    void forget_full_buckets(Clock::time_point now);
    double refilled(const Bucket& bucket, Clock::time_point now) const;

    double per_second_;
    double capacity_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace parley::licensing
