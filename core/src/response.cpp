// Parsing responses from untrusted JSON and validating their answers against a survey definition.
#include "sada/response.hpp"

#include "json_reader.hpp"
#include "sada/response_id.hpp"
#include "sada/timestamp.hpp"

#include <algorithm>
#include <limits>
#include <set>

namespace sada {
namespace {

using detail::ObjectReader;
using nlohmann::json;

constexpr std::array<std::string_view, 5> kStageNames{"awareness", "research", "pre-purchase", "purchase",
                                                      "post-purchase"};

void read_context(const json& value, const std::string& path, ResponseContext& context, Problems& problems) {
    ObjectReader reader(value, path, problems, {"page", "stage", "device", "locale", "channel", "visitor", "attributes"});
    if (!reader.is_object()) return;
    if (auto page = reader.string("page", false, ResponseLimits::max_page, true)) context.page = *page;
    if (auto stage = reader.string("stage", false, ResponseLimits::max_token, true)) {
        if (!stage->empty() && !journey_stage_from_string(*stage)) {
            reader.add("stage", Reason::invalid_value,
                       "\"" + *stage + "\" is not one of awareness, research, pre-purchase, purchase, post-purchase");
        } else {
            context.stage = *stage;
        }
    }
    if (auto device = reader.string("device", false, ResponseLimits::max_token, true)) context.device = *device;
    if (auto locale = reader.string("locale", false, ResponseLimits::max_token, true)) {
        if (!locale->empty() && !detail::is_language_tag(*locale)) {
            reader.add("locale", Reason::invalid_value, "\"" + *locale + "\" is not a language tag such as \"fa\" or \"en-GB\"");
        } else {
            context.locale = *locale;
        }
    }
    if (auto channel = reader.string("channel", false, ResponseLimits::max_token, true)) context.channel = *channel;
    if (auto visitor = reader.string("visitor", false, ResponseLimits::max_visitor, true)) context.visitor = *visitor;
    if (const json* attributes = reader.get("attributes")) {
        ObjectReader attrs(*attributes, reader.member_path("attributes"), problems);
        if (!attrs.is_object()) return;
        if (attributes->size() > ResponseLimits::max_attributes) {
            reader.add("attributes", Reason::too_long,
                       "at most " + std::to_string(ResponseLimits::max_attributes) + " attributes");
            return;
        }
        const std::size_t before = problems.size();
        for (const auto& [name, attribute] : attributes->items()) {
            if (!detail::is_identifier(name)) {
                attrs.add(name, Reason::invalid_value, "attribute names use 1-64 of A-Z a-z 0-9 _ -");
            } else if (attribute.is_string()) {
                detail::read_string(attribute, attrs.member_path(name), problems, ResponseLimits::max_attribute_text, true);
            } else if (!attribute.is_number() && !attribute.is_boolean()) {
                attrs.add(name, Reason::wrong_type, "attribute values are strings, numbers or booleans");
            }
        }
        if (problems.size() == before) context.attributes = *attributes;
    }
}

// An answer is null, a boolean, a number, a string, or a flat array of strings and numbers.
// Anything deeper is refused before it is copied (copying nested JSON recurses).
bool has_answer_shape(const json& answer) {
    if (!answer.is_array()) return !answer.is_object();
    return std::all_of(answer.begin(), answer.end(), [](const json& item) { return item.is_string() || item.is_number(); });
}

// Problems of one answer to `question`; `path` points at the answer.
void check_answer(const Question& question, const json& answer, const std::string& path, Problems& problems) {
    if (is_scale_type(question.type)) {
        const auto score = answer.is_number() ? detail::as_integer(answer) : std::nullopt;
        if (!score) {
            problems.push_back({path, Reason::wrong_type, "expected a whole number on the scale " +
                                                              std::to_string(question.scale.min) + ".." +
                                                              std::to_string(question.scale.max)});
        } else if (!question.scale.contains(*score)) {
            problems.push_back({path, Reason::out_of_range, std::to_string(*score) + " is outside the scale " +
                                                                std::to_string(question.scale.min) + ".." +
                                                                std::to_string(question.scale.max)});
        }
        return;
    }
    switch (question.type) {
        case QuestionType::single_choice:
            if (!answer.is_string()) {
                problems.push_back({path, Reason::wrong_type, "expected an option id"});
            } else if (question.find_option(answer.get_ref<const std::string&>()) == nullptr) {
                problems.push_back({path, Reason::unknown_option, "\"" + answer.get<std::string>() + "\" is not an option"});
            }
            return;
        case QuestionType::multi_choice: {
            if (!answer.is_array()) {
                problems.push_back({path, Reason::wrong_type, "expected an array of option ids"});
                return;
            }
            if (answer.size() > question.options.size()) {  // also bounds the per-choice problems below
                problems.push_back({path, Reason::too_long, "choose at most " + std::to_string(question.max_choices)});
                return;
            }
            std::set<std::string, std::less<>> seen;
            for (std::size_t i = 0; i < answer.size(); ++i) {
                const json& choice = answer[i];
                const std::string where = path + "/" + std::to_string(i);
                if (!choice.is_string()) {
                    problems.push_back({where, Reason::wrong_type, "expected an option id"});
                } else if (question.find_option(choice.get_ref<const std::string&>()) == nullptr) {
                    problems.push_back({where, Reason::unknown_option, "\"" + choice.get<std::string>() + "\" is not an option"});
                } else if (!seen.insert(choice.get<std::string>()).second) {
                    problems.push_back({where, Reason::duplicate_option, "\"" + choice.get<std::string>() + "\" is chosen twice"});
                }
            }
            const auto count = static_cast<int>(answer.size());
            if (count > 0 && count < question.min_choices) {  // an empty list means "skipped"
                problems.push_back({path, Reason::too_short, "choose at least " + std::to_string(question.min_choices)});
            } else if (count > question.max_choices) {
                problems.push_back({path, Reason::too_long, "choose at most " + std::to_string(question.max_choices)});
            }
            return;
        }
        case QuestionType::text:
            detail::read_string(answer, path, problems, static_cast<std::size_t>(question.max_length), true);
            return;
        default: return;
    }
}

}  // namespace

std::string_view to_string(JourneyStage stage) { return kStageNames[static_cast<std::size_t>(stage)]; }

std::optional<JourneyStage> journey_stage_from_string(std::string_view text) {
    for (std::size_t i = 0; i < kStageNames.size(); ++i) {
        if (kStageNames[i] == text) return kJourneyStages[i];
    }
    return std::nullopt;
}

namespace {

// `steal`: the caller gave up `document`, so answers and attributes are moved out, not copied.
ResponseParse parse_response_impl(const json& document, bool steal) {
    ResponseParse result;
    Problems& problems = result.problems;
    ObjectReader root(document, "", problems, {"id", "survey_id", "survey_version", "submitted_at", "answers", "context"});
    if (!root.is_object()) return result;
    Response response;
    if (auto id = root.string("id", true, 36)) {
        if (!is_uuid(*id)) root.add("id", Reason::invalid_id, "expected a UUID such as 0193a5c2-7b4e-7c3d-9f10-2a3b4c5d6e7f");
        else response.id = canonical_uuid(*id);
    }
    if (auto survey_id = root.identifier("survey_id", true)) response.survey_id = *survey_id;
    if (auto version = root.integer("survey_version", true, 1, std::numeric_limits<std::int32_t>::max())) {
        response.survey_version = *version;
    }
    if (auto submitted_at = root.string("submitted_at", true, 40)) {
        const auto ms = parse_rfc3339_ms(*submitted_at);
        if (!ms) {
            root.add("submitted_at", Reason::invalid_timestamp, "expected an RFC 3339 time such as 2026-11-23T04:46:29.123Z");
        } else {
            response.submitted_at = *submitted_at;
            response.submitted_at_ms = *ms;
        }
    }
    if (const json* answers = root.lookup("answers", true)) {
        ObjectReader answer_reader(*answers, "/answers", problems);
        if (answer_reader.is_object()) {
            const std::size_t before = problems.size();
            if (answers->size() > ResponseLimits::max_answers) {
                root.add("answers", Reason::too_long, "at most " + std::to_string(ResponseLimits::max_answers) + " answers");
            } else {
                for (const auto& [question_id, answer] : answers->items()) {
                    if (!has_answer_shape(answer)) {
                        answer_reader.add(question_id, Reason::wrong_type,
                                          "an answer is a number, a string, or a list of option ids");
                    }
                }
            }
            if (problems.size() == before) {
                response.answers = steal ? std::move(const_cast<json&>(*answers)) : *answers;
            }
        }
    }
    if (const json* context = root.get("context")) read_context(*context, "/context", response.context, problems);
    if (problems.empty()) result.response = std::move(response);
    return result;
}

}  // namespace

ResponseParse parse_response(const json& document) { return parse_response_impl(document, false); }

ResponseParse parse_response(json&& document) { return parse_response_impl(document, true); }

Problems validate_response(const Response& response, const SurveyDefinition& survey) {
    Problems problems;
    if (response.survey_id != survey.id) {
        problems.push_back({"/survey_id", Reason::survey_mismatch, "the response is for \"" + response.survey_id +
                                                                       "\", not \"" + survey.id + "\""});
        return problems;
    }
    if (response.survey_version != survey.version) {
        problems.push_back({"/survey_version", Reason::version_mismatch,
                            "made for version " + std::to_string(response.survey_version) + ", the survey is at version " +
                                std::to_string(survey.version)});
        return problems;
    }
    for (const auto& [question_id, answer] : response.answers.items()) {
        if (survey.find_question(question_id) == nullptr) {
            problems.push_back({"/answers/" + pointer_token(question_id), Reason::unknown_question,
                                "the survey has no question \"" + question_id + "\""});
        }
    }
    for (const Question& question : survey.questions) {
        const std::string path = "/answers/" + pointer_token(question.id);
        const auto it = response.answers.find(question.id);
        const bool present = it != response.answers.end() && !it->is_null();
        const bool answered = present && is_answered(*it);
        // Every value is checked, even one that counts as skipped (blank text, empty list), so
        // nothing unchecked is ever stored.
        if (present) check_answer(question, *it, path, problems);
        const bool visible = !question.show_if || evaluate(*question.show_if, response.answers);
        if (!visible) {
            if (answered) {
                problems.push_back({path, Reason::hidden_question_answered, "answered although its show_if was false"});
            }
            continue;
        }
        if (!answered && question.required) problems.push_back({path, Reason::required_missing, "this question is required"});
    }
    return problems;
}

std::int64_t effective_time_ms(const Response& response, std::int64_t received_at_ms) {
    const bool plausible = response.submitted_at_ms >= ResponseLimits::earliest_submitted_at_ms &&
                           response.submitted_at_ms <= received_at_ms + ResponseLimits::max_clock_skew_ms;
    return plausible ? response.submitted_at_ms : received_at_ms;
}

void to_json(json& out, const ResponseContext& context) {
    out = json::object();
    const std::pair<const char*, const std::string*> fields[] = {
        {"page", &context.page},       {"stage", &context.stage},     {"device", &context.device},
        {"locale", &context.locale},   {"channel", &context.channel}, {"visitor", &context.visitor},
    };
    for (const auto& [name, value] : fields) {
        if (!value->empty()) out[name] = *value;
    }
    if (context.attributes.is_object() && !context.attributes.empty()) out["attributes"] = context.attributes;
}

void to_json(json& out, const Response& response) {
    out = json{{"id", response.id},
               {"survey_id", response.survey_id},
               {"survey_version", response.survey_version},
               {"submitted_at", response.submitted_at},
               {"answers", response.answers},
               {"context", response.context}};
}

}  // namespace sada
