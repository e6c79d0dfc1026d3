// Tests for strict UTF-8 validation and code point counting.
#include "sada/utf8.hpp"

#include <doctest/doctest.h>

#include <string>

TEST_CASE("valid UTF-8 in English and Persian is counted in code points") {
    CHECK(sada::utf8::code_point_count("") == 0u);
    CHECK(sada::utf8::code_point_count("hello") == 5u);
    CHECK(sada::utf8::code_point_count("سلام") == 4u);            // 8 bytes
    CHECK(sada::utf8::code_point_count("می\u200Cخواهم") == 8u);   // with a zero-width non-joiner
    CHECK(sada::utf8::code_point_count("😀") == 1u);              // 4 bytes
}

TEST_CASE("malformed UTF-8 is rejected") {
    SUBCASE("lone continuation byte") { CHECK_FALSE(sada::utf8::is_valid(std::string("\x80"))); }
    SUBCASE("truncated sequence") { CHECK_FALSE(sada::utf8::is_valid(std::string("\xD8"))); }
    SUBCASE("overlong slash") { CHECK_FALSE(sada::utf8::is_valid(std::string("\xC0\xAF"))); }
    SUBCASE("overlong three-byte NUL") { CHECK_FALSE(sada::utf8::is_valid(std::string("\xE0\x80\x80"))); }
    SUBCASE("UTF-16 surrogate") { CHECK_FALSE(sada::utf8::is_valid(std::string("\xED\xA0\x80"))); }
    SUBCASE("beyond U+10FFFF") { CHECK_FALSE(sada::utf8::is_valid(std::string("\xF4\x90\x80\x80"))); }
    SUBCASE("invalid lead byte") { CHECK_FALSE(sada::utf8::is_valid(std::string("\xFF"))); }
}
