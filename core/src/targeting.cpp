// Trigger, url, sampling, throttle and stage decisions for the widget.
#include "sada/targeting.hpp"

#include "sada/timestamp.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace sada {
namespace {


constexpr std::array<std::pair<Verdict, std::string_view>, 7> kVerdictNames{{
    {Verdict::show, "show"}, {Verdict::wrong_moment, "wrong_moment"}, {Verdict::wrong_page, "wrong_page"},
    {Verdict::completed, "completed"}, {Verdict::too_soon, "too_soon"}, {Verdict::session_limit, "session_limit"},
    {Verdict::not_sampled, "not_sampled"},
}};

bool moment_fits(const Trigger& trigger, const ShowContext& context) {
    using Moment = ShowContext::Moment;
    switch (trigger.on) {
        case Trigger::On::page_load: return context.moment == Moment::page_load;
        case Trigger::On::event: return context.moment == Moment::event && context.event == trigger.event;
        case Trigger::On::scroll: return context.moment == Moment::scroll && context.scroll_percent >= trigger.scroll_percent;
        case Trigger::On::exit_intent: return context.moment == Moment::exit_intent;
        case Trigger::On::manual: return false;  // only Sada.show()
    }
    return false;
}

}  // namespace

bool url_pattern_matches(std::string_view pattern, std::string_view path) {
    // Iterative glob with backtracking to the last '*': linear in practice, no recursion.
    std::size_t p = 0, s = 0;
    std::size_t star = std::string_view::npos, resume = 0;
    while (s < path.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = s;
        } else if (p < pattern.size() && pattern[p] == path[s]) {
            ++p;
            ++s;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            s = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

bool trigger_allows_page(const Trigger& trigger, std::string_view path) {
    for (const auto& pattern : trigger.url_exclude) {
        if (url_pattern_matches(pattern, path)) return false;
    }
    if (trigger.url_include.empty()) return true;
    for (const auto& pattern : trigger.url_include) {
        if (url_pattern_matches(pattern, path)) return true;
    }
    return false;
}

double sample_point(std::string_view visitor, std::string_view survey_id) {
    std::uint64_t hash = 14695981039346656037ULL;
    const auto mix = [&](std::string_view text) {
        for (unsigned char c : text) {
            hash ^= c;
            hash *= 1099511628211ULL;
        }
    };
    mix(visitor);
    mix("|");
    mix(survey_id);
    // Spread the low bits (FNV's are weak) before scaling to [0, 100).
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdULL;
    hash ^= hash >> 33;
    return static_cast<double>(hash >> 11) / static_cast<double>(1ULL << 53) * 100.0;
}

bool sampled_in(const Trigger& trigger, std::string_view visitor, std::string_view survey_id) {
    return sample_point(visitor, survey_id) < trigger.sample_percent;
}

std::string_view to_string(Verdict verdict) {
    for (const auto& [value, name] : kVerdictNames) {
        if (value == verdict) return name;
    }
    return "show";
}

ShowDecision decide_show(const SurveyDefinition& survey, const ThrottleState& throttle, const ShowContext& context) {
    ShowDecision decision;
    if (context.moment == ShowContext::Moment::manual) return decision;  // Sada.show(): always, at once
    const Trigger& trigger = survey.trigger;
    if (!moment_fits(trigger, context)) return {Verdict::wrong_moment, 0, std::nullopt};
    if (!trigger_allows_page(trigger, context.path)) return {Verdict::wrong_page, 0, std::nullopt};
    if (survey.throttle.never_after_completion && throttle.completed_at_ms) return {Verdict::completed, 0, std::nullopt};
    const std::optional<std::int64_t> last_seen =
        throttle.last_shown_at_ms && throttle.last_dismissed_at_ms
            ? std::max(*throttle.last_shown_at_ms, *throttle.last_dismissed_at_ms)
            : (throttle.last_shown_at_ms ? throttle.last_shown_at_ms : throttle.last_dismissed_at_ms);
    if (last_seen) {
        const std::int64_t again = *last_seen + survey.throttle.not_again_for_days * kDayMs;
        if (context.now_ms < again) return {Verdict::too_soon, 0, again};
    }
    if (context.survey_shown_this_session) return {Verdict::session_limit, 0, std::nullopt};
    if (!sampled_in(trigger, context.visitor, survey.id)) return {Verdict::not_sampled, 0, std::nullopt};
    decision.delay_ms = static_cast<std::int64_t>(trigger.delay_seconds) * 1000;
    return decision;
}

std::optional<JourneyStage> stage_for_path(std::span<const StageRule> rules, std::string_view path) {
    for (const StageRule& rule : rules) {
        if (url_pattern_matches(rule.pattern, path)) return rule.stage;
    }
    return std::nullopt;
}

Result<std::vector<StageRule>> parse_stage_rules(const nlohmann::json& rules) {
    const auto invalid = [](std::string message) { return Error{"invalid_stage_rules", std::move(message)}; };
    if (!rules.is_array()) return invalid("stage rules are an array of {\"pattern\", \"stage\"}");
    if (rules.size() > 100) return invalid("at most 100 stage rules");
    std::vector<StageRule> out;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const auto& rule = rules[i];
        const std::string where = "/" + std::to_string(i);
        if (!rule.is_object() || rule.size() != 2 || !rule.contains("pattern") || !rule.contains("stage")) {
            return invalid(where + ": expected {\"pattern\", \"stage\"}");
        }
        const auto& pattern = rule["pattern"];
        const auto& stage = rule["stage"];
        if (!pattern.is_string() || pattern.get_ref<const std::string&>().empty() || pattern.get_ref<const std::string&>().size() > 200) {
            return invalid(where + "/pattern: a path pattern of 1-200 characters");
        }
        const auto parsed = stage.is_string() ? journey_stage_from_string(stage.get_ref<const std::string&>()) : std::nullopt;
        if (!parsed) return invalid(where + "/stage: one of awareness, research, pre-purchase, purchase, post-purchase");
        out.push_back({pattern.get<std::string>(), *parsed});
    }
    return out;
}

}  // namespace sada
