// The analysts' report over the collector's database: NPS, CSAT and CES with N, distribution and
// 95% intervals, overall and per breakdown (stage, page, device, locale, channel, survey, week,
// month, attr:NAME), and the journey map with its friction points. Built as the stable JSON
// document of docs/report-format.md; the text, CSV and HTML forms are drawn from it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sada/analysis_store.hpp"
#include "sada/result.hpp"

namespace sada {

inline constexpr int kReportFormatVersion = 1;

// Which responses a report or an export covers; unset means no limit.
struct ResponseFilters {
    std::optional<std::string> site;
    std::optional<std::string> survey;
    std::optional<std::int64_t> from_day;  // inclusive, days since 1970-01-01 UTC (utc_day, timestamp.hpp)
    std::optional<std::int64_t> to_day;    // inclusive
};

// The filters as an SQL condition on a table aliased r with columns site, survey_id and day
// (responses or rollups); bind them with bind_response_filters as ?1..?4.
inline constexpr std::string_view kResponseFiltersSql =
    "(?1 IS NULL OR r.site = ?1) AND (?2 IS NULL OR r.survey_id = ?2) AND r.day BETWEEN ?3 AND ?4";
void bind_response_filters(Statement& statement, const ResponseFilters& filters);

struct ReportQuery : ResponseFilters {
    std::vector<std::string> by;  // breakdowns, each reported on its own
    bool exact = false;           // from the raw rows instead of the rollups
    bool scores_only = false;     // no comments or words, and the journey without complaint shares
};

// Whether `by` names a breakdown: stage, page, device, locale, channel, survey, week, month or
// attr:NAME (NAME 1-64 of A-Z a-z 0-9 _ -). Error "invalid_breakdown" otherwise.
Status check_breakdown(std::string_view by);
// Every breakdown of the query is one (check_breakdown), and none is asked for twice.
Status check_breakdowns(const ReportQuery& query);

// Whether the rollups can answer the query (every breakdown is one of survey, stage, device,
// locale, week, month). When they cannot, or query.exact is set, the raw rows are used.
bool rollups_answer(const ReportQuery& query);

// Days since the epoch of "YYYY-MM-DD"; nullopt when it is not a valid date.
std::optional<std::int64_t> parse_day(std::string_view date);
// "2026-01-15", "2026-W03" (ISO 8601 week) and "2026-01" for a day.
std::string iso_date_of_day(std::int64_t day);
std::string iso_week_of_day(std::int64_t day);
std::string month_of_day(std::int64_t day);

// The whole report; with query.scores_only, the scores alone (report_format, source, filters,
// overall, breakdowns, journey with no complaint shares).
Result<nlohmann::json> build_report(AnalysisStore& store, const ReportQuery& query);

// The scores alone from the rollups table of any database that keeps one: the server's
// (response_store.hpp) too. Breakdowns the rollups cannot answer are "invalid_breakdown".
Result<nlohmann::json> build_rollup_report(Database& db, const ReportQuery& query);

}  // namespace sada
