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

TEST_CASE("utf8: control characters are found, tabs, line breaks and the rest of Unicode are not") {
    using sada::utf8::control_character_at;
    SUBCASE("C0, DEL and C1 are controls") {
        CHECK(control_character_at(std::string_view("\0", 1), 0)->value == 0);
        CHECK(control_character_at("\x1b[2J", 0)->value == 0x1b);
        CHECK(control_character_at("\x7f", 0)->length == 1);
        const auto csi = control_character_at("a\xc2\x9b" "31m", 1);  // U+009B
        REQUIRE(csi);
        CHECK(csi->value == 0x9b);
        CHECK(csi->length == 2);
        CHECK(control_character_at("\xc2\x80", 0)->value == 0x80);
    }
    SUBCASE("tab, LF, CR, no-break space, ZWNJ and Persian are text") {
        for (const std::string_view text : {"\t", "\n", "\r", "\xc2\xa0", "\xe2\x80\x8c", "\xd8\xb3"}) {
            CHECK_FALSE(control_character_at(text, 0));
        }
        CHECK_FALSE(control_character_at("\xc2", 0));  // cut short: not a C1 control
    }
}

TEST_CASE("utf8: a direction override or isolate left open at the end of its line is found") {
    using sada::utf8::unterminated_direction_control;
    SUBCASE("left open") {
        const auto open = unterminated_direction_control("refund \u202Efdp.exe");
        REQUIRE(open);
        CHECK(open->value == 0x202E);
        CHECK(unterminated_direction_control("a \u2067b")->value == 0x2067);
        CHECK(unterminated_direction_control("a \u202Bb\u202C \u202Ac\n\u202C")->value == 0x202A);  // closed on the next line: too late
        CHECK(unterminated_direction_control("\u202D\u202Ex\u202C")->value == 0x202D);  // two opened, one closed
    }
    SUBCASE("closed, or none at all") {
        CHECK_FALSE(unterminated_direction_control("refund \u202Efdp.exe\u202C please"));
        CHECK_FALSE(unterminated_direction_control("\u2068ارسال\u2069 late"));
        CHECK_FALSE(unterminated_direction_control("a\u202Cb\u2069"));  // closers alone do nothing
        CHECK_FALSE(unterminated_direction_control("\u200Fسلام\u200E ok, می\u200Cخواهم"));  // marks and ZWNJ are not controls that open
        CHECK_FALSE(unterminated_direction_control(""));
    }
}

TEST_CASE("utf8: a visitor's text is cleaned into text the checks accept, and nothing else changes") {
    using sada::utf8::as_visitor_text;
    using sada::utf8::unterminated_direction_control;
    SUBCASE("control characters are dropped, tabs and line breaks stay") {
        CHECK(as_visitor_text("late\x0b again\xc2\x85 \x1b[2J\tok\r\nnext") == "late again [2J\tok\r\nnext");
    }
    SUBCASE("a direction control left open is closed at the end of its line") {
        CHECK(as_visitor_text("refund \u202Eexe.eciovni") == "refund \u202Eexe.eciovni\u202C");
        CHECK(as_visitor_text("\u2067a\u202Bb\nc") == "\u2067a\u202Bb\u202C\u2069\nc");
        CHECK_FALSE(unterminated_direction_control(as_visitor_text("\u202D\u202Ex\u202C\r\n\u2068y")));
    }
    SUBCASE("Persian, ZWNJ, marks, closed controls and emoji pass untouched") {
        const std::string text = "می\u200cخواهم \u200Fسلام\u200E \u2067ok\u2069 \u202Eab\u202C 👍🏽";
        CHECK(as_visitor_text(text) == text);
    }
    SUBCASE("bytes that are not UTF-8 become U+FFFD") {
        CHECK(as_visitor_text("a\xff" "b") == "a\uFFFDb");
    }
}
