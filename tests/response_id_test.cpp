// Tests for time-ordered response ids (UUIDv7).
#include "sada/response_id.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

TEST_CASE("response ids are UUIDv7 carrying their creation time") {
    sada::ResponseIdGenerator generator([] { return std::int64_t{1795409189123}; },
                                        [](std::uint8_t* out, std::size_t n) { for (std::size_t i = 0; i < n; ++i) out[i] = 0xAB; });
    const std::string id = generator.next();
    CHECK(sada::is_uuid(id));
    CHECK(id[14] == '7');                                         // version
    CHECK((id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b'));  // RFC 9562 variant
    CHECK(sada::uuid_v7_timestamp_ms(id) == 1795409189123);
}

TEST_CASE("ids from one generator strictly increase, even within a millisecond or if the clock steps back") {
    std::int64_t now = 1795409189123;
    sada::ResponseIdGenerator generator([&] { return now; }, [](std::uint8_t* out, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(0xF0 + i);
    });
    std::string previous = generator.next();
    for (int i = 0; i < 5000; ++i) {  // more than the 12-bit counter holds in one millisecond
        if (i == 2500) now -= 10;     // clock stepped back
        const std::string id = generator.next();
        REQUIRE(id > previous);
        previous = id;
    }
}

TEST_CASE("the default generator gives unique, well-formed ids") {
    sada::ResponseIdGenerator generator;
    std::set<std::string> ids;
    for (int i = 0; i < 1000; ++i) ids.insert(generator.next());
    CHECK(ids.size() == 1000);
    CHECK(sada::is_uuid(*ids.begin()));
    CHECK_FALSE(sada::is_uuid("0193a5c2-7b4e-7c3d-9f10-2a3b4c5d6e7"));
    CHECK_FALSE(sada::is_uuid("0193a5c2x7b4e-7c3d-9f10-2a3b4c5d6e7f"));
    CHECK_FALSE(sada::uuid_v7_timestamp_ms("0193a5c2-7b4e-4c3d-9f10-2a3b4c5d6e7f").has_value());  // v4
}
