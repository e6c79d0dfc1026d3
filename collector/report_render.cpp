// Text and CSV forms of the report document (see report_render.hpp).
#include "report_render.hpp"

#include "csv.hpp"
#include "sada/utf8.hpp"

#include <cstdio>
#include <string_view>
#include <vector>

namespace sada::collector {
namespace {

using nlohmann::json;

// Short local names for the shared pieces.
std::string format(const char* pattern, double value) { return format_number(pattern, value); }
std::string count(const json& n) { return count_text(n); }
std::string nps_cell(const json& nps) { return nps_figure(nps); }
std::string box_cell(const json& boxes) { return box_figure(boxes); }

std::string pad(const std::string& text, std::size_t width) {
    std::size_t shown = 0;  // code points, so Persian keys line up as well as a terminal allows
    for (unsigned char c : text) shown += (c & 0xC0) != 0x80 ? 1 : 0;
    return shown >= width ? text + " " : text + std::string(width - shown, ' ');
}

void figures_lines(std::string& out, const json& figures, const std::string& indent) {
    const json& nps = figures["nps"];
    if (!nps.is_null()) {
        out += indent + "NPS   " + nps_cell(nps) + "  promoters " + count(nps["promoters"]) + ", passives " +
               count(nps["passives"]) + ", detractors " + count(nps["detractors"]) + "\n";
    }
    for (const char* kind : {"csat", "ces", "rating"}) {
        for (const json& box : figures[kind]) {
            const std::string name = std::string_view(kind) == "csat" ? "CSAT " : std::string_view(kind) == "ces" ? "CES  " : "Rating";
            const std::string what = std::string_view(kind) == "ces" ? " agree" : " top-2";
            out += indent + name + " " + format("%.1f%%", box["percent"].get<double>()) + what + " (" +
                   format("%.1f", box["percent_interval"][0].get<double>()) + "–" +
                   format("%.1f", box["percent_interval"][1].get<double>()) + ", N=" + count(box["n"]) + "), mean " +
                   format("%.2f", box["mean"].get<double>()) + " on " + count(box["scale"]["min"]) + "–" + count(box["scale"]["max"]) + "\n";
        }
    }
    if (nps.is_null() && figures["csat"].empty() && figures["ces"].empty() && figures["rating"].empty()) {
        out += indent + "no scores\n";
    }
}

void table(std::string& out, const std::string& title, const json& groups, const char* key_name) {
    out += "\n" + title + "\n";
    out += "  " + pad(key_name, 18) + pad("NPS", 26) + pad("CSAT", 30) + "CES (agree)\n";
    for (const json& group : groups) {
        const std::string key = group.contains("key") ? group["key"].get<std::string>() : group["stage"].get<std::string>();
        out += "  " + pad(key, 18) + pad(nps_cell(group["nps"]), 26) + pad(box_cell(group["csat"]), 30) + box_cell(group["ces"]) + "\n";
    }
}

void csv_figures(std::string& out, const std::string& section, const std::string& key, const json& figures) {
    const json& nps = figures["nps"];
    if (!nps.is_null()) {
        out += csv_join({csv_cell(section), csv_cell(key), "nps", "0..10", csv_number(nps["n"].get<double>()),
                         csv_number(nps["nps"].get<double>()), csv_number(nps["interval"][0].get<double>()),
                         csv_number(nps["interval"][1].get<double>()), ""});
    }
    for (const char* kind : {"csat", "ces", "rating"}) {
        for (const json& box : figures[kind]) {
            out += csv_join({csv_cell(section), csv_cell(key), kind,
                             csv_cell(count(box["scale"]["min"]) + ".." + count(box["scale"]["max"])), csv_number(box["n"].get<double>()),
                             csv_number(box["percent"].get<double>()), csv_number(box["percent_interval"][0].get<double>()),
                             csv_number(box["percent_interval"][1].get<double>()), csv_number(box["mean"].get<double>())});
        }
    }
}

}  // namespace

std::string format_number(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

std::string count_text(const json& n) { return std::to_string(n.get<long long>()); }

std::string nps_figure(const json& nps) {
    if (nps.is_null()) return "—";
    return format_number("%+.1f", nps["nps"].get<double>()) + " (±" + format_number("%.1f", nps["margin"].get<double>()) +
           ", N=" + count_text(nps["n"]) + ")";
}

std::string box_figure(const json& boxes) {
    if (!boxes.is_array() || boxes.empty()) return "—";
    const json& box = boxes[0];
    std::string cell = format_number("%.1f%%", box["percent"].get<double>()) + " (" +
                       format_number("%.1f", box["percent_interval"][0].get<double>()) + "–" +
                       format_number("%.1f", box["percent_interval"][1].get<double>()) + ", N=" + count_text(box["n"]) + ")";
    if (boxes.size() > 1) cell += " +" + std::to_string(boxes.size() - 1) + " other scale(s)";
    return cell;
}

// The text report goes to a terminal, and its terms and questions are visitors' words (imported
// files are not checked character by character): control characters (ESC sequences, a carriage
// return that overwrites a line, C1 controls such as CSI) are shown as U+FFFD instead of being
// obeyed. Only line breaks and tabs pass.
namespace {
std::string terminal_safe(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto control = sada::utf8::control_character_at(text, i);
        if (control || text[i] == '\r') {
            out += "\xEF\xBF\xBD";
            if (control) i += control->length - 1;
        } else {
            out += text[i];
        }
    }
    return out;
}
}  // namespace

std::string render_report_text(const json& report) {
    const json& filters = report["filters"];
    const auto filter = [&](const char* name, const char* all) {
        return filters[name].is_null() ? std::string(all) : filters[name].get<std::string>();
    };
    std::string out = "Sada report: site " + filter("site", "(all)") + ", survey " + filter("survey", "(all)") + ", " +
                      filter("from", "(start)") + " to " + filter("to", "(end)") + " (from the " +
                      report["source"].get<std::string>() + ")\n\nOverall\n";
    figures_lines(out, report["overall"], "  ");
    for (const json& breakdown : report["breakdowns"]) {
        const std::string by = breakdown["by"].get<std::string>();
        table(out, "By " + by, breakdown["groups"], by.c_str());
    }
    const json& journey = report["journey"];
    table(out, "Journey map", journey["stages"], "stage");
    for (const json& stage : journey["stages"]) {
        if (stage["complaints"].is_null()) continue;
        out += "  complaints at " + stage["stage"].get<std::string>() + ": " +
               format("%.1f%%", stage["complaints"]["share"].get<double>()) + " of " + count(stage["complaints"]["n"]) +
               " categorised texts\n";
    }
    if (journey["friction"].empty()) {
        out += "  friction points: none\n";
    } else {
        for (const json& point : journey["friction"]) {
            out += "  friction: " + point["stage"].get<std::string>() + ", " + point["metric"].get<std::string>() + " " +
                   format("%.1f", point["value"].get<double>()) + " (N=" + count(point["n"]) + "): " +
                   point["reason"].get<std::string>() + "\n";
        }
    }
    out += "  rule: " + journey["rule"].get<std::string>() + "\n";

    if (!report.contains("words")) return out;  // a report of the scores alone
    const json& words = report["words"];
    out += "\nThe customers' words (" + count(report["comments"]["texts"]) + " texts; terms from the newest " +
           count(words["texts_analysed"]) + ")\n  categories:";
    for (const json& c : words["categories"]) {
        out += " " + c["category"].get<std::string>() + " " + (c["share"].is_null() ? std::string("—") : format("%.0f%%", c["share"].get<double>())) +
               " (" + count(c["n"]) + ")";
    }
    out += "\n";
    const auto terms_line = [&](const char* label, const json& top) {
        out += std::string("  ") + label + " (" + count(top["texts"]) + " texts):";
        for (const json& t : top["terms"]) out += " " + t["term"].get<std::string>() + " (" + count(t["n"]) + ")";
        if (!top["phrases"].empty()) {
            out += "\n    phrases:";
            for (const json& p : top["phrases"]) out += " \"" + p["phrase"].get<std::string>() + "\" (" + count(p["n"]) + ")";
        }
        out += "\n";
    };
    terms_line("top terms", words["overall"]);
    terms_line("detractors say", words["detractors"]);
    terms_line("promoters say", words["promoters"]);
    for (const auto& [category, top] : words["by_category"].items()) terms_line(category.c_str(), top);
    if (!words["questions"].empty()) {
        out += "  most frequent questions:\n";
        for (const json& q : words["questions"]) out += "    (" + count(q["n"]) + ") " + q["text"].get<std::string>() + "\n";
    }
    return terminal_safe(out);
}

std::string render_report_csv(const json& report) {
    std::string out = csv_row({"section", "key", "metric", "scale", "n", "value", "low", "high", "mean"});
    csv_figures(out, "overall", "", report["overall"]);
    for (const json& breakdown : report["breakdowns"]) {
        for (const json& group : breakdown["groups"]) {
            csv_figures(out, "by " + breakdown["by"].get<std::string>(), group["key"].get<std::string>(), group);
        }
    }
    for (const json& stage : report["journey"]["stages"]) csv_figures(out, "journey", stage["stage"].get<std::string>(), stage);
    return out;
}

}  // namespace sada::collector
