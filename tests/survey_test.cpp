// Tests for survey definitions: the valid fixture reads fully; every kind of mistake is reported
// with its JSON path and reason.
#include "fixtures.hpp"
#include "sada/survey.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using nlohmann::json;
using sada::Reason;

namespace {

bool has_problem(const sada::SurveyParse& parse, const std::string& path, Reason reason) {
    return std::any_of(parse.problems.begin(), parse.problems.end(),
                       [&](const sada::Problem& p) { return p.path == path && p.reason == reason; });
}

std::string describe(const sada::SurveyParse& parse) {
    std::string out;
    for (const auto& p : parse.problems) out += p.path + " " + std::string(sada::to_string(p.reason)) + ": " + p.message + "\n";
    return out;
}

}  // namespace

TEST_CASE("a complete bilingual survey definition is read with its defaults") {
    const auto parse = sada::parse_survey(sada::test::checkout_survey());
    INFO(describe(parse));
    REQUIRE(parse.ok());
    const auto& survey = *parse.survey;
    CHECK(survey.id == "checkout-nps");
    CHECK(survey.version == 3);
    REQUIRE(survey.questions.size() == 7);
    CHECK(survey.questions[0].type == sada::QuestionType::nps);
    CHECK(survey.questions[0].scale.min == 0);
    CHECK(survey.questions[0].scale.max == 10);
    CHECK(survey.questions[1].max_length == 500);
    CHECK(survey.questions[2].max_length == sada::SurveyLimits::default_text_answer_length);
    CHECK(survey.questions[3].scale.labels.size() == 5);
    CHECK(survey.questions[5].max_choices == 2);
    CHECK(survey.questions[5].min_choices == 0);
    CHECK(survey.questions[6].scale.min == 1);
    CHECK(survey.questions[6].scale.max == 7);  // CES 2.0 default
    CHECK(survey.trigger.on == sada::Trigger::On::event);
    CHECK(survey.trigger.event == "checkout_completed");
    CHECK(survey.trigger.sample_percent == 50);
    CHECK(survey.throttle.not_again_for_days == 90);
}

TEST_CASE("survey texts fall back from the exact locale to its language, then English") {
    const auto survey = *sada::parse_survey(sada::test::checkout_survey()).survey;
    const auto& text = survey.questions[0].text;
    CHECK(text.resolve("fa") == "چقدر احتمال دارد ما را به دوست یا همکارتان پیشنهاد کنید؟");
    CHECK(text.resolve("fa-IR") == text.resolve("fa"));
    CHECK(text.resolve("de") == "How likely are you to recommend us to a friend or colleague?");
    sada::LocalizedText chinese;
    chinese.by_locale = {{"en", "Hello"}, {"zh-Hant", "你好 (traditional)"}, {"zh", "你好"}};
    CHECK(chinese.resolve("zh-Hant-TW") == "你好 (traditional)");
    CHECK(chinese.resolve("zh-Hans-CN") == "你好");
    sada::LocalizedText persian_only;
    persian_only.by_locale["fa"] = "سلام";
    CHECK(persian_only.resolve("en") == "سلام");
}

TEST_CASE("a survey definition survives a JSON round trip") {
    const auto first = *sada::parse_survey(sada::test::checkout_survey()).survey;
    const json written = first;
    const auto second = sada::parse_survey(written);
    INFO(describe(second));
    REQUIRE(second.ok());
    CHECK(json(*second.survey) == written);
}

TEST_CASE("survey validation reports every problem with its path, not just 'invalid'") {
    json survey = sada::test::checkout_survey();
    survey["version"] = 0;
    survey["questions"][0]["type"] = "stars";
    survey["questions"][4]["options"][1]["id"] = "card";
    survey["colour"] = "red";
    const auto parse = sada::parse_survey(survey);
    CHECK_FALSE(parse.ok());
    CHECK(parse.problems.size() >= 4);
    CHECK(has_problem(parse, "/version", Reason::out_of_range));
    CHECK(has_problem(parse, "/questions/0/type", Reason::invalid_value));
    CHECK(has_problem(parse, "/questions/4/options/1/id", Reason::duplicate_id));
    CHECK(has_problem(parse, "/colour", Reason::unknown_field));
    for (const auto& problem : parse.problems) CHECK_FALSE(problem.message.empty());
}

