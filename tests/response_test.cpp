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
    return sada::validate_response(*parse.response, survey());
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
    SUBCASE("an answer that is an object") { document["answers"]["why_high"] = {{"text", "hi"}}; path = "/answers/why_high"; reason = Reason::wrong_type; }
    SUBCASE("an answer that is a nested list") { document["answers"]["payment"] = {{"card"}}; path = "/answers/payment"; reason = Reason::wrong_type; }
    SUBCASE("a blank string for a score") { document["answers"]["nps"] = ""; path = "/answers/nps"; reason = Reason::wrong_type; }
    SUBCASE("an empty list for a score") { document["answers"]["csat"] = nlohmann::json::array(); path = "/answers/csat"; reason = Reason::wrong_type; }
    SUBCASE("whitespace longer than max_length") {
        document["answers"]["nps"] = 2;
        document["answers"].erase("why_high");
        document["answers"]["why_low"] = std::string(100000, ' ');
        path = "/answers/why_low";
        reason = Reason::too_long;
    }
    SUBCASE("nested attribute value") { document["context"]["attributes"]["plan"] = {{"tier", 1}}; path = "/context/attributes/plan"; reason = Reason::wrong_type; }

    const auto problems = problems_of(document);
    INFO(describe(problems));
    CHECK(has_problem(problems, path, reason));
}

TEST_CASE("blank text and an empty choice list count as skipped") {
    json document = sada::test::promoter_response();
    document["answers"]["why_high"] = "   ";
    document["answers"]["payment"] = "cod";
    document["answers"]["issues"] = json::array();
    CHECK(problems_of(document).empty());
    document["answers"]["nps"] = "   ";  // but a required score cannot be skipped this way
    CHECK(has_problem(problems_of(document), "/answers/nps", Reason::wrong_type));
    CHECK(has_problem(problems_of(document), "/answers/nps", Reason::required_missing));
}

TEST_CASE("a UUID sent in upper case is the same response as in lower case") {
    json document = sada::test::promoter_response();
    document["id"] = "0193A5C2-7B4E-7C3D-9F10-2A3B4C5D6E7F";
    const auto parse = sada::parse_response(document);
    REQUIRE(parse.ok());
    CHECK(parse.response->id == "0193a5c2-7b4e-7c3d-9f10-2a3b4c5d6e7f");
}

TEST_CASE("a visitor's wrong clock keeps the answer but files it under the time it arrived") {
    json document = sada::test::promoter_response();
    const std::int64_t received = *sada::parse_rfc3339_ms("2026-11-23T05:00:00Z");
    SUBCASE("a plausible time is kept") {
        const auto response = *sada::parse_response(document).response;
        CHECK(sada::effective_time_ms(response, received) == response.submitted_at_ms);
    }
    SUBCASE("a clock years ahead") {
        document["submitted_at"] = "2031-01-01T00:00:00Z";
        const auto parse = sada::parse_response(document);
        REQUIRE(parse.ok());
        CHECK(sada::validate_response(*parse.response, survey()).empty());
        CHECK(sada::effective_time_ms(*parse.response, received) == received);
    }
    SUBCASE("a clock reset to 1970") {
        document["submitted_at"] = "1970-01-01T00:00:10Z";
        const auto parse = sada::parse_response(document);
        REQUIRE(parse.ok());
        CHECK(sada::effective_time_ms(*parse.response, received) == received);
    }
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

TEST_CASE("control characters in text are refused; tabs and line breaks are text") {
    json document = sada::test::promoter_response();
    document["answers"]["nps"] = 3;
    document["answers"].erase("why_high");
    SUBCASE("NUL") { document["answers"]["why_low"] = std::string("late\0 again", 11); }
    SUBCASE("escape") { document["answers"]["why_low"] = "late \x1b[31m again"; }
    SUBCASE("delete") { document["answers"]["why_low"] = "late \x7f again"; }
    SUBCASE("C1 control sequence introducer (U+009B)") { document["answers"]["why_low"] = "late \u009b31m again"; }
    SUBCASE("C1 next line (U+0085)") { document["answers"]["why_low"] = "late \u0085 again"; }
    CHECK(has_problem(problems_of(document), "/answers/why_low", Reason::invalid_value));
}

TEST_CASE("a direction override left open in text is refused; a closed one stays") {
    json document = sada::test::promoter_response();
    document["answers"]["nps"] = 3;
    document["answers"].erase("why_high");
    SUBCASE("left open: refused") {
        document["answers"]["why_low"] = "refund please \u202Eexe.eciovni";
        CHECK(has_problem(problems_of(document), "/answers/why_low", Reason::invalid_value));
    }
    SUBCASE("closed on its line: kept") {
        document["answers"]["why_low"] = "refund please \u202Eexe.eciovni\u202C and \u2067ارسال\u2069";
        CHECK(problems_of(document).empty());
    }
}

TEST_CASE("tabs, line breaks and Persian zero-width joiners stay in text") {
    json document = sada::test::promoter_response();
    document["answers"]["nps"] = 3;
    document["answers"].erase("why_high");
    // U+00A0 (no-break space, C2 A0) follows the C1 range and stays text.
    document["answers"]["why_low"] = "first line\r\nsecond\tline, می\u200cخواهم\u00a0«خوب»";
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

TEST_CASE("a multiple choice below min_choices is too short, but an empty one is skipped") {
    json definition = sada::test::checkout_survey();
    definition["questions"][5]["min_choices"] = 2;
    definition["questions"][5].erase("show_if");
    const auto parsed_survey = sada::parse_survey(definition);
    REQUIRE(parsed_survey.ok());
    json document = sada::test::promoter_response();
    document["answers"]["issues"] = {"slow"};
    const auto one_choice = sada::validate_response(*sada::parse_response(document).response, *parsed_survey.survey);
    CHECK(has_problem(one_choice, "/answers/issues", Reason::too_short));
    document["answers"]["issues"] = json::array();
    CHECK(sada::validate_response(*sada::parse_response(document).response, *parsed_survey.survey).empty());
}
