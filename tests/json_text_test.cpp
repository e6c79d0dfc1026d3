// Tests for parsing untrusted JSON text: the nesting limit and strict errors.
#include "sada/json_text.hpp"

#include <doctest/doctest.h>

#include <string>

TEST_CASE("JSON nested deeper than the limit is refused before parsing") {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    const auto parsed = sada::parse_json_text(deep);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == "too_deep");

    const std::string at_limit = std::string(sada::kMaxJsonDepth, '[') + std::string(sada::kMaxJsonDepth, ']');
    CHECK(sada::parse_json_text(at_limit).ok());
    CHECK_FALSE(sada::json_depth_within("[" + at_limit + "]"));
}

TEST_CASE("brackets inside strings do not count as nesting") {
    const std::string text = R"({"a": "[[[[[[[[[[ \" {{{{{{{{{{"})";
    CHECK(sada::json_depth_within(text, 1));
    CHECK(sada::parse_json_text(text, 1).ok());
    CHECK_FALSE(sada::json_depth_within(R"({"a": [1]})", 1));
}

TEST_CASE("syntax errors and invalid UTF-8 are invalid_json") {
    CHECK(sada::parse_json_text("{").error().code == "invalid_json");
    CHECK(sada::parse_json_text(std::string("\"\xC0\xAF\"")).error().code == "invalid_json");
    CHECK(sada::parse_json_text("").error().code == "invalid_json");
}

TEST_CASE("a member name given twice in one object is refused, in any object of the document") {
    SUBCASE("top level") {
        auto parsed = sada::parse_json_text(R"({"nps": 3, "nps": 10})");
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == "invalid_json");
        CHECK(parsed.error().message.find("\"nps\" appears twice") != std::string::npos);
    }
    SUBCASE("nested, after a closed object with the same name") {
        CHECK_FALSE(sada::parse_json_text(R"({"a": {"x": 1}, "b": [{"x": 1, "y": 2, "x": 3}]})").ok());
    }
    SUBCASE("the same name in sibling and nested objects is fine") {
        auto parsed = sada::parse_json_text(R"({"x": {"x": 1}, "list": [{"x": 1}, {"x": 2}], "y": 2})");
        REQUIRE(parsed.ok());
        CHECK((*parsed)["list"][1]["x"] == 2);
    }
}
