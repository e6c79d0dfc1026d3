// Tests for when a survey may show: url patterns, sampling, the trigger moment, throttling,
// session limit, delay, and journey stages from url rules.
#include "fixtures.hpp"
#include "sada/targeting.hpp"

#include <doctest/doctest.h>

#include <string>

using sada::ShowContext;
using sada::Verdict;

namespace {

constexpr std::int64_t kDay = 24LL * 60 * 60 * 1000;
constexpr std::int64_t kNow = 1795409189123;  // 2026-11-23

sada::SurveyDefinition survey_with(const nlohmann::json& trigger, const nlohmann::json& throttle = nullptr) {
    nlohmann::json definition = sada::test::checkout_survey();
    definition["trigger"] = trigger;
    if (!throttle.is_null()) definition["throttle"] = throttle;
    auto parse = sada::parse_survey(definition);
    REQUIRE(parse.ok());
    return *parse.survey;
}

ShowContext page_load(std::string path = "/", std::string visitor = "v-1") {
    ShowContext context;
    context.path = std::move(path);
    context.visitor = std::move(visitor);
    context.now_ms = kNow;
    return context;
}

}  // namespace

TEST_CASE("url patterns: '*' matches any run of characters, the rest exactly") {
    CHECK(sada::url_pattern_matches("/checkout/*", "/checkout/pay"));
    CHECK(sada::url_pattern_matches("/checkout/*", "/checkout/"));
    CHECK(sada::url_pattern_matches("/checkout/*", "/checkout/pay/card"));
    CHECK_FALSE(sada::url_pattern_matches("/checkout/*", "/checkout"));
    CHECK_FALSE(sada::url_pattern_matches("/checkout/*", "/cart/checkout/pay"));
    CHECK(sada::url_pattern_matches("*/help", "/fa/orders/help"));
    CHECK(sada::url_pattern_matches("/p/*/reviews", "/p/42/reviews"));
    CHECK_FALSE(sada::url_pattern_matches("/p/*/reviews", "/p/42/reviews/2"));
    CHECK(sada::url_pattern_matches("*", ""));
    CHECK(sada::url_pattern_matches("/", "/"));
    CHECK_FALSE(sada::url_pattern_matches("/", "/a"));
    // Many stars against a long non-matching path stay fast (no exponential backtracking).
    CHECK_FALSE(sada::url_pattern_matches("*a*a*a*a*a*a*a*a*b", std::string(5000, 'a')));
}

TEST_CASE("url rules: exclude wins over include; no include means every page") {
    const auto survey = survey_with({{"url", {{"include", {"/shop/*", "/"}}, {"exclude", {"/shop/checkout/*"}}}}});
    CHECK(sada::trigger_allows_page(survey.trigger, "/shop/p/1"));
    CHECK(sada::trigger_allows_page(survey.trigger, "/"));
    CHECK_FALSE(sada::trigger_allows_page(survey.trigger, "/shop/checkout/pay"));
    CHECK_FALSE(sada::trigger_allows_page(survey.trigger, "/blog"));
    const auto everywhere = survey_with({{"url", {{"exclude", {"/admin/*"}}}}});
    CHECK(sada::trigger_allows_page(everywhere.trigger, "/blog"));
    CHECK_FALSE(sada::trigger_allows_page(everywhere.trigger, "/admin/x"));
}

TEST_CASE("sampling is stable per visitor and close to the configured share") {
    const auto quarter = survey_with({{"sample_percent", 25}});
    int in = 0;
    for (int i = 0; i < 20000; ++i) {
        const std::string visitor = "visitor-" + std::to_string(i);
        const bool first = sada::sampled_in(quarter.trigger, visitor, quarter.id);
        CHECK(first == sada::sampled_in(quarter.trigger, visitor, quarter.id));  // the same on every load
        in += first ? 1 : 0;
    }
    CHECK(in > 20000 * 0.23);
    CHECK(in < 20000 * 0.27);
    const auto none = survey_with({{"sample_percent", 0}});
    const auto all = survey_with({{"sample_percent", 100}});
    CHECK_FALSE(sada::sampled_in(none.trigger, "anyone", none.id));
    CHECK(sada::sampled_in(all.trigger, "anyone", all.id));
    // Different surveys sample independently.
    int both = 0;
    for (int i = 0; i < 20000; ++i) {
        const std::string visitor = "visitor-" + std::to_string(i);
        both += sada::sample_point(visitor, "a") < 50 && sada::sample_point(visitor, "b") < 50 ? 1 : 0;
    }
    CHECK(both > 20000 * 0.23);
    CHECK(both < 20000 * 0.27);
}

