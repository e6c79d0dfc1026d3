// Admin authentication: SHA-256 through OpenSSL's EVP interface and Bearer token checks.
#include "auth.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstddef>

namespace sada::server {

std::string sha256_hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
        return std::string();  // only on an OpenSSL failure; never equal to a 64-digit hash
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(static_cast<std::size_t>(length) * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 0x0f]);
    }
    return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    // Walk the whole expected value whatever `a` holds; bytes beyond `a` compare against 0 and the
    // length difference is folded in at the end, so a shorter `a` never ends the loop early.
    unsigned int difference = a.size() == b.size() ? 0u : 1u;
    for (std::size_t i = 0; i < b.size(); ++i) {
        const unsigned char left = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        difference |= static_cast<unsigned int>(left ^ static_cast<unsigned char>(b[i]));
    }
    return difference == 0;
}

namespace {

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
    }
    return true;
}

bool is_visible_ascii(std::string_view text) {
    for (const char c : text) {
        if (c < 0x21 || c > 0x7e) return false;
    }
    return true;
}

}  // namespace

AuthOutcome check_bearer(std::string_view authorization_header, std::string_view expected_sha256_hex) {
    if (authorization_header.empty()) return AuthOutcome::missing;
    const std::size_t space = authorization_header.find(' ');
    const std::string_view scheme = authorization_header.substr(0, space);
    if (!equals_ignoring_case(scheme, "bearer")) return AuthOutcome::missing;
    if (space == std::string_view::npos) return AuthOutcome::wrong;  // "Bearer" without a token
    const std::string_view token = authorization_header.substr(space + 1);
    if (token.empty() || !is_visible_ascii(token)) return AuthOutcome::wrong;
    return constant_time_equal(sha256_hex(token), expected_sha256_hex) ? AuthOutcome::ok : AuthOutcome::wrong;
}

}  // namespace sada::server
