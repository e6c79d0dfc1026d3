// The report's "customers' words" section (internal to core/src/report.cpp): category and
// sentiment shares, top terms and two-word phrases overall, per category and for detractors vs
// promoters, the most frequent questions with near-duplicates grouped.
#pragma once

#include <nlohmann/json.hpp>

#include "sada/analysis_store.hpp"
#include "sada/report.hpp"
#include "sada/result.hpp"

namespace sada {

// At most this many texts (the newest matching the filters) feed the terms and the questions;
// the category and sentiment shares count every text.
inline constexpr int kWordsTextLimit = 50000;

Result<nlohmann::json> words_section(AnalysisStore& store, const ReportQuery& query);

}  // namespace sada
