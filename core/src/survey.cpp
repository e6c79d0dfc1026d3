// Reading and validating survey definitions: every problem is reported with its JSON path.
#include "sada/survey.hpp"

#include "json_reader.hpp"
#include "sada/json_text.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <utility>

namespace sada {
namespace {

using detail::ObjectReader;
using nlohmann::json;

constexpr std::array<std::pair<QuestionType, std::string_view>, 7> kTypeNames{{
    {QuestionType::nps, "nps"}, {QuestionType::csat, "csat"}, {QuestionType::ces, "ces"},
    {QuestionType::rating, "rating"}, {QuestionType::single_choice, "single_choice"},
    {QuestionType::multi_choice, "multi_choice"}, {QuestionType::text, "text"},
}};

constexpr std::array<std::pair<Trigger::On, std::string_view>, 5> kTriggerNames{{
    {Trigger::On::page_load, "page_load"}, {Trigger::On::event, "event"}, {Trigger::On::scroll, "scroll"},
    {Trigger::On::exit_intent, "exit_intent"}, {Trigger::On::manual, "manual"},
}};

std::string index_path(const std::string& path, std::size_t index) { return path + "/" + std::to_string(index); }

// A {"en": "...", "fa": "..."} value at `path`. Returns false when it is broken.
bool read_localized_value(const json& value, const std::string& path, LocalizedText& out, Problems& problems) {
    ObjectReader texts(value, path, problems);
    if (!texts.is_object()) return false;
    if (value.empty()) {
        problems.push_back({path, Reason::empty, "give the text in at least one locale, e.g. {\"en\": \"...\"}"});
        return false;
    }
    const std::size_t before = problems.size();
    for (const auto& [locale, text] : value.items()) {
        if (!detail::is_language_tag(locale)) {
            texts.add(locale, Reason::invalid_value, "\"" + locale + "\" is not a language tag such as \"en\" or \"fa-IR\"");
        } else if (auto s = detail::read_string(text, texts.member_path(locale), problems, SurveyLimits::max_text)) {
            out.by_locale[locale] = *s;
        }
    }
    return problems.size() == before;
}

// The same as a member of `reader`; reports missing_field when required and absent.
bool read_localized(ObjectReader& reader, std::string_view key, bool required, LocalizedText& out,
                    Problems& problems) {
    const json* value = reader.lookup(key, required);
    if (value == nullptr) return false;
    return read_localized_value(*value, reader.member_path(key), out, problems);
}

struct ScaleRule {
    int default_min, default_max;
    std::vector<int> allowed_min;
    std::vector<int> allowed_max;
    bool scale_required;
};

ScaleRule scale_rule(QuestionType type) {
    switch (type) {
        case QuestionType::nps: return {0, 10, {0}, {10}, false};
        case QuestionType::csat: return {1, 5, {1}, {5, 7, 10}, false};
        case QuestionType::ces: return {1, 7, {1}, {5, 7}, false};
        default: return {1, 5, {0, 1}, {2, 3, 4, 5, 6, 7, 8, 9, 10}, true};
    }
}

std::string join(const std::vector<int>& values) {
    std::string out;
    for (int v : values) out += (out.empty() ? "" : ", ") + std::to_string(v);
    return out;
}

void read_scale(ObjectReader& question, QuestionType type, Scale& scale, Problems& problems) {
    const ScaleRule rule = scale_rule(type);
    scale.min = rule.default_min;
    scale.max = rule.default_max;
    const json* value = question.get("scale");
    if (value == nullptr) {
        if (rule.scale_required) question.add("scale", Reason::missing_field, "a rating question needs a scale {\"min\", \"max\"}");
        return;
    }
    ObjectReader reader(*value, question.member_path("scale"), problems, {"min", "max", "min_label", "max_label", "labels"});
    if (!reader.is_object()) return;
    if (auto min = reader.integer("min", rule.scale_required, 0, 10)) {
        if (std::find(rule.allowed_min.begin(), rule.allowed_min.end(), *min) == rule.allowed_min.end()) {
            reader.add("min", Reason::out_of_range, std::string(to_string(type)) + " scales start at " + join(rule.allowed_min));
        } else {
            scale.min = static_cast<int>(*min);
        }
    }
    if (auto max = reader.integer("max", rule.scale_required, 0, 10)) {
        if (std::find(rule.allowed_max.begin(), rule.allowed_max.end(), *max) == rule.allowed_max.end()) {
            reader.add("max", Reason::out_of_range, std::string(to_string(type)) + " scales end at " + join(rule.allowed_max));
        } else {
            scale.max = static_cast<int>(*max);
        }
    }
    read_localized(reader, "min_label", false, scale.min_label, problems);
    read_localized(reader, "max_label", false, scale.max_label, problems);
    if (const json* labels = reader.get("labels")) {
        if (!labels->is_array()) {
            reader.add("labels", Reason::wrong_type, "expected an array with one text per scale point");
        } else if (static_cast<int>(labels->size()) != scale.points()) {
            reader.add("labels", labels->size() < static_cast<std::size_t>(scale.points()) ? Reason::too_short : Reason::too_long,
                       "needs exactly " + std::to_string(scale.points()) + " labels, one per scale point");
        } else {
            for (std::size_t i = 0; i < labels->size(); ++i) {
                LocalizedText label;
                read_localized_value(labels->at(i), index_path(reader.member_path("labels"), i), label, problems);
                scale.labels.push_back(std::move(label));
            }
        }
    }
}

void read_options(ObjectReader& question, Question& q, Problems& problems) {
    const json* value = question.get("options");
    if (value == nullptr) {
        question.add("options", Reason::missing_field, "a choice question needs \"options\"");
        return;
    }
    if (!value->is_array()) {
        question.add("options", Reason::wrong_type, "expected an array of {\"id\", \"label\"}");
        return;
    }
    if (value->size() < 2) {
        question.add("options", Reason::too_short, "a choice question needs at least 2 options");
    } else if (value->size() > SurveyLimits::max_options) {
        question.add("options", Reason::too_long, "at most " + std::to_string(SurveyLimits::max_options) + " options");
        return;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
        ObjectReader option(value->at(i), index_path(question.member_path("options"), i), problems, {"id", "label"});
        if (!option.is_object()) continue;
        ChoiceOption parsed;
        if (auto id = option.identifier("id", true)) {
            if (q.find_option(*id) != nullptr) {
                option.add("id", Reason::duplicate_id, "option id \"" + *id + "\" is used twice");
            } else {
                parsed.id = *id;
            }
        }
        read_localized(option, "label", true, parsed.label, problems);
        if (!parsed.id.empty()) q.options.push_back(std::move(parsed));
    }
}

struct ConditionContext {
    const std::vector<Question>& earlier;   // questions before the one being read
    const std::vector<std::string>& all_ids;  // every question id in the document, in order
    Problems& problems;
};

std::optional<Condition> read_condition(const json& value, const std::string& path, const ConditionContext& context,
                                        std::size_t depth);

std::optional<Condition> read_group(const json& value, const std::string& path, const ConditionContext& context,
                                    std::size_t depth, std::string_view key, Condition::Kind kind) {
    ObjectReader reader(value, path, context.problems, {key});
    const json* children = reader.get(key);
    Condition group;
    group.kind = kind;
    const std::size_t before = context.problems.size();
    if (kind == Condition::Kind::negate) {
        if (auto child = read_condition(*children, reader.member_path(key), context, depth + 1)) {
            group.children.push_back(std::move(*child));
        }
    } else if (!children->is_array()) {
        reader.add(key, Reason::wrong_type, "expected an array of conditions");
    } else if (children->empty()) {
        reader.add(key, Reason::empty, "needs at least one condition");
    } else if (children->size() > SurveyLimits::max_condition_items) {
        reader.add(key, Reason::too_long, "at most " + std::to_string(SurveyLimits::max_condition_items) + " conditions");
    } else {
        for (std::size_t i = 0; i < children->size(); ++i) {
            if (auto child = read_condition(children->at(i), index_path(reader.member_path(key), i), context, depth + 1)) {
                group.children.push_back(std::move(*child));
            }
        }
    }
    if (context.problems.size() != before) return std::nullopt;
    return group;
}

// Checks that a comparison's op and value fit the referenced question.
void check_comparison(ObjectReader& reader, const Question& target, ConditionOp op, Problems& problems) {
    const json* value = reader.get("value");
    const bool needs_value = op != ConditionOp::answered && op != ConditionOp::not_answered;
    const bool list_op = op == ConditionOp::in || op == ConditionOp::not_in;
    const bool ordering_op = op == ConditionOp::lt || op == ConditionOp::lte || op == ConditionOp::gt || op == ConditionOp::gte;
    const bool membership_op = op == ConditionOp::includes || op == ConditionOp::excludes;
    const std::string op_text(to_string(op));
    if (!needs_value) {
        if (value != nullptr) reader.add("value", Reason::unknown_field, "\"" + op_text + "\" takes no value");
        return;
    }
    bool supported = false;
    if (is_scale_type(target.type)) {
        supported = !membership_op;
    } else if (target.type == QuestionType::single_choice) {
        supported = !ordering_op && !membership_op;
    } else if (target.type == QuestionType::multi_choice) {
        supported = membership_op;
    }
    if (!supported) {
        reader.add("op", Reason::invalid_value,
                   "\"" + op_text + "\" cannot be used on a " + std::string(to_string(target.type)) + " question");
        return;
    }
    if (value == nullptr) {
        reader.add("value", Reason::missing_field, "\"" + op_text + "\" needs a value");
        return;
    }
    std::vector<std::pair<const json*, std::string>> items;
    if (list_op) {
        if (!value->is_array() || value->empty()) {
            reader.add("value", value->is_array() ? Reason::empty : Reason::wrong_type, "expected a non-empty array");
            return;
        }
        if (value->size() > SurveyLimits::max_condition_items) {
            reader.add("value", Reason::too_long, "at most " + std::to_string(SurveyLimits::max_condition_items) + " values");
            return;
        }
        for (std::size_t i = 0; i < value->size(); ++i) items.emplace_back(&value->at(i), index_path(reader.member_path("value"), i));
    } else {
        items.emplace_back(value, reader.member_path("value"));
    }
    for (const auto& [item, where] : items) {
        if (is_scale_type(target.type)) {
            const auto number = detail::as_integer(*item);
            if (!number) {
                problems.push_back({where, Reason::wrong_type, "expected an integer score"});
            } else if (!target.scale.contains(*number)) {
                problems.push_back({where, Reason::out_of_range,
                                    std::to_string(*number) + " is outside the scale " + std::to_string(target.scale.min) +
                                        ".." + std::to_string(target.scale.max) + " of \"" + target.id + "\""});
            }
        } else if (!item->is_string()) {
            problems.push_back({where, Reason::wrong_type, "expected an option id"});
        } else if (target.find_option(item->get_ref<const std::string&>()) == nullptr) {
            problems.push_back({where, Reason::unknown_option,
                                "\"" + item->get<std::string>() + "\" is not an option of \"" + target.id + "\""});
        }
    }
}

std::optional<Condition> read_condition(const json& value, const std::string& path, const ConditionContext& context,
                                        std::size_t depth) {
    if (depth > SurveyLimits::max_condition_depth) {
        context.problems.push_back({path, Reason::too_long,
                                    "conditions nest at most " + std::to_string(SurveyLimits::max_condition_depth) + " levels deep"});
        return std::nullopt;
    }
    if (value.is_object()) {
        if (value.contains("all")) return read_group(value, path, context, depth, "all", Condition::Kind::all);
        if (value.contains("any")) return read_group(value, path, context, depth, "any", Condition::Kind::any);
        if (value.contains("not")) return read_group(value, path, context, depth, "not", Condition::Kind::negate);
    }
    const std::size_t before = context.problems.size();
    ObjectReader reader(value, path, context.problems, {"question", "op", "value"});
    if (!reader.is_object()) return std::nullopt;
    Condition condition;
    const auto question_id = reader.string("question", true, 64);
    const Question* target = nullptr;
    if (question_id) {
        condition.question = *question_id;
        for (const Question& q : context.earlier) {
            if (q.id == *question_id) target = &q;
        }
        if (target == nullptr) {
            const bool exists = std::find(context.all_ids.begin(), context.all_ids.end(), *question_id) != context.all_ids.end();
            reader.add("question", exists ? Reason::forward_reference : Reason::unknown_reference,
                       exists ? "\"" + *question_id + "\" is not an earlier question: show_if may only look back"
                              : "there is no question \"" + *question_id + "\"");
        }
    }
    std::optional<ConditionOp> op;
    if (auto op_text = reader.string("op", true, 32)) {
        op = condition_op_from_string(*op_text);
        if (!op) {
            reader.add("op", Reason::invalid_value,
                       "\"" + *op_text + "\" is not one of eq, neq, lt, lte, gt, gte, in, not_in, includes, excludes, answered, not_answered");
        }
    }
    if (op) condition.op = *op;
    if (op && target != nullptr) check_comparison(reader, *target, *op, context.problems);
    if (const json* compared = reader.get("value")) condition.value = *compared;
    if (context.problems.size() != before) return std::nullopt;
    return condition;
}

Trigger read_trigger(const json& value, const std::string& path, Problems& problems) {
    Trigger trigger;
    ObjectReader reader(value, path, problems, {"on", "event", "scroll_percent", "delay_seconds", "url", "sample_percent"});
    if (!reader.is_object()) return trigger;
    if (auto on = reader.string("on", false, 32)) {
        const auto it = std::find_if(kTriggerNames.begin(), kTriggerNames.end(), [&](const auto& p) { return p.second == *on; });
        if (it == kTriggerNames.end()) {
            reader.add("on", Reason::invalid_value, "\"" + *on + "\" is not one of page_load, event, scroll, exit_intent, manual");
        } else {
            trigger.on = it->first;
        }
    }
    const bool is_event = trigger.on == Trigger::On::event;
    const bool is_scroll = trigger.on == Trigger::On::scroll;
    if (auto event = reader.string("event", is_event, 64)) {
        if (!is_event) reader.add("event", Reason::unknown_field, "\"event\" is used only with \"on\": \"event\"");
        else trigger.event = *event;
    }
    if (auto scroll = reader.integer("scroll_percent", is_scroll, 1, 100)) {
        if (!is_scroll) reader.add("scroll_percent", Reason::unknown_field, "\"scroll_percent\" is used only with \"on\": \"scroll\"");
        else trigger.scroll_percent = static_cast<int>(*scroll);
    }
    if (auto delay = reader.integer("delay_seconds", false, 0, 3600)) trigger.delay_seconds = static_cast<int>(*delay);
    if (auto sample = reader.number("sample_percent", false, 0, 100)) trigger.sample_percent = *sample;
    if (const json* url = reader.get("url")) {
        ObjectReader url_reader(*url, reader.member_path("url"), problems, {"include", "exclude"});
        for (const char* key : {"include", "exclude"}) {
            const json* patterns = url_reader.get(key);
            if (patterns == nullptr) continue;
            if (!patterns->is_array()) {
                url_reader.add(key, Reason::wrong_type, "expected an array of path patterns such as \"/checkout/*\"");
                continue;
            }
            if (patterns->size() > SurveyLimits::max_url_patterns) {
                url_reader.add(key, Reason::too_long, "at most " + std::to_string(SurveyLimits::max_url_patterns) + " patterns");
                continue;
            }
            auto& target = std::string_view(key) == "include" ? trigger.url_include : trigger.url_exclude;
            for (std::size_t i = 0; i < patterns->size(); ++i) {
                if (auto pattern = detail::read_string(patterns->at(i), index_path(url_reader.member_path(key), i), problems, 200)) {
                    target.push_back(*pattern);
                }
            }
        }
    }
    return trigger;
}

Throttle read_throttle(const json& value, const std::string& path, Problems& problems) {
    Throttle throttle;
    ObjectReader reader(value, path, problems, {"not_again_for_days", "never_after_completion"});
    if (auto days = reader.integer("not_again_for_days", false, 0, 3650)) throttle.not_again_for_days = static_cast<int>(*days);
    if (auto never = reader.boolean("never_after_completion", false)) throttle.never_after_completion = *never;
    return throttle;
}

// Rejects members that exist only for other question types.
void reject_foreign_members(ObjectReader& reader, QuestionType type) {
    const bool scale = is_scale_type(type);
    const bool choice = type == QuestionType::single_choice || type == QuestionType::multi_choice;
    const std::pair<std::string_view, bool> members[] = {
        {"scale", scale}, {"options", choice},
        {"min_choices", type == QuestionType::multi_choice}, {"max_choices", type == QuestionType::multi_choice},
        {"max_length", type == QuestionType::text}, {"placeholder", type == QuestionType::text},
    };
    for (const auto& [name, allowed] : members) {
        if (!allowed && reader.has(name)) {
            reader.add(name, Reason::unknown_field, "\"" + std::string(name) + "\" is not used by " +
                                                        std::string(to_string(type)) + " questions");
        }
    }
}

std::optional<Question> read_question(const json& value, const std::string& path, const std::vector<Question>& earlier,
                                      const std::vector<std::string>& all_ids, Problems& problems) {
    const std::size_t before = problems.size();
    ObjectReader reader(value, path, problems,
                        {"id", "type", "text", "required", "scale", "options", "min_choices", "max_choices",
                         "max_length", "placeholder", "show_if"});
    if (!reader.is_object()) return std::nullopt;
    Question q;
    if (auto id = reader.identifier("id", true)) {
        if (std::any_of(earlier.begin(), earlier.end(), [&](const Question& e) { return e.id == *id; })) {
            reader.add("id", Reason::duplicate_id, "question id \"" + *id + "\" is used twice");
        } else {
            q.id = *id;
        }
    }
    std::optional<QuestionType> type;
    if (auto type_text = reader.string("type", true, 32)) {
        type = question_type_from_string(*type_text);
        if (!type) {
            reader.add("type", Reason::invalid_value,
                       "\"" + *type_text + "\" is not one of nps, csat, ces, rating, single_choice, multi_choice, text");
        }
    }
    read_localized(reader, "text", true, q.text, problems);
    if (auto required = reader.boolean("required", false)) q.required = *required;
    if (type) {
        q.type = *type;
        reject_foreign_members(reader, q.type);
        if (is_scale_type(q.type)) read_scale(reader, q.type, q.scale, problems);
        if (q.type == QuestionType::single_choice || q.type == QuestionType::multi_choice) read_options(reader, q, problems);
        if (q.type == QuestionType::multi_choice) {
            const auto option_count = static_cast<std::int64_t>(std::max<std::size_t>(q.options.size(), 1));
            const auto min = reader.integer("min_choices", false, 0, option_count);
            const auto max = reader.integer("max_choices", false, 1, option_count);
            q.min_choices = static_cast<int>(min.value_or(0));
            q.max_choices = static_cast<int>(max.value_or(option_count));
            if (q.min_choices > q.max_choices) {
                reader.add("min_choices", Reason::out_of_range, "min_choices is larger than max_choices");
            }
        }
        if (q.type == QuestionType::text) {
            if (auto length = reader.integer("max_length", false, 1, SurveyLimits::max_text_answer_length)) {
                q.max_length = static_cast<int>(*length);
            }
            read_localized(reader, "placeholder", false, q.placeholder, problems);
        }
    }
    if (const json* show_if = reader.get("show_if")) {
        q.show_if = read_condition(*show_if, reader.member_path("show_if"), ConditionContext{earlier, all_ids, problems}, 1);
    }
    if (problems.size() != before) return std::nullopt;
    return q;
}

json question_to_json(const Question& q) {
    json out{{"id", q.id}, {"type", std::string(to_string(q.type))}, {"text", q.text}, {"required", q.required}};
    if (is_scale_type(q.type)) {
        json scale{{"min", q.scale.min}, {"max", q.scale.max}};
        if (!q.scale.min_label.empty()) scale["min_label"] = q.scale.min_label;
        if (!q.scale.max_label.empty()) scale["max_label"] = q.scale.max_label;
        if (!q.scale.labels.empty()) scale["labels"] = q.scale.labels;
        out["scale"] = std::move(scale);
    }
    if (q.type == QuestionType::single_choice || q.type == QuestionType::multi_choice) {
        json options = json::array();
        for (const auto& option : q.options) options.push_back({{"id", option.id}, {"label", option.label}});
        out["options"] = std::move(options);
    }
    if (q.type == QuestionType::multi_choice) {
        out["min_choices"] = q.min_choices;
        out["max_choices"] = q.max_choices;
    }
    if (q.type == QuestionType::text) {
        out["max_length"] = q.max_length;
        if (!q.placeholder.empty()) out["placeholder"] = q.placeholder;
    }
    if (q.show_if) out["show_if"] = *q.show_if;
    return out;
}

}  // namespace

std::string_view to_string(QuestionType type) {
    for (const auto& [value, name] : kTypeNames) {
        if (value == type) return name;
    }
    return "text";
}

std::optional<QuestionType> question_type_from_string(std::string_view text) {
    for (const auto& [value, name] : kTypeNames) {
        if (name == text) return value;
    }
    return std::nullopt;
}

std::string_view to_string(Trigger::On on) {
    for (const auto& [value, name] : kTriggerNames) {
        if (value == on) return name;
    }
    return "page_load";
}

bool is_scale_type(QuestionType type) {
    return type == QuestionType::nps || type == QuestionType::csat || type == QuestionType::ces || type == QuestionType::rating;
}

const ChoiceOption* Question::find_option(std::string_view option_id) const {
    for (const auto& option : options) {
        if (option.id == option_id) return &option;
    }
    return nullptr;
}

const Question* SurveyDefinition::find_question(std::string_view question_id) const {
    for (const auto& question : questions) {
        if (question.id == question_id) return &question;
    }
    return nullptr;
}

SurveyParse parse_survey(const json& document, SurveyIdRule id_rule) {
    SurveyParse result;
    Problems& problems = result.problems;
    ObjectReader root(document, "", problems, {"id", "version", "title", "questions", "trigger", "throttle"});
    if (!root.is_object()) return result;
    SurveyDefinition survey;
    if (auto id = root.identifier("id", true)) {
        survey.id = *id;
        if (id_rule == SurveyIdRule::site && survey.id.starts_with('_')) {
            root.add("id", Reason::invalid_value, "survey ids that start with \"_\" are reserved for Sada's built-in surveys");
        }
    }
    if (auto version = root.integer("version", true, 1, std::numeric_limits<std::int32_t>::max())) survey.version = *version;
    read_localized(root, "title", true, survey.title, problems);

    const json* questions = root.get("questions");
    if (questions == nullptr) {
        root.add("questions", Reason::missing_field, "a survey needs \"questions\"");
    } else if (!questions->is_array()) {
        root.add("questions", Reason::wrong_type, "expected an array of questions");
    } else if (questions->empty()) {
        root.add("questions", Reason::empty, "a survey needs at least one question");
    } else if (questions->size() > SurveyLimits::max_questions) {
        root.add("questions", Reason::too_long, "at most " + std::to_string(SurveyLimits::max_questions) + " questions");
    } else {
        std::vector<std::string> all_ids;
        for (const json& q : *questions) {
            const auto id = q.is_object() ? q.find("id") : json::const_iterator{};
            all_ids.push_back(q.is_object() && id != q.end() && id->is_string() ? id->get<std::string>() : std::string());
        }
        for (std::size_t i = 0; i < questions->size(); ++i) {
            if (auto q = read_question(questions->at(i), index_path("/questions", i), survey.questions, all_ids, problems)) {
                survey.questions.push_back(std::move(*q));
            }
        }
    }
    if (const json* trigger = root.get("trigger")) survey.trigger = read_trigger(*trigger, "/trigger", problems);
    if (const json* throttle = root.get("throttle")) survey.throttle = read_throttle(*throttle, "/throttle", problems);
    if (problems.empty()) result.survey = std::move(survey);
    return result;
}

SurveyParse parse_survey(std::string_view json_text, SurveyIdRule id_rule) {
    const auto document = parse_json_text(json_text);
    if (!document.ok()) {
        SurveyParse result;
        result.problems.push_back({"", *reason_from_string(document.error().code), document.error().message});
        return result;
    }
    return parse_survey(*document, id_rule);
}

void to_json(json& out, const SurveyDefinition& survey) {
    json questions = json::array();
    for (const auto& q : survey.questions) questions.push_back(question_to_json(q));
    json trigger{{"on", std::string(to_string(survey.trigger.on))},
                 {"delay_seconds", survey.trigger.delay_seconds},
                 {"sample_percent", survey.trigger.sample_percent}};
    if (survey.trigger.on == Trigger::On::event) trigger["event"] = survey.trigger.event;
    if (survey.trigger.on == Trigger::On::scroll) trigger["scroll_percent"] = survey.trigger.scroll_percent;
    if (!survey.trigger.url_include.empty() || !survey.trigger.url_exclude.empty()) {
        trigger["url"] = {{"include", survey.trigger.url_include}, {"exclude", survey.trigger.url_exclude}};
    }
    out = json{{"id", survey.id},
               {"version", survey.version},
               {"title", survey.title},
               {"questions", std::move(questions)},
               {"trigger", std::move(trigger)},
               {"throttle",
                {{"not_again_for_days", survey.throttle.not_again_for_days},
                 {"never_after_completion", survey.throttle.never_after_completion}}}};
}

json question_summary(const SurveyDefinition& survey) {
    json out = json::object();
    for (const auto& question : survey.questions) {
        json entry{{"type", std::string(to_string(question.type))}};
        if (is_scale_type(question.type)) {
            entry["min"] = question.scale.min;
            entry["max"] = question.scale.max;
        }
        out[question.id] = std::move(entry);
    }
    return out;
}

}  // namespace sada
