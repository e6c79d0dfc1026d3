// Tests for admin authentication: SHA-256 hex, constant-time equality and Bearer header checks.
#include "auth.hpp"

#include <doctest/doctest.h>

#include <string>

using sada::server::AuthOutcome;
using sada::server::check_bearer;
using sada::server::constant_time_equal;
using sada::server::sha256_hex;

TEST_CASE("sha256_hex gives the standard digests in lowercase") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("change-me") == "e2186dbdb1bb4193608605e84f33208765b5693b55edd4f730a719a100eeea6f");
    CHECK(sha256_hex(std::string("a\0b", 3)) != sha256_hex("a"));  // binary-safe
}

TEST_CASE("constant_time_equal compares whole values") {
    CHECK(constant_time_equal("", ""));
    CHECK(constant_time_equal("abc", "abc"));
    SUBCASE("a difference anywhere") {
        CHECK_FALSE(constant_time_equal("xbc", "abc"));
        CHECK_FALSE(constant_time_equal("abx", "abc"));
    }
    SUBCASE("different lengths") {
        CHECK_FALSE(constant_time_equal("ab", "abc"));
        CHECK_FALSE(constant_time_equal("abcd", "abc"));
        CHECK_FALSE(constant_time_equal("", "abc"));
        CHECK_FALSE(constant_time_equal("abc", ""));
    }
    SUBCASE("a shorter value padded with NUL bytes is still different") {
        CHECK_FALSE(constant_time_equal(std::string("ab"), std::string("ab\0", 3)));
    }
}

TEST_CASE("check_bearer accepts the right token") {
    const std::string expected = sha256_hex("s3cret-Token_1");
    CHECK(check_bearer("Bearer s3cret-Token_1", expected) == AuthOutcome::ok);
    SUBCASE("the scheme is case-insensitive") {
        CHECK(check_bearer("bearer s3cret-Token_1", expected) == AuthOutcome::ok);
        CHECK(check_bearer("BEARER s3cret-Token_1", expected) == AuthOutcome::ok);
    }
}

TEST_CASE("check_bearer reports a missing header or another scheme as missing") {
    const std::string expected = sha256_hex("token");
    CHECK(check_bearer("", expected) == AuthOutcome::missing);
    CHECK(check_bearer("Basic dXNlcjp0b2tlbg==", expected) == AuthOutcome::missing);
    CHECK(check_bearer("Token token", expected) == AuthOutcome::missing);
    CHECK(check_bearer("Bearertoken", expected) == AuthOutcome::missing);
}

TEST_CASE("check_bearer reports malformed or wrong tokens as wrong") {
    const std::string expected = sha256_hex("token");
    SUBCASE("another token") { CHECK(check_bearer("Bearer tokeN", expected) == AuthOutcome::wrong); }
    SUBCASE("the hash itself as the token") { CHECK(check_bearer("Bearer " + expected, expected) == AuthOutcome::wrong); }
    SUBCASE("no token") {
        CHECK(check_bearer("Bearer", expected) == AuthOutcome::wrong);
        CHECK(check_bearer("Bearer ", expected) == AuthOutcome::wrong);
    }
    SUBCASE("two spaces") { CHECK(check_bearer("Bearer  token", expected) == AuthOutcome::wrong); }
    SUBCASE("trailing text") { CHECK(check_bearer("Bearer token extra", expected) == AuthOutcome::wrong); }
    SUBCASE("control characters") { CHECK(check_bearer(std::string("Bearer tok\0en", 13), expected) == AuthOutcome::wrong); }
    SUBCASE("an expected hash that is not a hash") { CHECK(check_bearer("Bearer token", "") == AuthOutcome::wrong); }
}
