// The self-contained HTML report (see report_html.hpp).
#include "report_html.hpp"

#include "report_render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

namespace sada::collector {
namespace {

using nlohmann::json;

std::string num(double value, const char* pattern = "%.1f") { return format_number(pattern, value); }
std::string count(const json& n) { return count_text(n); }
std::string nps_text(const json& nps) { return nps_figure(nps); }
std::string box_text(const json& boxes) { return box_figure(boxes); }

// A bar chart of a distribution: one bar per scale point, labelled below, counts above.
std::string histogram(const std::string& title, const json& distribution, int first_value) {
    if (!distribution.is_array() || distribution.empty()) return "";
    const double width = 320, height = 150, top = 18, bottom = 20;
    long long most = 1;
    for (const json& c : distribution) most = std::max(most, c.get<long long>());
    const double bar = width / static_cast<double>(distribution.size());
    std::string svg = "<figure><figcaption>" + html_escape(title) + "</figcaption><svg viewBox=\"0 0 320 150\" role=\"img\" aria-label=\"" +
                      html_escape(title) + "\">";
    for (std::size_t i = 0; i < distribution.size(); ++i) {
        const double c = static_cast<double>(distribution[i].get<long long>());
        const double h = (height - top - bottom) * c / static_cast<double>(most);
        const double x = bar * static_cast<double>(i);
        svg += "<rect class=\"bar\" x=\"" + num(x + 2) + "\" y=\"" + num(height - bottom - h) + "\" width=\"" + num(bar - 4) +
               "\" height=\"" + num(h) + "\"/>";
        svg += "<text x=\"" + num(x + bar / 2) + "\" y=\"" + num(height - 6) + "\">" + std::to_string(first_value + static_cast<int>(i)) + "</text>";
        if (c > 0) {
            svg += "<text class=\"small\" x=\"" + num(x + bar / 2) + "\" y=\"" + num(height - bottom - h - 4) + "\">" +
                   count(distribution[i]) + "</text>";
        }
    }
    return svg + "</svg></figure>";
}

// The trend: NPS (or else CSAT %) per week or month, with its 95% interval as whiskers.
std::string trend_chart(const json& report) {
    const json* trend = nullptr;
    for (const json& breakdown : report["breakdowns"]) {
        if (breakdown["by"] == "month" || breakdown["by"] == "week") trend = &breakdown;
    }
    if (trend == nullptr || (*trend)["groups"].size() < 2) return "";
    struct Point { std::string key; double value, low, high; };
    std::vector<Point> points;
    bool nps = std::any_of((*trend)["groups"].begin(), (*trend)["groups"].end(), [](const json& g) { return !g["nps"].is_null(); });
    for (const json& g : (*trend)["groups"]) {
        if (nps && !g["nps"].is_null()) {
            points.push_back({g["key"], g["nps"]["nps"].get<double>(), g["nps"]["interval"][0].get<double>(), g["nps"]["interval"][1].get<double>()});
        } else if (!nps && !g["csat"].empty()) {
            const json& c = g["csat"][0];
            points.push_back({g["key"], c["percent"].get<double>(), c["percent_interval"][0].get<double>(), c["percent_interval"][1].get<double>()});
        }
    }
    if (points.size() < 2) return "";
    double low = points[0].low, high = points[0].high;
    for (const Point& p : points) low = std::min(low, p.low), high = std::max(high, p.high);
    low = std::floor(low / 10) * 10;
    high = std::ceil(high / 10) * 10;
    if (high - low < 10) high = low + 10;
    const double left = 40, right = 630, top = 10, bottom = 200;
    const auto x = [&](std::size_t i) { return left + (right - left) * static_cast<double>(i) / static_cast<double>(points.size() - 1); };
    const auto y = [&](double v) { return bottom - (bottom - top) * (v - low) / (high - low); };
    const std::string what = nps ? "NPS" : "CSAT %";
    std::string svg = "<figure class=\"wide\"><figcaption>" + what + " by " + html_escape((*trend)["by"].get<std::string>()) +
                      ", with 95% intervals</figcaption><svg viewBox=\"0 0 640 230\" role=\"img\" aria-label=\"" + what + " over time\">";
    for (double v : {low, (low + high) / 2, high}) {
        svg += "<line class=\"grid\" x1=\"" + num(left) + "\" x2=\"" + num(right) + "\" y1=\"" + num(y(v)) + "\" y2=\"" + num(y(v)) + "\"/>";
        svg += "<text class=\"axis\" x=\"" + num(left - 6) + "\" y=\"" + num(y(v) + 4) + "\">" + num(v, "%.0f") + "</text>";
    }
    std::string line;
    for (std::size_t i = 0; i < points.size(); ++i) {
        svg += "<line class=\"whisker\" x1=\"" + num(x(i)) + "\" x2=\"" + num(x(i)) + "\" y1=\"" + num(y(points[i].low)) + "\" y2=\"" +
               num(y(points[i].high)) + "\"/>";
        line += (i ? " " : "") + num(x(i)) + "," + num(y(points[i].value));
    }
    svg += "<polyline class=\"trend\" points=\"" + line + "\"/>";
    for (std::size_t i = 0; i < points.size(); ++i) {
        svg += "<circle cx=\"" + num(x(i)) + "\" cy=\"" + num(y(points[i].value)) + "\" r=\"3.5\"><title>" + html_escape(points[i].key) +
               ": " + num(points[i].value) + "</title></circle>";
    }
    svg += "<text class=\"label\" x=\"" + num(left) + "\" y=\"222\">" + html_escape(points.front().key) + "</text>";
    svg += "<text class=\"axis\" x=\"" + num(right) + "\" y=\"222\">" + html_escape(points.back().key) + "</text>";
    return svg + "</svg></figure>";
}

// Happy / neutral / unhappy shares of one stage: NPS promoters, passives, detractors; for a box
// metric the box, the point just below it, and the rest.
bool stage_shares(const json& stage, double& happy, double& neutral, double& unhappy, std::string& basis) {
    if (!stage["nps"].is_null()) {
        const double n = stage["nps"]["n"].get<double>();
        happy = stage["nps"]["promoters"].get<double>() / n;
        neutral = stage["nps"]["passives"].get<double>() / n;
        unhappy = stage["nps"]["detractors"].get<double>() / n;
        basis = "NPS";
        return true;
    }
    for (const char* kind : {"csat", "ces", "rating"}) {
        if (stage[kind].empty()) continue;
        const json& box = stage[kind][0];
        const double n = box["n"].get<double>();
        const int from = box["box_from"].get<int>() - box["scale"]["min"].get<int>();
        const json& d = box["distribution"];
        double in = 0, middle = 0, rest = 0;
        for (int i = 0; i < static_cast<int>(d.size()); ++i) {
            (i >= from ? in : i == from - 1 ? middle : rest) += d[static_cast<std::size_t>(i)].get<double>();
        }
        happy = in / n, neutral = middle / n, unhappy = rest / n;
        basis = std::string_view(kind) == "csat" ? "CSAT" : std::string_view(kind) == "ces" ? "CES" : "rating";
        return true;
    }
    return false;
}

std::string stacked_by_stage(const json& journey) {
    std::string svg = "<figure class=\"wide\"><figcaption>Happy, neutral and unhappy answers by journey stage (NPS: promoters, "
                      "passives, detractors; CSAT and CES: the box, the point below it, the rest)</figcaption>"
                      "<svg viewBox=\"0 0 640 200\" role=\"img\" aria-label=\"answers by journey stage\">";
    double y = 8;
    for (const json& stage : journey["stages"]) {
        double happy = 0, neutral = 0, unhappy = 0;
        std::string basis;
        svg += "<text class=\"label\" x=\"0\" y=\"" + num(y + 20) + "\">" + html_escape(stage["stage"].get<std::string>()) + "</text>";
        if (stage_shares(stage, happy, neutral, unhappy, basis)) {
            double x = 130;
            const double width = 440;
            for (const auto& [share, css] : {std::pair{happy, "happy"}, std::pair{neutral, "neutral"}, std::pair{unhappy, "unhappy"}}) {
                svg += "<rect class=\"" + std::string(css) + "\" x=\"" + num(x) + "\" y=\"" + num(y + 6) + "\" width=\"" + num(width * share) +
                       "\" height=\"22\"><title>" + num(100 * share) + "%</title></rect>";
                if (share >= 0.08) svg += "<text class=\"in\" x=\"" + num(x + width * share / 2) + "\" y=\"" + num(y + 21) + "\">" + num(100 * share, "%.0f") + "%</text>";
                x += width * share;
            }
            svg += "<text class=\"label\" x=\"580\" y=\"" + num(y + 21) + "\">" + basis + "</text>";
        } else {
            svg += "<text class=\"label\" x=\"130\" y=\"" + num(y + 21) + "\">no scores</text>";
        }
        y += 38;
    }
    return svg + "</svg></figure>";
}

// Horizontal bars with a label and a count each (category shares, top terms).
std::string bars(const std::string& title, const std::vector<std::pair<std::string, long long>>& items) {
    if (items.empty()) return "";
    long long most = 1;
    for (const auto& item : items) most = std::max(most, item.second);
    const double row = 22;
    std::string svg = "<figure><figcaption>" + html_escape(title) + "</figcaption><svg viewBox=\"0 0 320 " +
                      num(row * static_cast<double>(items.size()) + 4) + "\" role=\"img\" aria-label=\"" + html_escape(title) + "\">";
    double y = 2;
    for (const auto& [label, n] : items) {
        const double width = 170.0 * static_cast<double>(n) / static_cast<double>(most);
        svg += "<text class=\"label\" x=\"0\" y=\"" + num(y + 14) + "\" direction=\"ltr\">" + html_escape(label) + "</text>";
        svg += "<rect class=\"bar\" x=\"120\" y=\"" + num(y + 3) + "\" width=\"" + num(width) + "\" height=\"15\"/>";
        svg += "<text class=\"label\" x=\"" + num(124 + width) + "\" y=\"" + num(y + 14) + "\">" + std::to_string(n) + "</text>";
        y += row;
    }
    return svg + "</svg></figure>";
}

std::vector<std::pair<std::string, long long>> top_items(const json& list, const char* key) {
    std::vector<std::pair<std::string, long long>> items;
    for (const json& item : list) items.emplace_back(item[key].get<std::string>(), item["n"].get<long long>());
    return items;
}

std::string words_html(const json& words) {
    std::string html = "<h2>Categories, terms and questions</h2><p class=\"meta\">Terms and phrases from the newest " +
                       count(words["texts_analysed"]) + " texts, each counted once per text.</p>";
    std::vector<std::pair<std::string, long long>> categories;
    for (const json& c : words["categories"]) categories.emplace_back(c["category"].get<std::string>(), c["n"].get<long long>());
    html += bars("Texts by category", categories);
    html += bars("Top terms", top_items(words["overall"]["terms"], "term"));
    html += bars("Top two-word phrases", top_items(words["overall"]["phrases"], "phrase"));
    html += bars("What detractors say", top_items(words["detractors"]["terms"], "term"));
    html += bars("What promoters say", top_items(words["promoters"]["terms"], "term"));
    if (!words["questions"].empty()) {
        html += "<h3>Most frequent questions</h3><ol>";
        for (const json& q : words["questions"]) {
            html += "<li><span dir=\"auto\">" + html_escape(q["text"].get<std::string>()) + "</span> <span class=\"meta\">(" + count(q["n"]) + ")</span></li>";
        }
        html += "</ol>";
    }
    for (const auto& [category, top] : words["by_category"].items()) {
        if (top["samples"].empty()) continue;
        html += "<h3>" + html_escape(category) + "</h3>";
        for (const json& term : top["terms"]) html += "<span class=\"term\" dir=\"auto\">" + html_escape(term["term"].get<std::string>()) + "</span> ";
        for (const json& sample : top["samples"]) html += "<blockquote dir=\"auto\">" + html_escape(sample.get<std::string>()) + "</blockquote>";
    }
    return html;
}

std::string figures_row(const std::string& key, const json& figures, bool flagged = false) {
    return std::string("<tr") + (flagged ? " class=\"friction\"" : "") + "><th scope=\"row\" dir=\"auto\">" + html_escape(key) + "</th><td>" +
           nps_text(figures["nps"]) + "</td><td>" + box_text(figures["csat"]) + "</td><td>" + box_text(figures["ces"]) + "</td></tr>";
}

constexpr std::string_view kStyle = R"(
body{font:15px/1.5 system-ui,"Vazirmatn","Noto Sans Arabic",Tahoma,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #dde2e8}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:start;padding:.3rem .6rem;border-bottom:1px solid #eef1f5;vertical-align:top}tr.friction{background:#fdecea}
figure{display:inline-block;margin:.5rem 1rem .5rem 0;width:320px}figure.wide{display:block;width:100%;max-width:640px}
figcaption{font-size:.85rem;color:#4a5360}svg{width:100%;height:auto}svg text{font-size:11px;text-anchor:middle;fill:#1b1f24}
svg text.axis{text-anchor:end}svg text.label{text-anchor:start}svg text.in{fill:#fff}svg text.small{font-size:9px}
.bar{fill:#1d5bd8}.grid{stroke:#dde2e8}.whisker{stroke:#8a94a3}.trend{fill:none;stroke:#1d5bd8;stroke-width:2}circle{fill:#1d5bd8}
.happy{fill:#2e7d32}.neutral{fill:#9aa3ad}.unhappy{fill:#c62828}.meta{color:#4a5360;font-size:.9rem}
.term{display:inline-block;margin:.1rem;padding:.1rem .5rem;border-radius:1rem;background:#eef1f5;font-size:.9rem}
blockquote{margin:.4rem 0;padding:.4rem .8rem;background:#f5f7fa;border-inline-start:3px solid #8a94a3;white-space:pre-wrap;overflow-wrap:anywhere}
)";

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string render_report_html(const json& report) {
    const json& filters = report["filters"];
    const auto filter = [&](const char* name, const char* all) {
        return filters[name].is_null() ? std::string(all) : filters[name].get<std::string>();
    };
    std::string html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Sada report</title><style>" +
                       std::string(kStyle) + "</style></head><body>\n<h1>Sada report</h1><p class=\"meta\">Site " +
                       html_escape(filter("site", "(all)")) + " · survey " + html_escape(filter("survey", "(all)")) + " · " +
                       html_escape(filter("from", "start")) + " to " + html_escape(filter("to", "end")) + " · computed from the " +
                       html_escape(report["source"].get<std::string>()) + ". Every figure gives its N; intervals are 95%.</p>\n";

    const json& overall = report["overall"];
    html += "<h2>Scores</h2><table><thead><tr><th></th><th>NPS</th><th>CSAT (top two)</th><th>CES (agree)</th></tr></thead><tbody>" +
            figures_row("All", overall) + "</tbody></table>\n";
    html += trend_chart(report);
    if (!overall["nps"].is_null()) html += histogram("NPS answers, 0–10", overall["nps"]["distribution"], 0);
    for (const char* kind : {"csat", "ces"}) {
        if (overall[kind].empty()) continue;
        const json& box = overall[kind][0];
        html += histogram(std::string(std::string_view(kind) == "csat" ? "CSAT" : "CES") + " answers, " + count(box["scale"]["min"]) + "–" +
                              count(box["scale"]["max"]),
                          box["distribution"], box["scale"]["min"].get<int>());
    }

    const json& journey = report["journey"];
    html += "\n<h2>Journey map</h2>" + stacked_by_stage(journey) +
            "<table><thead><tr><th>Stage</th><th>NPS</th><th>CSAT (top two)</th><th>CES (agree)</th></tr></thead><tbody>";
    for (const json& stage : journey["stages"]) {
        const bool flagged = std::any_of(journey["friction"].begin(), journey["friction"].end(),
                                         [&](const json& f) { return f["stage"] == stage["stage"]; });
        html += figures_row(stage["stage"].get<std::string>(), stage, flagged);
    }
    html += "</tbody></table><ul>";
    for (const json& point : journey["friction"]) {
        html += "<li>Friction at <strong>" + html_escape(point["stage"].get<std::string>()) + "</strong>: " +
                html_escape(point["metric"].get<std::string>()) + " " + num(point["value"].get<double>()) + " (N=" + count(point["n"]) +
                "), " + html_escape(point["reason"].get<std::string>()) + ".</li>";
    }
    if (journey["friction"].empty()) html += "<li>No friction point.</li>";
    html += "</ul><p class=\"meta\">Rule: " + html_escape(journey["rule"].get<std::string>()) + ".</p>\n";

    for (const json& breakdown : report["breakdowns"]) {
        html += "<h2>By " + html_escape(breakdown["by"].get<std::string>()) +
                "</h2><table><thead><tr><th></th><th>NPS</th><th>CSAT (top two)</th><th>CES (agree)</th></tr></thead><tbody>";
        for (const json& group : breakdown["groups"]) html += figures_row(group["key"].get<std::string>(), group);
        html += "</tbody></table>\n";
    }

    if (!report.contains("words")) return html + "\n</body></html>\n";  // a report of the scores alone
    html += words_html(report["words"]);
    const json& comments = report["comments"];
    html += "<h2>The customers' words</h2><p class=\"meta\">" + count(comments["texts"]) + " texts, of which " + count(comments["messages"]) +
            " messages. The newest per stage:</p>";
    std::string current;
    for (const json& sample : comments["samples"]) {
        const std::string group = sample["message"].get<bool>() ? "Messages" : "Comments at " + sample["stage"].get<std::string>();
        if (group != current) {
            html += "<h3>" + html_escape(group) + "</h3>";
            current = group;
        }
        html += "<blockquote dir=\"auto\" lang=\"" + html_escape(sample["locale"].get<std::string>()) + "\">" +
                html_escape(sample["text"].get<std::string>()) + "</blockquote><p class=\"meta\">" +
                html_escape(sample["survey_id"].get<std::string>()) + " · " + html_escape(sample["time"].get<std::string>()) +
                (sample["category"].is_null() ? "" : " · " + html_escape(sample["category"].get<std::string>())) + "</p>";
    }
    return html + "\n</body></html>\n";
}

}  // namespace sada::collector
