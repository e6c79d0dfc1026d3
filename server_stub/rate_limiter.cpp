// Token-bucket rate limiting with bounded memory (full buckets first, then least recently used).
#include "rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace sada::server {

namespace {

double clamp_finite(double value, double low, double high) {
    if (!std::isfinite(value)) return value > 0 ? high : low;
    return std::clamp(value, low, high);
}

constexpr int kMaxRetryAfterSeconds = 86400;

}  // namespace

RateLimiter::RateLimiter(std::size_t max_keys) : max_keys_(std::max<std::size_t>(max_keys, 1)) {}

void RateLimiter::refill(Bucket& bucket, std::int64_t now_ms) {
    if (now_ms <= bucket.updated_ms) return;  // no time passed, or the clock went backwards
    const double elapsed = static_cast<double>(now_ms - bucket.updated_ms);
    bucket.tokens = std::min(bucket.burst, bucket.tokens + elapsed * bucket.rate_per_ms);
    bucket.updated_ms = now_ms;
}

double RateLimiter::full_at_ms(const Bucket& bucket) {
    return static_cast<double>(bucket.updated_ms) + (bucket.burst - bucket.tokens) / bucket.rate_per_ms;
}

void RateLimiter::make_room(std::int64_t now_ms) {
    const double now = static_cast<double>(now_ms);
    if (now >= earliest_full_ms_) {
        // Drop every bucket that is full by now, and learn when the next one will be.
        double earliest = std::numeric_limits<double>::infinity();
        for (auto it = buckets_.begin(); it != buckets_.end();) {
            const double full_at = full_at_ms(it->second);
            if (full_at <= now) {
                recency_.erase(it->second.recency);
                it = buckets_.erase(it);
            } else {
                earliest = std::min(earliest, full_at);
                ++it;
            }
        }
        earliest_full_ms_ = earliest;
    }
    while (buckets_.size() >= max_keys_ && !recency_.empty()) {
        buckets_.erase(recency_.back());
        recency_.pop_back();
    }
}

RateDecision RateLimiter::take(std::string_view key, double rate_per_second, double burst, std::int64_t now_ms) {
    const double rate = clamp_finite(rate_per_second, 1e-6, 1e6);
    const double capacity = clamp_finite(burst, 1.0, 1e6);

    std::lock_guard<std::mutex> lock(mutex_);
    auto found = buckets_.find(key);
    if (found == buckets_.end()) {
        if (buckets_.size() >= max_keys_) make_room(now_ms);
        recency_.emplace_front(key);
        Bucket fresh;
        fresh.tokens = capacity;
        fresh.updated_ms = now_ms;
        fresh.recency = recency_.begin();
        found = buckets_.emplace(std::string(key), fresh).first;
    } else {
        recency_.splice(recency_.begin(), recency_, found->second.recency);
    }

    Bucket& bucket = found->second;
    bucket.rate_per_ms = rate / 1000.0;
    bucket.burst = capacity;
    refill(bucket, now_ms);
    bucket.tokens = std::min(bucket.tokens, capacity);  // the burst may have been lowered

    RateDecision decision;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        decision.allowed = true;
        decision.retry_after_seconds = 0;
    } else {
        const double wait_seconds = std::ceil((1.0 - bucket.tokens) / rate);
        decision.allowed = false;
        decision.retry_after_seconds =
            static_cast<int>(std::clamp(wait_seconds, 1.0, static_cast<double>(kMaxRetryAfterSeconds)));
    }
    earliest_full_ms_ = std::min(earliest_full_ms_, full_at_ms(bucket));
    return decision;
}

std::size_t RateLimiter::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return buckets_.size();
}

}  // namespace sada::server
