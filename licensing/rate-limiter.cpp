#include "rate-limiter.h"

#include <algorithm>
#include <cmath>

namespace parley::licensing {

namespace {

// Past this many tracked keys, buckets that have refilled completely are
// dropped: they carry no state a new bucket would not have.
constexpr std::size_t kSweepAbove = 50'000;

}  // namespace

RateLimiter::RateLimiter(int per_minute) : per_second_(per_minute / 60.0), capacity_(per_minute) {}

double RateLimiter::refilled(const Bucket& bucket, Clock::time_point now) const {
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    return std::min(capacity_, bucket.tokens + elapsed * per_second_);
}

std::optional<int> RateLimiter::admit(const std::string& key, Clock::time_point now) {
    if (capacity_ <= 0) return std::nullopt;
    std::lock_guard lock(mutex_);
    if (buckets_.size() > kSweepAbove) forget_full_buckets(now);
    auto [it, inserted] = buckets_.try_emplace(key, Bucket{capacity_, now});
    Bucket& bucket = it->second;
    bucket.tokens = refilled(bucket, now);
    bucket.updated = now;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return std::nullopt;
    }
    return std::max(1, static_cast<int>(std::ceil((1.0 - bucket.tokens) / per_second_)));
}

void RateLimiter::forget_full_buckets(Clock::time_point now) {
    std::erase_if(buckets_, [&](const auto& entry) { return refilled(entry.second, now) >= capacity_; });
}

}  // namespace parley::licensing
