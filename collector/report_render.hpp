// The report document (core's build_report, docs/report-format.md) drawn as text for a terminal
// and as CSV for spreadsheets. Every figure comes with its N.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace sada::collector {

std::string render_report_text(const nlohmann::json& report);

// Pieces the text and HTML forms share: a number by printf pattern, a count, and one metric as
// "+23.4 (±3.1, N=1234)" (NPS) or "81.2% (79.0–83.2, N=1000)" (a box metric), "—" when absent.
std::string format_number(const char* pattern, double value);
std::string count_text(const nlohmann::json& n);
std::string nps_figure(const nlohmann::json& nps);
std::string box_figure(const nlohmann::json& boxes);
// One row per group and metric: section, key, metric, scale, n, value, low, high, mean.
std::string render_report_csv(const nlohmann::json& report);

}  // namespace sada::collector
