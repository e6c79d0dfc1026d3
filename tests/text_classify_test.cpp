// Tests for core/src/text_classify.cpp: lexicon files (every mistake refused with its path) and the
// rules: longest polar term, negation before (English) and after (Persian), intensifiers, prefix
// terms, intents above the threshold, the question mark, and opinions split by sentiment.
#include "sada/text_classify.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

const char* kEnglish = R"({
  "language": "en", "version": 1, "comment": "test lexicon",
  "settings": {"intent_threshold": 1.5, "question_mark_weight": 1, "neutral_band": 0.5, "negation_before": 3},
  "categories": {
    "complaint": {"refund": 1, "never arrived": 2, "charged twice": 2},
    "question": {"how much": 1, "do you ship": 2},
    "technical-issue": {"error": 2, "crash*": 2},
    "request": {"please add": 2}
  },
  "positive": {"good": 1, "great": 2, "not bad": 1},
  "negative": {"bad": 1, "slow": 1},
  "intensifiers": {"very": 2}
})";

const char* kPersian = R"({
  "language": "fa", "version": 1,
  "settings": {"negation_before": 1, "negation_after": 2},
  "categories": {"complaint": {"نرسیده": 2}, "technical-issue": {"خطا": 2}},
  "positive": {"خوب": 1, "عالی": 2},
  "negative": {"بد": 1}
})";

sada::TextClassifier classifier() {
    auto en = sada::parse_lexicon(kEnglish);
    auto fa = sada::parse_lexicon(kPersian);
    REQUIRE_MESSAGE(en.ok(), (en.ok() ? "" : en.error().message));
    REQUIRE_MESSAGE(fa.ok(), (fa.ok() ? "" : fa.error().message));
    return sada::TextClassifier(std::move(en).value(), std::move(fa).value());
}

}  // namespace

TEST_CASE("text classify: a lexicon with a mistake is refused with the path of the mistake") {
    const auto refused = [](const std::string& json, const std::string& where) {
        auto parsed = sada::parse_lexicon(json);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == "invalid_lexicon");
        CHECK_MESSAGE(parsed.error().message.find(where) != std::string::npos, parsed.error().message);
    };
    SUBCASE("not JSON") { refused("{", "/"); }
    SUBCASE("no language") { refused(R"({"positive": {}})", "/language"); }
    SUBCASE("an unknown category") { refused(R"({"language": "en", "categories": {"praise": {"x": 1}}})", "/categories/praise"); }
    SUBCASE("a weight that is not a positive number") { refused(R"({"language": "en", "positive": {"good": 0}})", "/positive/good"); }
    SUBCASE("a misspelt member") { refused(R"({"language": "en", "postive": {"good": 1}})", "/postive"); }
    SUBCASE("an unknown setting") { refused(R"({"language": "en", "settings": {"threshold": 1}})", "/settings/threshold"); }
    SUBCASE("a term with no word") { refused(R"({"language": "en", "negative": {"!!": 1}})", "/negative/!!"); }
    SUBCASE("a phrase ending in *") { refused(R"({"language": "en", "negative": {"never arriv*": 1}})", "/negative/never arriv*"); }
    SUBCASE("a phrase of six words") { refused(R"({"language": "en", "negative": {"a b c d e f": 1}})", "at most 5 words"); }
    SUBCASE("two spellings of one term") { refused(R"({"language": "fa", "negative": {"بد": 1, "بـد": 2}})", "same term"); }
    SUBCASE("a fractional negation reach") { refused(R"({"language": "en", "settings": {"negation_before": 1.5}})", "/settings/negation_before"); }
}

TEST_CASE("text classify: sentiment counts the longest polar term, flipped by negation and scaled by intensifiers") {
    const sada::TextClassifier c = classifier();
    CHECK(c.classify("Good service").sentiment == "positive");
    CHECK(c.classify("Slow and bad").sentiment == "negative");
    CHECK(c.classify("The courier was not good at all").sentiment == "negative");
    CHECK(c.classify("Honestly not bad").sentiment == "positive");  // the phrase "not bad" wins over "bad"
    CHECK(c.classify("Very slow").sentiment_score == doctest::Approx(-2));
    CHECK(c.classify("The box is blue").sentiment == "neutral");
    SUBCASE("Persian negates after the adjective") {
        CHECK(c.classify("کیفیت خوب بود").sentiment == "positive");
        CHECK(c.classify("کیفیت اصلاً خوب نبود").sentiment == "negative");
        CHECK(c.classify("عالی").language == sada::TextLanguage::persian);
    }
}

TEST_CASE("text classify: an intent above the threshold wins; otherwise an opinion by its sentiment") {
    const sada::TextClassifier c = classifier();
    CHECK(c.classify("My parcel never arrived").category == "complaint");
    CHECK(c.classify("I want a refund").category == "feedback-positive");  // 1 < threshold 1.5, no sentiment
    CHECK(c.classify("Refund please, I was charged twice").category == "complaint");
    CHECK(c.classify("Do you ship to Tabriz").category == "question");
    CHECK(c.classify("How much is the grinder?").category == "question");  // 1 + the question mark
    CHECK(c.classify("The app crashes at checkout").category == "technical-issue");  // prefix term crash*
    CHECK(c.classify("Please add PayPal").category == "request");
    CHECK(c.classify("Great shop").category == "feedback-positive");
    CHECK(c.classify("Slow and bad").category == "feedback-negative");
    SUBCASE("Persian, whatever the spelling of yeh and kaf") {
        CHECK(c.classify("سفارشم هنوز نرسيده").category == "complaint");
        CHECK(c.classify("موقع پرداخت خطا میده").category == "technical-issue");
    }
}

TEST_CASE("text classify: prefix terms match Persian words, and a contrast ends a negation's reach") {
    auto en = sada::parse_lexicon(R"({"language": "en", "positive": {"worth": 2}, "negative": {"cheap": 1},
        "categories": {"request": {"would be nice": 2}, "question": {"could you": 1}}, "settings": {"question_mark_weight": 1}})");
    auto fa = sada::parse_lexicon(R"({"language": "fa", "categories": {"complaint": {"برنگشت*": 2}}})");
    REQUIRE(en.ok());
    REQUIRE(fa.ok());
    const sada::TextClassifier c(std::move(en).value(), std::move(fa).value());
    CHECK(c.classify("پولم برنگشته").category == "complaint");
    CHECK(c.classify("not cheap but worth it").sentiment_score == doctest::Approx(1 + 2));  // "not" governs cheap only
    CHECK(c.classify("could you add gift wrap? it would be nice").category == "request");  // tie 2 : 2, request first
}
