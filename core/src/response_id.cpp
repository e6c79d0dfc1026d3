// UUIDv7 generation: 48-bit Unix ms, version 7, 12-bit monotonic counter, variant 10, 62 random bits.
#include "sada/response_id.hpp"

#include <chrono>
#include <random>

namespace sada {
namespace {

std::int64_t system_clock_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void random_device_bytes(std::uint8_t* out, std::size_t count) {
    static std::random_device device;
    for (std::size_t i = 0; i < count; i += 4) {
        const std::uint32_t word = device();
        for (std::size_t k = 0; k < 4 && i + k < count; ++k) out[i + k] = static_cast<std::uint8_t>(word >> (8 * k));
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

ResponseIdGenerator::ResponseIdGenerator() : ResponseIdGenerator(system_clock_ms, random_device_bytes) {}

ResponseIdGenerator::ResponseIdGenerator(Clock clock, RandomBytes random)
    : clock_(std::move(clock)), random_(std::move(random)) {}

std::string ResponseIdGenerator::next() {
    std::array<std::uint8_t, 16> bytes{};
    random_(bytes.data(), bytes.size());

    std::int64_t now = clock_();
    if (now < last_ms_) now = last_ms_;  // never go backwards
    if (now == last_ms_) {
        if (counter_ == 0x0FFF) {         // counter exhausted: borrow the next millisecond
            ++now;
            counter_ = static_cast<std::uint16_t>(bytes[6] & 0x07);
        } else {
            ++counter_;
        }
    } else {
        // Start each millisecond at a small random counter value, leaving room to count up.
        counter_ = static_cast<std::uint16_t>(((bytes[6] & 0x01) << 8) | bytes[7]);
    }
    last_ms_ = now;

    const auto ms = static_cast<std::uint64_t>(now);
    for (int i = 0; i < 6; ++i) bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
    bytes[6] = static_cast<std::uint8_t>(0x70 | ((counter_ >> 8) & 0x0F));
    bytes[7] = static_cast<std::uint8_t>(counter_ & 0xFF);
    bytes[8] = static_cast<std::uint8_t>(0x80 | (bytes[8] & 0x3F));

    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += kHex[bytes[i] >> 4];
        out += kHex[bytes[i] & 0x0F];
    }
    return out;
}

bool is_uuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_position ? text[i] != '-' : hex_value(text[i]) < 0) return false;
    }
    return true;
}

std::string canonical_uuid(std::string_view uuid) {
    std::string out(uuid);
    for (char& c : out) {
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::optional<std::int64_t> uuid_v7_timestamp_ms(std::string_view id) {
    if (!is_uuid(id) || id[14] != '7') return std::nullopt;
    std::int64_t ms = 0;
    for (std::size_t i = 0; i < 13; ++i) {
        if (i == 8) continue;
        ms = (ms << 4) | hex_value(id[i]);
    }
    return ms;
}

}  // namespace sada
