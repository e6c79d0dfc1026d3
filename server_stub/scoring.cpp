// Scores and rollup context of responses, as they arrive and for those stored before rollups.
#include "scoring.hpp"

#include "sada/rollups.hpp"

#include <nlohmann/json.hpp>

namespace sada::server {

void score_response(StoredResponse& row, const Response& response, const SurveyDefinition& survey) {
    row.scores = score_answers(response.answers, question_summary(survey));
    row.stage = response.context.stage;
    row.device = response.context.device;
    row.locale = response.context.locale;
}

std::function<void(StoredResponse&)> stored_response_scorer(const SitesConfig& sites) {
    return [&sites](StoredResponse& row) {
        const Site* site = sites.find(row.site);
        if (site == nullptr) return;
        const SurveyDefinition* survey = site->find_survey(row.survey_id, row.survey_version);
        if (survey == nullptr) return;
        ResponseParse parsed = parse_response(nlohmann::json::parse(row.body, nullptr, false));
        if (!parsed.ok()) return;
        score_response(row, *parsed.response, *survey);
    };
}

}  // namespace sada::server