TEST_CASE("thousands of unknown members give a bounded list of problems") {
    json survey = sada::test::checkout_survey();
    for (int i = 0; i < 5000; ++i) survey["junk" + std::to_string(i)] = i;
    const auto parse = sada::parse_survey(survey);
    CHECK_FALSE(parse.ok());
    CHECK(parse.problems.size() == sada::kMaxUnknownFieldsReported + 1);
    CHECK(parse.problems.back().message == "5000 unknown fields in all");
}

TEST_CASE("each kind of survey mistake has its own reason") {
    json survey = sada::test::checkout_survey();
    std::string path;
    Reason reason = Reason::invalid_json;

    SUBCASE("not JSON") {
        const auto parse = sada::parse_survey(std::string_view("{\"id\": "));
        CHECK(has_problem(parse, "", Reason::invalid_json));
        return;
    }
    SUBCASE("not an object") { survey = json::array(); path = ""; reason = Reason::wrong_type; }
    SUBCASE("missing id") { survey.erase("id"); path = "/id"; reason = Reason::missing_field; }
    SUBCASE("id with spaces") { survey["id"] = "my survey"; path = "/id"; reason = Reason::invalid_value; }
    SUBCASE("title not localized") { survey["title"] = "Hi"; path = "/title"; reason = Reason::wrong_type; }
    SUBCASE("title without any locale") { survey["title"] = json::object(); path = "/title"; reason = Reason::empty; }
    SUBCASE("bad locale tag") { survey["title"]["Persian"] = "x"; path = "/title/Persian"; reason = Reason::invalid_value; }
    SUBCASE("empty text") { survey["questions"][0]["text"]["en"] = ""; path = "/questions/0/text/en"; reason = Reason::empty; }
    SUBCASE("text too long") {
        survey["questions"][0]["text"]["en"] = std::string(1001, 'a');
        path = "/questions/0/text/en";
        reason = Reason::too_long;
    }
    SUBCASE("no questions") { survey["questions"] = json::array(); path = "/questions"; reason = Reason::empty; }
    SUBCASE("too many questions") {
        json many = json::array();
        for (int i = 0; i < 51; ++i) many.push_back({{"id", "q" + std::to_string(i)}, {"type", "text"}, {"text", {{"en", "?"}}}});
        survey["questions"] = many;
        path = "/questions";
        reason = Reason::too_long;
    }
    SUBCASE("duplicate question id") { survey["questions"][2]["id"] = "why_low"; path = "/questions/2/id"; reason = Reason::duplicate_id; }
    SUBCASE("required not boolean") { survey["questions"][0]["required"] = "yes"; path = "/questions/0/required"; reason = Reason::wrong_type; }
    SUBCASE("NPS on another scale") { survey["questions"][0]["scale"]["max"] = 5; path = "/questions/0/scale/max"; reason = Reason::out_of_range; }
    SUBCASE("CSAT on 1-6") { survey["questions"][3]["scale"] = {{"min", 1}, {"max", 6}}; path = "/questions/3/scale/max"; reason = Reason::out_of_range; }
    SUBCASE("rating without scale") {
        survey["questions"][6] = {{"id", "stars"}, {"type", "rating"}, {"text", {{"en", "Rate us"}}}};
        path = "/questions/6/scale";
        reason = Reason::missing_field;
    }
    SUBCASE("too few scale labels") {
        survey["questions"][3]["scale"]["labels"].erase(4);
        path = "/questions/3/scale/labels";
        reason = Reason::too_short;
    }
    SUBCASE("a choice with one option") {
        survey["questions"][4]["options"].erase(2);
        survey["questions"][4]["options"].erase(1);
        path = "/questions/4/options";
        reason = Reason::too_short;
    }
    SUBCASE("options on a text question") {
        survey["questions"][1]["options"] = json::array();
        path = "/questions/1/options";
        reason = Reason::unknown_field;
    }
    SUBCASE("max_choices above the option count") { survey["questions"][5]["max_choices"] = 4; path = "/questions/5/max_choices"; reason = Reason::out_of_range; }
    SUBCASE("text max_length too large") { survey["questions"][1]["max_length"] = 5001; path = "/questions/1/max_length"; reason = Reason::out_of_range; }
    SUBCASE("show_if on a question that does not exist") {
        survey["questions"][1]["show_if"]["question"] = "rating";
        path = "/questions/1/show_if/question";
        reason = Reason::unknown_reference;
    }
    SUBCASE("show_if looking forward") {
        survey["questions"][1]["show_if"]["question"] = "csat";
        path = "/questions/1/show_if/question";
        reason = Reason::forward_reference;
    }
    SUBCASE("show_if value outside the scale") { survey["questions"][1]["show_if"]["value"] = 11; path = "/questions/1/show_if/value"; reason = Reason::out_of_range; }
    SUBCASE("show_if on an unknown option") {
        survey["questions"][5]["show_if"]["any"][1]["value"] = "paypal";
        path = "/questions/5/show_if/any/1/value";
        reason = Reason::unknown_option;
    }
    SUBCASE("show_if with an op the type cannot use") {
        survey["questions"][5]["show_if"] = {{"question", "payment"}, {"op", "gt"}, {"value", "card"}};
        path = "/questions/5/show_if/op";
        reason = Reason::invalid_value;
    }
    SUBCASE("show_if with an unknown op") { survey["questions"][1]["show_if"]["op"] = "below"; path = "/questions/1/show_if/op"; reason = Reason::invalid_value; }
    SUBCASE("show_if comparison without value") { survey["questions"][1]["show_if"].erase("value"); path = "/questions/1/show_if/value"; reason = Reason::missing_field; }
    SUBCASE("show_if with too many values") {
        json scores = json::array();
        for (int i = 0; i < 51; ++i) scores.push_back(i % 11);
        survey["questions"][1]["show_if"] = {{"question", "nps"}, {"op", "in"}, {"value", scores}};
        path = "/questions/1/show_if/value";
        reason = Reason::too_long;
    }
    SUBCASE("a survey nested too deep to parse") {
        const std::string deep = std::string(1000, '[') + std::string(1000, ']');
        const auto parse = sada::parse_survey(std::string_view(deep));
        CHECK(has_problem(parse, "", Reason::too_deep));
        return;
    }
    SUBCASE("show_if with an empty group") { survey["questions"][5]["show_if"] = {{"all", json::array()}}; path = "/questions/5/show_if/all"; reason = Reason::empty; }
    SUBCASE("show_if nested too deep") {
        json condition = {{"question", "nps"}, {"op", "answered"}};
        for (int i = 0; i < 9; ++i) condition = {{"not", condition}};
        survey["questions"][1]["show_if"] = condition;
        path = "/questions/1/show_if/not/not/not/not/not/not/not/not";
        reason = Reason::too_long;
    }
    SUBCASE("trigger on an unknown moment") { survey["trigger"]["on"] = "hover"; path = "/trigger/on"; reason = Reason::invalid_value; }
    SUBCASE("event trigger without event name") { survey["trigger"].erase("event"); path = "/trigger/event"; reason = Reason::missing_field; }
    SUBCASE("sampling above 100%") { survey["trigger"]["sample_percent"] = 120; path = "/trigger/sample_percent"; reason = Reason::out_of_range; }
    SUBCASE("url patterns not a list") { survey["trigger"]["url"]["include"] = "/checkout/*"; path = "/trigger/url/include"; reason = Reason::wrong_type; }
    SUBCASE("negative throttle") { survey["throttle"]["not_again_for_days"] = -1; path = "/throttle/not_again_for_days"; reason = Reason::out_of_range; }
    SUBCASE("text that is not UTF-8") {
        survey["questions"][0]["text"]["en"] = std::string("caf\xC3", 4);
        path = "/questions/0/text/en";
        reason = Reason::invalid_utf8;
    }

    const auto parse = sada::parse_survey(survey);
    INFO(describe(parse));
    CHECK_FALSE(parse.ok());
    CHECK(has_problem(parse, path, reason));
}

TEST_CASE("survey: the question summary gives each question's type and, for scales, the scale") {
    const auto parsed = sada::parse_survey(sada::test::checkout_survey());
    REQUIRE(parsed.ok());
    const nlohmann::json summary = sada::question_summary(*parsed.survey);
    CHECK(summary.size() == 7);
    CHECK(summary["nps"] == nlohmann::json{{"type", "nps"}, {"min", 0}, {"max", 10}});
    CHECK(summary["csat"] == nlohmann::json{{"type", "csat"}, {"min", 1}, {"max", 5}});
    CHECK(summary["ces"] == nlohmann::json{{"type", "ces"}, {"min", 1}, {"max", 7}});
    CHECK(summary["why_low"] == nlohmann::json{{"type", "text"}});
    CHECK(summary["issues"] == nlohmann::json{{"type", "multi_choice"}});
}