TEST_CASE("the trigger moment must fit: page load, event, scroll depth, exit intent") {
    const sada::ThrottleState fresh;
    SUBCASE("page load") {
        const auto survey = survey_with({{"on", "page_load"}, {"delay_seconds", 5}});
        const auto decision = sada::decide_show(survey, fresh, page_load());
        CHECK(decision.verdict == Verdict::show);
        CHECK(decision.delay_ms == 5000);
    }
    SUBCASE("custom event") {
        const auto survey = survey_with({{"on", "event"}, {"event", "checkout_completed"}});
        auto context = page_load();
        CHECK(sada::decide_show(survey, fresh, context).verdict == Verdict::wrong_moment);
        context.moment = ShowContext::Moment::event;
        context.event = "added_to_cart";
        CHECK(sada::decide_show(survey, fresh, context).verdict == Verdict::wrong_moment);
        context.event = "checkout_completed";
        CHECK(sada::decide_show(survey, fresh, context).verdict == Verdict::show);
    }
    SUBCASE("scroll depth") {
        const auto survey = survey_with({{"on", "scroll"}, {"scroll_percent", 60}});
        auto context = page_load();
        context.moment = ShowContext::Moment::scroll;
        context.scroll_percent = 59;
        CHECK(sada::decide_show(survey, fresh, context).verdict == Verdict::wrong_moment);
        context.scroll_percent = 60;
        CHECK(sada::decide_show(survey, fresh, context).verdict == Verdict::show);
    }
    SUBCASE("exit intent") {
        const auto survey = survey_with({{"on", "exit_intent"}});
        auto context = page_load();
        CHECK(sada::decide_show(survey, fresh, context).verdict == Verdict::wrong_moment);
        context.moment = ShowContext::Moment::exit_intent;
        CHECK(sada::decide_show(survey, fresh, context).verdict == Verdict::show);
    }
    SUBCASE("manual surveys show only through Sada.show(), which ignores every rule") {
        const auto survey = survey_with({{"on", "manual"}, {"sample_percent", 0}, {"url", {{"include", {"/never"}}}}});
        CHECK(sada::decide_show(survey, fresh, page_load()).verdict == Verdict::wrong_moment);
        sada::ThrottleState done;
        done.completed_at_ms = kNow - kDay;
        auto context = page_load();
        context.moment = ShowContext::Moment::manual;
        context.survey_shown_this_session = true;
        CHECK(sada::decide_show(survey, done, context).verdict == Verdict::show);
    }
}

TEST_CASE("throttling: never after completion, not again for N days, one survey per session") {
    const auto survey = survey_with({{"on", "page_load"}}, {{"not_again_for_days", 30}, {"never_after_completion", true}});
    SUBCASE("completed") {
        sada::ThrottleState state;
        state.completed_at_ms = kNow - 400 * kDay;
        CHECK(sada::decide_show(survey, state, page_load()).verdict == Verdict::completed);
    }
    SUBCASE("completion allowed again when the survey says so") {
        const auto again = survey_with({{"on", "page_load"}}, {{"not_again_for_days", 30}, {"never_after_completion", false}});
        sada::ThrottleState state;
        state.completed_at_ms = kNow - 40 * kDay;
        state.last_shown_at_ms = kNow - 40 * kDay;
        CHECK(sada::decide_show(again, state, page_load()).verdict == Verdict::show);
    }
    SUBCASE("dismissed recently") {
        sada::ThrottleState state;
        state.last_shown_at_ms = kNow - 40 * kDay;
        state.last_dismissed_at_ms = kNow - 2 * kDay;
        const auto decision = sada::decide_show(survey, state, page_load());
        CHECK(decision.verdict == Verdict::too_soon);
        CHECK(decision.eligible_again_at_ms == kNow + 28 * kDay);
        auto later = page_load();
        later.now_ms = kNow + 28 * kDay;
        CHECK(sada::decide_show(survey, state, later).verdict == Verdict::show);
    }
    SUBCASE("another survey shown this session") {
        auto context = page_load();
        context.survey_shown_this_session = true;
        CHECK(sada::decide_show(survey, sada::ThrottleState{}, context).verdict == Verdict::session_limit);
    }
    SUBCASE("url rules before throttling") {
        const auto limited = survey_with({{"on", "page_load"}, {"url", {{"include", {"/orders/*"}}}}});
        CHECK(sada::decide_show(limited, sada::ThrottleState{}, page_load("/cart")).verdict == Verdict::wrong_page);
    }
}

TEST_CASE("journey stages come from url rules, first match wins") {
    const auto rules = sada::parse_stage_rules(nlohmann::json::parse(R"([
        {"pattern": "/checkout/*", "stage": "purchase"},
        {"pattern": "/cart*", "stage": "pre-purchase"},
        {"pattern": "/p/*", "stage": "research"},
        {"pattern": "/orders*", "stage": "post-purchase"},
        {"pattern": "/", "stage": "awareness"}])"));
    REQUIRE(rules.ok());
    CHECK(sada::stage_for_path(*rules, "/checkout/pay") == sada::JourneyStage::purchase);
    CHECK(sada::stage_for_path(*rules, "/cart") == sada::JourneyStage::pre_purchase);
    CHECK(sada::stage_for_path(*rules, "/p/42") == sada::JourneyStage::research);
    CHECK(sada::stage_for_path(*rules, "/") == sada::JourneyStage::awareness);
    CHECK_FALSE(sada::stage_for_path(*rules, "/blog").has_value());
    CHECK(sada::parse_stage_rules(nlohmann::json::parse(R"([{"pattern": "/x", "stage": "checkout"}])")).error().message ==
          "/0/stage: one of awareness, research, pre-purchase, purchase, post-purchase");
    CHECK_FALSE(sada::parse_stage_rules(nlohmann::json::parse(R"({"pattern": "/x"})")).ok());
}
