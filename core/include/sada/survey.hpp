// Survey definitions: the model, its JSON form, and a validator that reports every problem.
#pragma once

#include "sada/condition.hpp"
#include "sada/localized_text.hpp"
#include "sada/problem.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sada {

enum class QuestionType { nps, csat, ces, rating, single_choice, multi_choice, text };

std::string_view to_string(QuestionType type);
std::optional<QuestionType> question_type_from_string(std::string_view text);
bool is_scale_type(QuestionType type);  // nps, csat, ces, rating: answered with an integer

// The points of a numeric question. `labels`, when present, has one text per point (min..max).
struct Scale {
    int min = 0;
    int max = 10;
    LocalizedText min_label;
    LocalizedText max_label;
    std::vector<LocalizedText> labels;

    int points() const { return max - min + 1; }
    bool contains(std::int64_t value) const { return value >= min && value <= max; }
};

struct ChoiceOption {
    std::string id;
    LocalizedText label;
};

struct Question {
    std::string id;
    QuestionType type = QuestionType::text;
    LocalizedText text;
    bool required = false;
    Scale scale;                          // nps, csat, ces, rating
    std::vector<ChoiceOption> options;    // single_choice, multi_choice
    int min_choices = 0;                  // multi_choice
    int max_choices = 0;                  // multi_choice (0 until parsed: then options.size() by default)
    int max_length = 1000;                // text, in code points
    LocalizedText placeholder;            // text
    std::optional<Condition> show_if;

    const ChoiceOption* find_option(std::string_view option_id) const;
};

// When a survey may appear (the widget decides with these, through core).
struct Trigger {
    enum class On { page_load, event, scroll, exit_intent, manual };
    On on = On::page_load;
    std::string event;                  // on == event
    int scroll_percent = 0;             // on == scroll: 1..100
    int delay_seconds = 0;              // 0..3600, after the trigger fires
    std::vector<std::string> url_include;  // path globs ("*" = any run of characters); empty = all pages
    std::vector<std::string> url_exclude;
    double sample_percent = 100;        // share of visitors (stable per visitor) who may see it
};

std::string_view to_string(Trigger::On on);

// How often a survey may appear to one visitor.
struct Throttle {
    int not_again_for_days = 30;        // after it was shown or dismissed
    bool never_after_completion = true;
};

struct SurveyDefinition {
    std::string id;
    std::int64_t version = 1;
    LocalizedText title;
    std::vector<Question> questions;
    Trigger trigger;
    Throttle throttle;

    const Question* find_question(std::string_view question_id) const;
};

// Limits the validator enforces (documented in docs/survey-format.md).
struct SurveyLimits {
    static constexpr std::size_t max_questions = 50;
    static constexpr std::size_t max_options = 50;
    static constexpr std::size_t max_text = 1000;        // any localized text, code points
    static constexpr int max_text_answer_length = 5000;  // the largest max_length allowed
    static constexpr int default_text_answer_length = 1000;
    static constexpr std::size_t max_condition_depth = 8;   // levels, counting the comparison itself
    static constexpr std::size_t max_condition_items = 50;  // conditions in a group, values in a list
    static constexpr std::size_t max_url_patterns = 20;
};

struct SurveyParse {
    std::optional<SurveyDefinition> survey;  // set only when there are no problems
    Problems problems;                       // every problem found, each with its JSON path

    bool ok() const { return survey.has_value(); }
};

// Ids that start with '_' are reserved for Sada's built-in surveys (message.hpp): a site's own
// definition may not use one. Only core's built-ins pass allow_reserved.
enum class SurveyIdRule { site, allow_reserved };

// Validates and reads one survey definition. Never throws; collects all problems.
SurveyParse parse_survey(const nlohmann::json& document, SurveyIdRule id_rule = SurveyIdRule::site);
SurveyParse parse_survey(std::string_view json_text, SurveyIdRule id_rule = SurveyIdRule::site);

void to_json(nlohmann::json& out, const SurveyDefinition& survey);

// What an analysis needs to know about a survey's questions, keyed by question id: the type and,
// for scale types, the scale, e.g. {"nps": {"type": "nps", "min": 0, "max": 10},
// "why": {"type": "text"}}. The server's export carries it with every response.
nlohmann::json question_summary(const SurveyDefinition& survey);

}  // namespace sada
