// Names of validation reasons and the JSON form of a Problem.
#include "sada/problem.hpp"

#include <array>
#include <utility>

namespace sada {
namespace {

constexpr std::array<std::pair<Reason, std::string_view>, 25> kReasonNames{{
    {Reason::invalid_json, "invalid_json"},
    {Reason::too_deep, "too_deep"},
    {Reason::wrong_type, "wrong_type"},
    {Reason::missing_field, "missing_field"},
    {Reason::unknown_field, "unknown_field"},
    {Reason::invalid_value, "invalid_value"},
    {Reason::out_of_range, "out_of_range"},
    {Reason::too_long, "too_long"},
    {Reason::too_short, "too_short"},
    {Reason::empty, "empty"},
    {Reason::duplicate_id, "duplicate_id"},
    {Reason::unknown_reference, "unknown_reference"},
    {Reason::forward_reference, "forward_reference"},
    {Reason::invalid_utf8, "invalid_utf8"},
    {Reason::unknown_question, "unknown_question"},
    {Reason::unknown_option, "unknown_option"},
    {Reason::duplicate_option, "duplicate_option"},
    {Reason::required_missing, "required_missing"},
    {Reason::hidden_question_answered, "hidden_question_answered"},
    {Reason::survey_mismatch, "survey_mismatch"},
    {Reason::version_mismatch, "version_mismatch"},
    {Reason::invalid_id, "invalid_id"},
    {Reason::invalid_timestamp, "invalid_timestamp"},
    {Reason::too_many_items, "too_many_items"},
    {Reason::unknown_survey, "unknown_survey"},
}};

}  // namespace

std::string_view to_string(Reason reason) {
    for (const auto& [value, name] : kReasonNames) {
        if (value == reason) return name;
    }
    return "invalid_value";
}

std::optional<Reason> reason_from_string(std::string_view text) {
    for (const auto& [value, name] : kReasonNames) {
        if (name == text) return value;
    }
    return std::nullopt;
}

std::string pointer_token(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

void to_json(nlohmann::json& out, const Problem& problem) {
    out = nlohmann::json{{"path", problem.path},
                         {"reason", std::string(to_string(problem.reason))},
                         {"message", problem.message}};
}

}  // namespace sada
