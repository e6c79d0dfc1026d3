// Score answers from a response's answers, and counting them into the rollups (see rollups.hpp).
#include "sada/rollups.hpp"

#include "sada/metrics.hpp"
#include "sada/survey.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace sada {
namespace {

using nlohmann::json;

// The scale answer for one question, when the summary says it has a scale and the value fits.
std::optional<ScoreAnswer> score_of(const std::string& question_id, const json& answer, const json& summary) {
    if (!summary.is_object()) return std::nullopt;
    const auto type = summary.find("type");
    const auto min = summary.find("min");
    const auto max = summary.find("max");
    if (type == summary.end() || !type->is_string() || min == summary.end() || max == summary.end() ||
        !min->is_number_integer() || !max->is_number_integer()) {
        return std::nullopt;
    }
    const auto question_type = question_type_from_string(type->get_ref<const std::string&>());
    if (!question_type || !is_scale_type(*question_type)) return std::nullopt;
    const auto value = score_from_json(answer);
    const auto low = min->get<std::int64_t>();
    const auto high = max->get<std::int64_t>();
    if (!value || *value < low || *value > high || low < -1000 || high > 1000) return std::nullopt;
    return ScoreAnswer{question_id, std::string(to_string(*question_type)), static_cast<int>(*value),
                       static_cast<int>(low), static_cast<int>(high)};
}

}  // namespace

std::vector<ScoreAnswer> score_answers(const json& answers, const json& questions) {
    std::vector<ScoreAnswer> scores;
    if (!answers.is_object() || !questions.is_object()) return scores;
    for (const auto& [question_id, answer] : answers.items()) {
        const auto summary = questions.find(question_id);
        if (summary == questions.end()) continue;
        if (auto score = score_of(question_id, answer, *summary)) scores.push_back(std::move(*score));
    }
    return scores;
}

Result<RollupCounter> RollupCounter::prepare(Database& db) {
    Result<Statement> upsert = db.prepare(
        "INSERT INTO rollups (day, site, survey_id, stage, device, locale, kind, scale_min, scale_max, value, count) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
        "ON CONFLICT DO UPDATE SET count = count + excluded.count");
    if (!upsert) return upsert.error();
    return RollupCounter(std::move(upsert).value());
}

Status RollupCounter::add(const RollupKey& key, const ScoreAnswer& score, std::int64_t delta) {
    upsert_.reset();
    upsert_.bind_int64(1, key.day).bind_text(2, key.site).bind_text(3, key.survey_id).bind_text(4, key.stage)
        .bind_text(5, key.device).bind_text(6, key.locale).bind_text(7, score.kind).bind_int64(8, score.scale_min)
        .bind_int64(9, score.scale_max).bind_int64(10, score.value).bind_int64(11, delta);
    return upsert_.run();
}

Status RollupCounter::drop_empty_cells(Database& db, std::string_view site) {
    Result<Statement> drop = db.prepare("DELETE FROM rollups WHERE site = ?1 AND count <= 0");
    if (!drop) return drop.error();
    drop->bind_text(1, site);
    return drop->run();
}

}  // namespace sada
