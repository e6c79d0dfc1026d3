// Tests for RFC 3339 parsing and formatting.
#include "sada/timestamp.hpp"

#include <doctest/doctest.h>

TEST_CASE("RFC 3339 times parse to epoch milliseconds") {
    CHECK(sada::parse_rfc3339_ms("1970-01-01T00:00:00Z") == 0);
    CHECK(sada::parse_rfc3339_ms("2026-11-23T04:46:29.123Z") == 1795409189123);
    CHECK(sada::parse_rfc3339_ms("2026-11-23T08:16:29.123+03:30") == 1795409189123);  // Tehran
    CHECK(sada::parse_rfc3339_ms("2026-11-23t04:46:29.1234567z") == 1795409189123);
    CHECK(sada::parse_rfc3339_ms("2024-02-29T00:00:00Z").has_value());
}

TEST_CASE("malformed or impossible times are refused") {
    for (const char* text : {"", "2026-11-23", "2026-11-23 04:46:29Z", "2026-11-23T04:46:29", "2026-13-01T00:00:00Z",
                             "2025-02-29T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T04:46:29.Z",
                             "2026-11-23T04:46:29Zjunk", "2026-11-23T04:46:29+0330"}) {
        CAPTURE(text);
        CHECK_FALSE(sada::parse_rfc3339_ms(text).has_value());
    }
}

TEST_CASE("formatting gives UTC with milliseconds and reads back") {
    CHECK(sada::format_rfc3339_ms(0) == "1970-01-01T00:00:00.000Z");
    CHECK(sada::format_rfc3339_ms(1795409189123) == "2026-11-23T04:46:29.123Z");
    CHECK(sada::format_rfc3339_ms(-1) == "1969-12-31T23:59:59.999Z");
    for (std::int64_t ms : {951782400000LL, 1709164800000LL, 4102444799999LL}) {
        CHECK(sada::parse_rfc3339_ms(sada::format_rfc3339_ms(ms)) == ms);
    }
}

TEST_CASE("timestamp: utc_day rounds down, before 1970 too") {
    CHECK(sada::utc_day(0) == 0);
    CHECK(sada::utc_day(sada::kDayMs - 1) == 0);
    CHECK(sada::utc_day(sada::kDayMs) == 1);
    CHECK(sada::utc_day(-1) == -1);
    CHECK(sada::utc_day(-sada::kDayMs) == -1);
    CHECK(sada::utc_day(-sada::kDayMs - 1) == -2);
    CHECK(sada::format_rfc3339_ms(-1) == "1969-12-31T23:59:59.999Z");
}
