// Tests for show_if evaluation: comparisons, choices, groups, and unanswered questions.
#include "fixtures.hpp"
#include "sada/survey.hpp"

#include <doctest/doctest.h>

using nlohmann::json;

namespace {

sada::Condition condition_of(const json& show_if) {
    json survey = sada::test::checkout_survey();
    survey["questions"][6]["show_if"] = show_if;
    const auto parse = sada::parse_survey(survey);
    REQUIRE(parse.ok());
    return *parse.survey->questions[6].show_if;
}

}  // namespace

TEST_CASE("a detractor and a promoter get different follow-ups") {
    const auto survey = *sada::parse_survey(sada::test::checkout_survey()).survey;
    const auto& why_low = *survey.questions[1].show_if;
    const auto& why_high = *survey.questions[2].show_if;
    for (int score = 0; score <= 10; ++score) {
        const json answers = {{"nps", score}};
        CAPTURE(score);
        CHECK(sada::evaluate(why_low, answers) == (score <= 6));
        CHECK(sada::evaluate(why_high, answers) == (score >= 9));
    }
    CHECK_FALSE(sada::evaluate(why_low, json::object()));  // no score yet: no follow-up
}

TEST_CASE("show_if comparisons over scores and choices") {
    SUBCASE("in and not_in on a score") {
        const auto in = condition_of({{"question", "csat"}, {"op", "in"}, {"value", {1, 2}}});
        CHECK(sada::evaluate(in, {{"csat", 2}}));
        CHECK_FALSE(sada::evaluate(in, {{"csat", 3}}));
        const auto not_in = condition_of({{"question", "csat"}, {"op", "not_in"}, {"value", {1, 2}}});
        CHECK(sada::evaluate(not_in, {{"csat", 3}}));
        CHECK_FALSE(sada::evaluate(not_in, json::object()));
    }
    SUBCASE("eq and neq on a single choice") {
        const auto eq = condition_of({{"question", "payment"}, {"op", "eq"}, {"value", "cod"}});
        CHECK(sada::evaluate(eq, {{"payment", "cod"}}));
        CHECK_FALSE(sada::evaluate(eq, {{"payment", "card"}}));
        const auto neq = condition_of({{"question", "payment"}, {"op", "neq"}, {"value", "cod"}});
        CHECK(sada::evaluate(neq, {{"payment", "card"}}));
    }
    SUBCASE("includes and excludes on a multiple choice") {
        const auto includes = condition_of({{"question", "issues"}, {"op", "includes"}, {"value", "price"}});
        CHECK(sada::evaluate(includes, {{"issues", {"slow", "price"}}}));
        CHECK_FALSE(sada::evaluate(includes, {{"issues", {"slow"}}}));
        const auto excludes = condition_of({{"question", "issues"}, {"op", "excludes"}, {"value", "price"}});
        CHECK(sada::evaluate(excludes, {{"issues", {"slow"}}}));
        CHECK(sada::evaluate(excludes, json::object()));
    }
    SUBCASE("answered and not_answered, where blank text is not an answer") {
        const auto answered = condition_of({{"question", "why_high"}, {"op", "answered"}});
        CHECK(sada::evaluate(answered, {{"why_high", "fast delivery"}}));
        CHECK_FALSE(sada::evaluate(answered, {{"why_high", "   "}}));
        CHECK_FALSE(sada::evaluate(answered, {{"why_high", nullptr}}));
        const auto not_answered = condition_of({{"question", "why_high"}, {"op", "not_answered"}});
        CHECK(sada::evaluate(not_answered, json::object()));
    }
    SUBCASE("all, any and not") {
        const auto all = condition_of({{"all", {{{"question", "nps"}, {"op", "gte"}, {"value", 7}},
                                                {{"question", "csat"}, {"op", "lt"}, {"value", 3}}}}});
        CHECK(sada::evaluate(all, {{"nps", 8}, {"csat", 2}}));
        CHECK_FALSE(sada::evaluate(all, {{"nps", 8}, {"csat", 4}}));
        const auto negated = condition_of({{"not", {{"question", "nps"}, {"op", "gt"}, {"value", 6}}}});
        CHECK(sada::evaluate(negated, {{"nps", 3}}));
        CHECK_FALSE(sada::evaluate(negated, {{"nps", 10}}));
    }
}
