// The report as one self-contained HTML file: figures with their N, inline SVG charts (NPS over
// time, score distributions, happy/neutral/unhappy by journey stage) and the customers' words.
// Every text from the data is escaped, shown with dir="auto" (Persian right to left), and a
// Content-Security-Policy that allows no script at all backs that up.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace sada::collector {

std::string html_escape(std::string_view text);
std::string render_report_html(const nlohmann::json& report);

}  // namespace sada::collector
