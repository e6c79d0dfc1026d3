// When a survey may show: the trigger moment, page URL rules, stable per-visitor sampling,
// throttling (not again for N days, never after completion, one survey per session), and the
// journey stage of a page. The widget asks these questions; core answers them.
#pragma once

#include "sada/outbox.hpp"
#include "sada/response.hpp"
#include "sada/survey.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sada {

// True when `path` matches `pattern`, where '*' stands for any run of characters ('/' included)
// and everything else must match exactly. "/checkout/*" matches "/checkout/" and "/checkout/pay",
// not "/checkout".
bool url_pattern_matches(std::string_view pattern, std::string_view path);

// Whether the trigger's url rules let the survey show on `path`: it matches an include pattern
// (or there are none) and no exclude pattern.
bool trigger_allows_page(const Trigger& trigger, std::string_view path);

// A point in [0, 100) fixed for a visitor and a survey, so sampling makes the same choice on
// every page load (FNV-1a over "visitor|survey").
double sample_point(std::string_view visitor, std::string_view survey_id);
bool sampled_in(const Trigger& trigger, std::string_view visitor, std::string_view survey_id);

// The moment the widget is asking at.
struct ShowContext {
    enum class Moment { page_load, event, scroll, exit_intent, manual };
    Moment moment = Moment::page_load;
    std::string event;                     // Moment::event: the name tracked
    int scroll_percent = 0;                // Moment::scroll: how far the visitor has scrolled
    std::string path;                      // the page path
    std::string visitor;                   // the widget's visitor id
    std::int64_t now_ms = 0;
    bool survey_shown_this_session = false;  // any survey, this browsing session
};

enum class Verdict {
    show,            // show it, after delay_ms
    wrong_moment,    // the trigger waits for another moment (event, scroll depth, exit intent)
    wrong_page,      // the url rules exclude this page
    completed,       // answered before, and never_after_completion
    too_soon,        // shown or dismissed less than not_again_for_days ago
    session_limit,   // another survey was shown in this session already
    not_sampled,     // this visitor is outside sample_percent
};

std::string_view to_string(Verdict verdict);

struct ShowDecision {
    Verdict verdict = Verdict::show;
    std::int64_t delay_ms = 0;                        // show: wait this long first
    std::optional<std::int64_t> eligible_again_at_ms; // too_soon: when the throttle ends
};

// Decides whether `survey` shows now. Sada.show() (Moment::manual) ignores the trigger, the url
// rules, sampling and throttling: the site asked for it explicitly.
ShowDecision decide_show(const SurveyDefinition& survey, const ThrottleState& throttle, const ShowContext& context);

// Journey stage from url rules, first match wins: [{"pattern": "/checkout/*", "stage": "purchase"}].
struct StageRule {
    std::string pattern;
    JourneyStage stage = JourneyStage::awareness;
};

std::optional<JourneyStage> stage_for_path(std::span<const StageRule> rules, std::string_view path);

// Reads stage rules from JSON; problems name the offending entry.
Result<std::vector<StageRule>> parse_stage_rules(const nlohmann::json& rules);

}  // namespace sada
