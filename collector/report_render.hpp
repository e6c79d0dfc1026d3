// The report document (core's build_report, docs/report-format.md) drawn as text for a terminal
// and as CSV for spreadsheets. Every figure comes with its N.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace sada::collector {

std::string render_report_text(const nlohmann::json& report);
// One row per group and metric: section, key, metric, scale, n, value, low, high, mean.
std::string render_report_csv(const nlohmann::json& report);

}  // namespace sada::collector
