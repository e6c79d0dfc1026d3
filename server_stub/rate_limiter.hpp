// Rate limiting: one token bucket per key (e.g. site + client address prefix), thread-safe and
// bounded in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sada::server {

struct RateDecision {
    bool allowed = true;
    int retry_after_seconds = 0;  // >= 1 when refused: when the next token will be there
};

// Token buckets: a key's bucket holds up to `burst` tokens, refills at `rate_per_second`, and each
// request takes one. A new key starts full. Time is passed in (milliseconds, any monotonic origin)
// so tests control the clock; a clock that goes backwards refills nothing.
//
// Memory is bounded by max_keys: when a new key arrives and the table is full, every bucket that
// has refilled to full is dropped (such a bucket behaves exactly like an absent one); if none has,
// the least recently used bucket is dropped. The full-bucket sweep is skipped while no bucket can
// have refilled yet, so a flood of new keys costs O(1) per request, not a scan each time.
class RateLimiter {
public:
    explicit RateLimiter(std::size_t max_keys = 100000);

    // Takes one token from `key`'s bucket. Out-of-range parameters are clamped: rate to
    // [1e-6, 1e6] per second, burst to [1, 1e6] (non-finite values count as the lower bound).
    RateDecision take(std::string_view key, double rate_per_second, double burst, std::int64_t now_ms);

    std::size_t size() const;

private:
    struct Bucket {
        double tokens = 0;
        std::int64_t updated_ms = 0;
        double rate_per_ms = 0;
        double burst = 1;
        std::list<std::string>::iterator recency;  // position in recency_ (front = most recent)
    };
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
    };

    static void refill(Bucket& bucket, std::int64_t now_ms);
    static double full_at_ms(const Bucket& bucket);
    void make_room(std::int64_t now_ms);

    std::size_t max_keys_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Bucket, KeyHash, std::equal_to<>> buckets_;
    std::list<std::string> recency_;
    // No bucket can be full before this time (a lower bound: stale values only cause an extra sweep).
    double earliest_full_ms_ = -std::numeric_limits<double>::infinity();
};

}  // namespace sada::server
