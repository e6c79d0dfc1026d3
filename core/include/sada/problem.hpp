// Validation problems: every rule a survey definition or a response breaks, with its JSON path.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sada {

// Why something was refused. Serialised as the snake_case strings below; the wire format of
// the sync protocol and the validators' output rely on these names staying stable.
enum class Reason {
    invalid_json,          // not parseable as JSON (or not UTF-8)
    too_deep,              // JSON nested deeper than kMaxJsonDepth
    wrong_type,            // a value has the wrong JSON type
    missing_field,         // a required member is absent
    unknown_field,         // a member the format does not define (usually a typo)
    invalid_value,         // the value is of the right type but not allowed (bad enum, bad pattern)
    out_of_range,          // a number outside its allowed range
    too_long,              // a string or list longer than allowed
    too_short,             // a string or list shorter than allowed
    empty,                 // an empty string or list where content is needed
    duplicate_id,          // an id used twice where ids must be unique
    unknown_reference,     // a condition refers to a question that does not exist
    forward_reference,     // a condition refers to the same or a later question
    invalid_utf8,          // text that is not valid UTF-8
    unknown_question,      // an answer to a question the survey does not have
    unknown_option,        // a choice that is not one of the question's options
    duplicate_option,      // the same option chosen twice in a multiple choice
    required_missing,      // a required, visible question was not answered
    hidden_question_answered,  // an answer to a question whose show_if was false
    survey_mismatch,       // the response names another survey than the one validated against
    version_mismatch,      // the response was made for another version of the survey
    invalid_id,            // a response id that is not a UUID
    invalid_timestamp,     // a timestamp that is not RFC 3339 or is implausible
    too_many_items,        // a batch larger than the protocol allows
    unknown_survey,        // the server does not know the survey (or it is not active)
};

std::string_view to_string(Reason reason);
std::optional<Reason> reason_from_string(std::string_view text);

struct Problem {
    std::string path;     // JSON Pointer (RFC 6901) to the offending value, "" for the whole document
    Reason reason;
    std::string message;  // human-readable, English
};

using Problems = std::vector<Problem>;

// Unknown members of one object are reported one by one up to this many, then as one count.
inline constexpr std::size_t kMaxUnknownFieldsReported = 10;

// Escapes one reference token for a JSON Pointer ("~" -> "~0", "/" -> "~1").
std::string pointer_token(std::string_view token);

void to_json(nlohmann::json& out, const Problem& problem);

}  // namespace sada
