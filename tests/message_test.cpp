// Tests for core/src/message.cpp: the built-in survey that carries visitor messages.
#include "sada/message.hpp"
#include "sada/response.hpp"
#include "sada/survey.hpp"
#include "fixtures.hpp"

#include <doctest/doctest.h>

#include <string>

using nlohmann::json;
using sada::Reason;

namespace {

json message_response(const std::string& text) {
    return {{"id", "0193a5c2-7b4e-7c3d-9f10-2a3b4c5d6e7f"}, {"survey_id", "_message"}, {"survey_version", 1},
            {"submitted_at", "2026-11-23T08:00:00Z"}, {"answers", {{"message", text}}},
            {"context", {{"page", "/fa/orders/"}, {"stage", "post-purchase"}, {"locale", "fa"}}}};
}

sada::Problems problems_of(const json& document) {
    auto parsed = sada::parse_response(document);
    if (!parsed.ok()) return parsed.problems;
    return sada::validate_response(*parsed.response, sada::message_survey());
}

}  // namespace

TEST_CASE("message survey: one required text question of at most 2000 characters, in English and Persian") {
    const sada::SurveyDefinition& survey = sada::message_survey();
    CHECK(survey.id == "_message");
    CHECK(survey.version == 1);
    REQUIRE(survey.questions.size() == 1);
    CHECK(survey.questions[0].id == "message");
    CHECK(survey.questions[0].required);
    CHECK(survey.questions[0].max_length == 2000);
    const json definition = survey;
    CHECK(definition["title"]["fa"] == "برای ما پیام بفرستید");
    CHECK(definition["questions"][0]["type"] == "text");
    CHECK(definition["trigger"]["on"] == "manual");
}

TEST_CASE("message survey: a message is checked like any answer") {
    SUBCASE("a Persian message is accepted exactly as typed") {
        CHECK(problems_of(message_response("سفارشم هنوز نرسیده، کی می‌رسد؟")).empty());
    }
    SUBCASE("2000 characters fit, 2001 do not (counted in characters, not bytes)") {
        std::string longest;
        for (int i = 0; i < 2000; ++i) longest += "پ";
        CHECK(problems_of(message_response(longest)).empty());
        const auto problems = problems_of(message_response(longest + "پ"));
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].path == "/answers/message");
        CHECK(problems[0].reason == Reason::too_long);
    }
    SUBCASE("an empty message is refused") {
        CHECK_FALSE(problems_of(message_response("")).empty());
        json missing = message_response("x");
        missing["answers"] = json::object();
        CHECK_FALSE(problems_of(missing).empty());
    }
}

TEST_CASE("message survey: a site's own survey may not take a reserved id") {
    json survey = sada::test::checkout_survey();
    survey["id"] = "_message";
    const auto parsed = sada::parse_survey(survey);
    REQUIRE_FALSE(parsed.ok());
    REQUIRE(parsed.problems.size() == 1);
    CHECK(parsed.problems[0].path == "/id");
    CHECK(parsed.problems[0].reason == Reason::invalid_value);

    survey["id"] = "shop_message";  // '_' is fine inside an id
    CHECK(sada::parse_survey(survey).ok());
}
