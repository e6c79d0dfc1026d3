// Evaluation and JSON form of show_if conditions (parsing lives with the survey validator).
#include "sada/condition.hpp"

#include "json_reader.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace sada {
namespace {

constexpr std::array<std::pair<ConditionOp, std::string_view>, 12> kOpNames{{
    {ConditionOp::eq, "eq"}, {ConditionOp::neq, "neq"}, {ConditionOp::lt, "lt"}, {ConditionOp::lte, "lte"},
    {ConditionOp::gt, "gt"}, {ConditionOp::gte, "gte"}, {ConditionOp::in, "in"}, {ConditionOp::not_in, "not_in"},
    {ConditionOp::includes, "includes"}, {ConditionOp::excludes, "excludes"},
    {ConditionOp::answered, "answered"}, {ConditionOp::not_answered, "not_answered"},
}};

bool same_scalar(const nlohmann::json& a, const nlohmann::json& b) {
    if (a.is_string() && b.is_string()) return a.get_ref<const std::string&>() == b.get_ref<const std::string&>();
    const auto x = detail::as_integer(a);
    const auto y = detail::as_integer(b);
    return x && y && *x == *y;
}

bool compare(const Condition& condition, const nlohmann::json& answers) {
    const auto it = answers.is_object() ? answers.find(condition.question) : answers.end();
    const bool answered = answers.is_object() && it != answers.end() && is_answered(*it);
    switch (condition.op) {
        case ConditionOp::answered: return answered;
        case ConditionOp::not_answered: return !answered;
        default: break;
    }
    if (!answered) return condition.op == ConditionOp::excludes;
    const nlohmann::json& answer = *it;
    const auto contains = [](const nlohmann::json& list, const nlohmann::json& item) {
        return list.is_array() && std::any_of(list.begin(), list.end(),
                                              [&](const nlohmann::json& x) { return same_scalar(x, item); });
    };
    switch (condition.op) {
        case ConditionOp::eq: return same_scalar(answer, condition.value);
        case ConditionOp::neq: return !same_scalar(answer, condition.value);
        case ConditionOp::in: return contains(condition.value, answer);
        case ConditionOp::not_in: return !contains(condition.value, answer);
        case ConditionOp::includes: return contains(answer, condition.value);
        case ConditionOp::excludes: return !contains(answer, condition.value);
        default: break;
    }
    const auto a = detail::as_integer(answer);
    const auto b = detail::as_integer(condition.value);
    if (!a || !b) return false;
    switch (condition.op) {
        case ConditionOp::lt: return *a < *b;
        case ConditionOp::lte: return *a <= *b;
        case ConditionOp::gt: return *a > *b;
        case ConditionOp::gte: return *a >= *b;
        default: return false;
    }
}

}  // namespace

std::string_view to_string(ConditionOp op) {
    for (const auto& [value, name] : kOpNames) {
        if (value == op) return name;
    }
    return "answered";
}

std::optional<ConditionOp> condition_op_from_string(std::string_view text) {
    for (const auto& [value, name] : kOpNames) {
        if (name == text) return value;
    }
    return std::nullopt;
}

bool is_answered(const nlohmann::json& value) {
    if (value.is_null()) return false;
    if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        return text.find_first_not_of(" \t\r\n") != std::string::npos;
    }
    if (value.is_array()) return !value.empty();
    return true;
}

bool evaluate(const Condition& condition, const nlohmann::json& answers) {
    switch (condition.kind) {
        case Condition::Kind::compare: return compare(condition, answers);
        case Condition::Kind::all:
            return std::all_of(condition.children.begin(), condition.children.end(),
                               [&](const Condition& child) { return evaluate(child, answers); });
        case Condition::Kind::any:
            return std::any_of(condition.children.begin(), condition.children.end(),
                               [&](const Condition& child) { return evaluate(child, answers); });
        case Condition::Kind::negate:
            return !condition.children.empty() && !evaluate(condition.children.front(), answers);
    }
    return false;
}

void to_json(nlohmann::json& out, const Condition& condition) {
    switch (condition.kind) {
        case Condition::Kind::compare:
            out = {{"question", condition.question}, {"op", std::string(to_string(condition.op))}};
            if (!condition.value.is_null()) out["value"] = condition.value;
            return;
        case Condition::Kind::all: out = {{"all", condition.children}}; return;
        case Condition::Kind::any: out = {{"any", condition.children}}; return;
        case Condition::Kind::negate:
            out = {{"not", condition.children.empty() ? nlohmann::json() : nlohmann::json(condition.children.front())}};
            return;
    }
}

}  // namespace sada
