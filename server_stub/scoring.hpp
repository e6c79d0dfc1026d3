// What the server counts into its rollups for each response: the scale answers (by its survey's
// definition in the sites file) and the stage, device and locale they count under.
#pragma once

#include "sada/response.hpp"
#include "sada/response_store.hpp"
#include "sada/survey.hpp"
#include "sites.hpp"

#include <functional>

namespace sada::server {

// Fills row.scores, row.stage, row.device and row.locale from a validated response.
void score_response(StoredResponse& row, const Response& response, const SurveyDefinition& survey);

// For responses stored before the server kept rollups (ResponseStore::score_unscored): reads the
// stored body and finds its survey in the sites file. A response whose site or survey version the
// file no longer defines gets no scores (as its export line gets "questions": null).
std::function<void(StoredResponse&)> stored_response_scorer(const SitesConfig& sites);

}  // namespace sada::server
