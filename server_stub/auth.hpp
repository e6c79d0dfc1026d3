// Admin authentication: SHA-256 of tokens, a constant-time comparison and Bearer header checks.
#pragma once

#include <string>
#include <string_view>

namespace sada::server {

// SHA-256 of `data` as 64 lowercase hexadecimal digits.
std::string sha256_hex(std::string_view data);

// True when `a` and `b` hold the same bytes. The time taken does not depend on where they differ;
// it does depend on the length of `b` (the expected value), never stopping early when the lengths
// differ.
bool constant_time_equal(std::string_view a, std::string_view b);

enum class AuthOutcome {
    missing,  // no Authorization header (empty), or another scheme than Bearer: answer 401
    wrong,    // "Bearer" with a malformed or wrong token: answer 401 (or 403)
    ok,
};

// Checks "Bearer <token>" (scheme case-insensitive, exactly one space, a non-empty token of visible
// ASCII) against the SHA-256 hex of the expected token. The comparison is of hashes, in constant time.
AuthOutcome check_bearer(std::string_view authorization_header, std::string_view expected_sha256_hex);

}  // namespace sada::server
