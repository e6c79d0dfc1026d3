// Time-ordered response ids (UUIDv7, RFC 9562): ids made later sort later, so the store's unique
// index grows at its right edge instead of taking random inserts.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace sada {

class ResponseIdGenerator {
public:
    using Clock = std::function<std::int64_t()>;                 // milliseconds since the epoch
    using RandomBytes = std::function<void(std::uint8_t*, std::size_t)>;

    // Defaults: the system clock and std::random_device (crypto.getRandomValues under emscripten).
    ResponseIdGenerator();
    ResponseIdGenerator(Clock clock, RandomBytes random);

    // A new lowercase UUIDv7 string. Within one millisecond a 12-bit counter keeps ids increasing;
    // if the clock goes backwards the last timestamp is reused, so ids from one generator never
    // decrease.
    std::string next();

private:
    Clock clock_;
    RandomBytes random_;
    std::int64_t last_ms_ = -1;
    std::uint16_t counter_ = 0;
};

// True for a canonical 8-4-4-4-12 hexadecimal UUID (any version), either case.
bool is_uuid(std::string_view text);

// The canonical (lowercase) form of a UUID. Ids are compared as text in storage, so a UUID
// sent in upper case must not count as a different response.
std::string canonical_uuid(std::string_view uuid);

// The Unix-milliseconds timestamp a UUIDv7 carries, or nullopt for other UUID versions.
std::optional<std::int64_t> uuid_v7_timestamp_ms(std::string_view id);

}  // namespace sada
