// Tests for the token-bucket rate limiter, with an injected clock.
#include "rate_limiter.hpp"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

using sada::server::RateDecision;
using sada::server::RateLimiter;

TEST_CASE("a new key may use its whole burst, then is refused with a retry time") {
    RateLimiter limiter;
    for (int i = 0; i < 3; ++i) {
        const RateDecision decision = limiter.take("a", 1, 3, 1000);
        CHECK(decision.allowed);
        CHECK(decision.retry_after_seconds == 0);
    }
    const RateDecision refused = limiter.take("a", 1, 3, 1000);
    CHECK_FALSE(refused.allowed);
    CHECK(refused.retry_after_seconds == 1);
}

TEST_CASE("tokens refill with time at the given rate") {
    RateLimiter limiter;
    CHECK(limiter.take("k", 2, 1, 0).allowed);
    CHECK_FALSE(limiter.take("k", 2, 1, 100).allowed);  // 0.2 tokens
    CHECK(limiter.take("k", 2, 1, 600).allowed);         // a whole token after 500 ms at 2/s
    CHECK_FALSE(limiter.take("k", 2, 1, 600).allowed);
    SUBCASE("refilling stops at the burst") {
        CHECK(limiter.take("k", 2, 1, 60000).allowed);
        CHECK_FALSE(limiter.take("k", 2, 1, 60000).allowed);
    }
}

TEST_CASE("retry_after_seconds says when the next token comes, at least 1") {
    RateLimiter limiter;
    CHECK(limiter.take("slow", 0.1, 1, 0).allowed);
    RateDecision refused = limiter.take("slow", 0.1, 1, 0);
    CHECK_FALSE(refused.allowed);
    CHECK(refused.retry_after_seconds == 10);
    refused = limiter.take("slow", 0.1, 1, 7500);
    CHECK_FALSE(refused.allowed);
    CHECK(refused.retry_after_seconds == 3);
    SUBCASE("a fast rate still says 1") {
        CHECK(limiter.take("fast", 1000, 1, 0).allowed);
        refused = limiter.take("fast", 1000, 1, 0);
        CHECK_FALSE(refused.allowed);
        CHECK(refused.retry_after_seconds == 1);
    }
}

TEST_CASE("keys are independent") {
    RateLimiter limiter;
    CHECK(limiter.take("site-a|1.2.3.0/24", 1, 1, 0).allowed);
    CHECK_FALSE(limiter.take("site-a|1.2.3.0/24", 1, 1, 0).allowed);
    CHECK(limiter.take("site-a|5.6.7.0/24", 1, 1, 0).allowed);
    CHECK(limiter.take("site-b|1.2.3.0/24", 1, 1, 0).allowed);
    CHECK(limiter.size() == 3);
}

TEST_CASE("a clock going backwards refills nothing") {
    RateLimiter limiter;
    CHECK(limiter.take("k", 1, 1, 10000).allowed);
    CHECK_FALSE(limiter.take("k", 1, 1, 0).allowed);
    CHECK_FALSE(limiter.take("k", 1, 1, 10500).allowed);
    CHECK(limiter.take("k", 1, 1, 11100).allowed);
}

TEST_CASE("out-of-range parameters are clamped instead of misbehaving") {
    RateLimiter limiter;
    SUBCASE("a burst below one acts as one") {
        CHECK(limiter.take("k", 1, 0, 0).allowed);
        CHECK_FALSE(limiter.take("k", 1, 0, 0).allowed);
    }
    SUBCASE("a zero rate refuses for a long but bounded time") {
        CHECK(limiter.take("k", 0, 1, 0).allowed);
        const RateDecision refused = limiter.take("k", 0, 1, 0);
        CHECK_FALSE(refused.allowed);
        CHECK(refused.retry_after_seconds >= 1);
        CHECK(refused.retry_after_seconds <= 86400);
    }
    SUBCASE("a lowered burst takes effect at once") {
        for (int i = 0; i < 5; ++i) CHECK(limiter.take("k", 1, 100, 0).allowed);
        CHECK(limiter.take("k", 1, 1, 0).allowed);  // 95 tokens clamped to 1, one taken
        CHECK_FALSE(limiter.take("k", 1, 1, 0).allowed);
    }
}

TEST_CASE("memory stays bounded: full buckets go first") {
    RateLimiter limiter(3);
    CHECK(limiter.take("busy", 1, 2, 0).allowed);
    CHECK(limiter.take("busy", 1, 2, 0).allowed);  // empty: full again at 2000 ms
    CHECK(limiter.take("idle1", 1, 2, 1000).allowed);  // 1 token left: full again at 2000 ms
    CHECK(limiter.take("quick", 100, 2, 1000).allowed);  // full again at 1010 ms
    CHECK(limiter.size() == 3);

    SUBCASE("refilled buckets are dropped to make room") {
        CHECK(limiter.take("new", 1, 2, 1500).allowed);
        CHECK(limiter.size() == 3);  // only "quick" was full
        // "busy" was kept with 1.5 tokens: one more take, not the two a fresh bucket would allow.
        CHECK(limiter.take("busy", 1, 2, 1500).allowed);
        CHECK_FALSE(limiter.take("busy", 1, 2, 1500).allowed);
    }
    SUBCASE("without refilled buckets the least recently used goes") {
        CHECK(limiter.take("busy", 1, 2, 1000).allowed);  // busy is now the most recent, with 0 tokens
        CHECK(limiter.take("quick", 1, 2, 1005).allowed);  // quick at rate 1: not full until 2005
        CHECK(limiter.take("new", 1, 2, 1005).allowed);   // idle1 is the least recent
        CHECK(limiter.size() == 3);
        CHECK_FALSE(limiter.take("busy", 1, 2, 1005).allowed);  // busy kept its state
        CHECK(limiter.size() == 3);
    }
}

TEST_CASE("a flood of new keys stays within max_keys and keeps recent keys limited") {
    RateLimiter limiter(100);
    CHECK(limiter.take("victim", 1, 1, 0).allowed);
    for (int i = 0; i < 1000; ++i) {
        CHECK(limiter.take("flood" + std::to_string(i), 1, 5, 0).allowed);
        CHECK(limiter.size() <= 100);
        if (i % 10 == 0) CHECK_FALSE(limiter.take("victim", 1, 1, 0).allowed);  // kept recent, still empty
    }
    CHECK(limiter.size() == 100);
}

TEST_CASE("concurrent takes are counted exactly") {
    RateLimiter limiter;
    std::vector<std::thread> threads;
    std::vector<int> allowed(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 500; ++i) {
                if (limiter.take("shared", 1, 1000, 0).allowed) ++allowed[static_cast<std::size_t>(t)];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(allowed[0] + allowed[1] + allowed[2] + allowed[3] == 1000);
}
