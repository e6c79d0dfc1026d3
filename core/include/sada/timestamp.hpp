// RFC 3339 timestamps <-> milliseconds since the Unix epoch (UTC), without platform time APIs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sada {

// Parses "2026-11-23T04:46:29Z", "...29.123Z" or "...29+03:30" (RFC 3339, 'T' or 't', 'Z' or
// an offset). Returns milliseconds since 1970-01-01T00:00:00Z; fractions beyond ms are truncated.
std::optional<std::int64_t> parse_rfc3339_ms(std::string_view text);

// Formats milliseconds since the epoch as "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string format_rfc3339_ms(std::int64_t epoch_ms);

// The UTC day (days since 1970-01-01) a time in ms falls on, rounding down before 1970 too.
std::int64_t utc_day(std::int64_t epoch_ms);
inline constexpr std::int64_t kDayMs = 24LL * 60 * 60 * 1000;

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
std::int64_t days_from_civil(int year, unsigned month, unsigned day);
void civil_from_days(std::int64_t days, int& year, unsigned& month, unsigned& day);

}  // namespace sada
