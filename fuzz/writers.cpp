// Fuzz target: the writers that put visitor text into files analysts open. A CSV cell reads back
// as the text (a formula-starting one behind an apostrophe); html_escape leaves no markup
// character and unescapes to the text; and the HTML report with the text as every comment,
// question and term has exactly as many tags as with a harmless word in its place.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "check.hpp"
#include "csv.hpp"
#include "report_html.hpp"

extern const char* const kFuzzReportJson;  // fuzz/report.json, built in (see CMakeLists.txt)

namespace {

std::string csv_read_back(const std::string& cell) {
    if (cell.empty() || cell.front() != '"') return cell;
    std::string text;
    for (std::size_t i = 1; i + 1 < cell.size(); ++i) {
        text += cell[i];
        if (cell[i] == '"') ++i;  // "" is one quote
    }
    return text;
}

std::string html_unescape(std::string_view html) {
    std::string text;
    for (std::size_t i = 0; i < html.size();) {
        bool replaced = false;
        for (auto [entity, c] : {std::pair{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}}) {
            if (html.substr(i).starts_with(entity)) {
                text += c;
                i += std::string_view(entity).size();
                replaced = true;
                break;
            }
        }
        if (!replaced) text += html[i++];
    }
    return text;
}

// The report with `text` as every sample comment, question and term.
std::size_t tags_in_report_with(const std::string& text) {
    static const nlohmann::json report = nlohmann::json::parse(kFuzzReportJson);
    nlohmann::json hostile = report;
    for (auto& sample : hostile["comments"]["samples"]) sample["text"] = text;
    for (auto& question : hostile["words"]["questions"]) question["text"] = text;
    for (auto& term : hostile["words"]["overall"]["terms"]) term["term"] = text;
    for (auto& [category, top] : hostile["words"]["by_category"].items()) {
        for (auto& sample : top["samples"]) sample = text;
    }
    const std::string html = sada::collector::render_report_html(hostile);
    return static_cast<std::size_t>(std::count(html.begin(), html.end(), '<'));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);

    const std::string cell = sada::collector::csv_cell(text);
    const std::string back = csv_read_back(cell);
    const bool formula = !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
    SADA_FUZZ_CHECK(back == (formula ? "'" + text : text));
    if (cell.front() != '"') SADA_FUZZ_CHECK(cell.find_first_of(",;\t\"\r\n") == std::string::npos);

    const std::string escaped = sada::collector::html_escape(text);
    SADA_FUZZ_CHECK(escaped.find_first_of("<>\"'") == std::string::npos);
    SADA_FUZZ_CHECK(html_unescape(escaped) == text);

    if (size <= 4096) {  // the whole report is slower; long inputs add nothing to it
        static const std::size_t harmless = tags_in_report_with("word");
        SADA_FUZZ_CHECK(tags_in_report_with(text) == harmless);
    }
    return 0;
}
