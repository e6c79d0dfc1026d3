// show_if conditions: rules over earlier answers that decide whether a question is shown.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sada {

enum class ConditionOp {
    eq, neq, lt, lte, gt, gte,  // compare a score (or a single choice with eq/neq)
    in, not_in,                 // the answer is / is not one of a list of scores or option ids
    includes, excludes,         // a multiple-choice answer contains / lacks an option id
    answered, not_answered,     // any question type
};

std::string_view to_string(ConditionOp op);
std::optional<ConditionOp> condition_op_from_string(std::string_view text);

// Either a comparison on one earlier question, or all/any/not over nested conditions.
struct Condition {
    enum class Kind { compare, all, any, negate };
    Kind kind = Kind::compare;
    std::string question;          // compare only
    ConditionOp op = ConditionOp::answered;
    nlohmann::json value;          // compare only: a number, an option id, or an array of them
    std::vector<Condition> children;  // all / any (one or more), negate (exactly one)
};

// Whether `answers` (question id -> answer value) satisfies the condition. A comparison on a
// question without an answer is false, except not_answered (true) and excludes (true).
bool evaluate(const Condition& condition, const nlohmann::json& answers);

// True when the answer value counts as answered: not null, not an empty or blank string,
// not an empty array.
bool is_answered(const nlohmann::json& value);

void to_json(nlohmann::json& out, const Condition& condition);

}  // namespace sada
