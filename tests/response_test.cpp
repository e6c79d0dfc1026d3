// Tests for responses: shape checks, and validation of every answer against the survey definition.
#include "fixtures.hpp"
#include "sada/response.hpp"
#include "sada/survey.hpp"
#include "sada/timestamp.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using nlohmann::json;
using sada::Reason;

namespace {

const sada::SurveyDefinition& survey() {
    static const sada::SurveyDefinition definition = *sada::parse_survey(sada::test::checkout_survey()).survey;
    return definition;
}

// All problems of a response document: shape first, then (if well-formed) against the survey.
sada::Problems problems_of(const json& document) {
    auto parse = sada::parse_response(document);
    if (!parse.ok()) return parse.problems;
    return sada::validate_response(*parse.response, survey(), sada::parse_rfc3339_ms("2026-11-23T05:00:00Z"));
}

bool has_problem(const sada::Problems& problems, const std::string& path, Reason reason) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const sada::Problem& p) { return p.path == path && p.reason == reason; });
}

std::string describe(const sada::Problems& problems) {
    std::string out;
    for (const auto& p : problems) out += p.path + " " + std::string(sada::to_string(p.reason)) + ": " + p.message + "\n";
    return out;
}

}  // namespace

TEST_CASE("a valid response passes and keeps Persian text exactly as typed") {
    const json document = sada::test::promoter_response();
    const auto parse = sada::parse_response(document);
    INFO(describe(parse.problems));
    REQUIRE(parse.ok());
    CHECK(sada::validate_response(*parse.response, survey()).empty());
    CHECK(parse.response->answers["why_high"] == "ارسال خیلی سریع بود، ممنون!");
    CHECK(parse.response->context.stage == "purchase");
    CHECK(parse.response->submitted_at_ms == *sada::parse_rfc3339_ms("2026-11-23T04:46:29.123Z"));
    CHECK(json(*parse.response) == document);
}

TEST_CASE("skipped optional questions and explicit nulls are allowed") {
    json document = sada::test::promoter_response();
    document["answers"] = {{"nps", 7}, {"csat", nullptr}};
    CHECK(problems_of(document).empty());
}

TEST_CASE("each kind of bad answer or field is rejected with its path and reason") {
    json document = sada::test::promoter_response();
    std::string path;
    Reason reason = Reason::invalid_json;

    SUBCASE("not an object") { document = "hello"; path = ""; reason = Reason::wrong_type; }
    SUBCASE("id that is not a UUID") { document["id"] = "42"; path = "/id"; reason = Reason::invalid_id; }
    SUBCASE("missing survey id") { document.erase("survey_id"); path = "/survey_id"; reason = Reason::missing_field; }
    SUBCASE("unknown top-level field") { document["score"] = 10; path = "/score"; reason = Reason::unknown_field; }
    SUBCASE("timestamp that is not RFC 3339") { document["submitted_at"] = "23/11/2026"; path = "/submitted_at"; reason = Reason::invalid_timestamp; }
    SUBCASE("timestamp far in the future") { document["submitted_at"] = "2027-01-01T00:00:00Z"; path = "/submitted_at"; reason = Reason::invalid_timestamp; }
    SUBCASE("another survey") { document["survey_id"] = "onboarding"; path = "/survey_id"; reason = Reason::survey_mismatch; }
    SUBCASE("another version") { document["survey_version"] = 2; path = "/survey_version"; reason = Reason::version_mismatch; }
    SUBCASE("answer to an unknown question") { document["answers"]["colour"] = "blue"; path = "/answers/colour"; reason = Reason::unknown_question; }
    SUBCASE("required question missing") { document["answers"].erase("nps"); path = "/answers/nps"; reason = Reason::required_missing; }
    SUBCASE("score above the scale") { document["answers"]["nps"] = 11; path = "/answers/nps"; reason = Reason::out_of_range; }
    SUBCASE("score below the scale") { document["answers"]["csat"] = 0; path = "/answers/csat"; reason = Reason::out_of_range; }
    SUBCASE("fractional score") { document["answers"]["ces"] = 5.5; path = "/answers/ces"; reason = Reason::wrong_type; }
    SUBCASE("score as text") { document["answers"]["ces"] = "5"; path = "/answers/ces"; reason = Reason::wrong_type; }
    SUBCASE("unknown option") { document["answers"]["payment"] = "paypal"; path = "/answers/payment"; reason = Reason::unknown_option; }
    SUBCASE("hidden follow-up answered") { document["answers"]["why_low"] = "meh"; path = "/answers/why_low"; reason = Reason::hidden_question_answered; }
    SUBCASE("too many choices") {
        document["answers"]["payment"] = "cod";
        document["answers"]["issues"] = {"slow", "price", "shipping"};
        path = "/answers/issues";
        reason = Reason::too_long;
    }
    SUBCASE("the same choice twice") {
        document["answers"]["payment"] = "cod";
        document["answers"]["issues"] = {"slow", "slow"};
        path = "/answers/issues/1";
        reason = Reason::duplicate_option;
    }
    SUBCASE("text longer than max_length in code points") {
        document["answers"]["nps"] = 3;
        document["answers"].erase("why_high");
        std::string persian;
        for (int i = 0; i < 501; ++i) persian += "خ";  // 501 code points, 1002 bytes
        document["answers"]["why_low"] = persian;
        path = "/answers/why_low";
        reason = Reason::too_long;
    }
    SUBCASE("text that is not UTF-8") { document["answers"]["why_high"] = std::string("\xC0\xAF", 2); path = "/answers/why_high"; reason = Reason::invalid_utf8; }
    SUBCASE("unknown journey stage") { document["context"]["stage"] = "checkout"; path = "/context/stage"; reason = Reason::invalid_value; }
    SUBCASE("bad locale") { document["context"]["locale"] = "Farsi!"; path = "/context/locale"; reason = Reason::invalid_value; }
    SUBCASE("nested attribute value") { document["context"]["attributes"]["plan"] = {{"tier", 1}}; path = "/context/attributes/plan"; reason = Reason::wrong_type; }

    const auto problems = problems_of(document);
    INFO(describe(problems));
    CHECK(has_problem(problems, path, reason));
}

TEST_CASE("text length limits count code points, not bytes") {
    json document = sada::test::promoter_response();
    document["answers"]["nps"] = 3;
    document["answers"].erase("why_high");
    std::string persian;
    for (int i = 0; i < 500; ++i) persian += "خ";  // exactly max_length code points
    document["answers"]["why_low"] = persian;
    CHECK(problems_of(document).empty());
}

TEST_CASE("journey stages have a fixed order and stable names") {
    REQUIRE(sada::kJourneyStages.size() == 5);
    CHECK(sada::to_string(sada::kJourneyStages[0]) == "awareness");
    CHECK(sada::to_string(sada::kJourneyStages[2]) == "pre-purchase");
    CHECK(sada::to_string(sada::kJourneyStages[4]) == "post-purchase");
    CHECK(sada::journey_stage_from_string("post-purchase") == sada::JourneyStage::post_purchase);
    CHECK_FALSE(sada::journey_stage_from_string("post_purchase").has_value());
}
