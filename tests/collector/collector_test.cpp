// Tests for the collector (`sada`): import from export lines (idempotent, bad lines reported),
// the report's figures against hand-computed values (rollups and raw rows agreeing), every
// breakdown, labels, and CSV export with formula injection neutralised.
#include "commands.hpp"
#include "csv.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using nlohmann::json;
using sada::collector::Words;

namespace {

struct Outcome {
    int status = 0;
    std::string out;
    std::string err;
};

Outcome sada_cli(const Words& words) {
    std::ostringstream out, err;
    const int status = sada::collector::run(words, out, err);
    return {status, out.str(), err.str()};
}

std::string id_for(int n) {
    std::string digits = std::to_string(n);
    return "0193a5c2-7b4e-7c3d-9f10-" + std::string(12 - digits.size(), '0') + digits;
}

// An export line as the server writes it.
std::string line(int n, const std::string& survey, const json& answers, const json& context, const json& questions,
                 const std::string& day = "2026-03-10") {
    json response = {{"id", id_for(n)}, {"survey_id", survey}, {"survey_version", 1},
                     {"submitted_at", day + "T10:00:00.000Z"}, {"answers", answers}, {"context", context}};
    return json{{"seq", n}, {"site", "shop"}, {"received_at", day + "T10:00:02.000Z"}, {"client", nullptr},
                {"response", response}, {"questions", questions}}
        .dump();
}

const json kNpsQuestions = {{"nps", {{"type", "nps"}, {"min", 0}, {"max", 10}}}, {"why", {{"type", "text"}}}};
const json kCsatQuestions = {{"csat", {{"type", "csat"}, {"min", 1}, {"max", 5}}}, {"comment", {{"type", "text"}}}};
const json kCesQuestions = {{"ces", {{"type", "ces"}, {"min", 1}, {"max", 7}}}};

// 10 NPS answers (5 promoters, 2 passives, 3 detractors: NPS 20), 5 CSAT (3 of them 4-5: 60%),
// 5 CES (3 of them 5-7: 60%), over stages, devices and plans; dates across two months.
std::vector<std::string> fixture_lines() {
    std::vector<std::string> lines;
    const int nps[] = {10, 10, 9, 8, 7, 6, 5, 0, 9, 10};
    for (int i = 0; i < 10; ++i) {
        json answers = {{"nps", nps[i]}};
        if (nps[i] <= 6) answers["why"] = i == 5 ? "=HYPERLINK(\"http://evil.example\",\"click\")" : "too slow";
        const json context = {{"page", "/"}, {"stage", "awareness"}, {"device", i < 6 ? "mobile" : "desktop"},
                              {"locale", i % 2 ? "fa" : "en"}, {"attributes", {{"plan", i < 5 ? "gold" : "free"}}}};
        lines.push_back(line(i + 1, "home-nps", answers, context, kNpsQuestions, i < 5 ? "2026-01-15" : "2026-02-20"));
    }
    const int csat[] = {5, 4, 3, 2, 5};
    for (int i = 0; i < 5; ++i) {
        lines.push_back(line(20 + i, "support-csat", {{"csat", csat[i]}}, {{"stage", "post-purchase"}, {"device", "mobile"}},
                             kCsatQuestions));
    }
    const int ces[] = {7, 6, 5, 4, 1};
    for (int i = 0; i < 5; ++i) {
        lines.push_back(line(30 + i, "checkout-ces", {{"ces", ces[i]}}, {{"stage", "purchase"}, {"device", "desktop"}},
                             kCesQuestions));
    }
    return lines;
}

std::string write_file(const sada::test::TempDir& dir, const std::string& name, const std::vector<std::string>& lines) {
    const std::string path = dir.file(name);
    std::ofstream file(path, std::ios::binary);
    for (const std::string& text : lines) file << text << "\n";
    return path;
}

json report_json(const std::string& db, Words extra = {}) {
    Words words = {"report", "--db", db, "--format", "json"};
    words.insert(words.end(), extra.begin(), extra.end());
    const Outcome run = sada_cli(words);
    REQUIRE_MESSAGE(run.status == 0, run.err);
    return json::parse(run.out);
}

const json* group(const json& report, const std::string& by, const std::string& key) {
    for (const json& breakdown : report["breakdowns"]) {
        if (breakdown["by"] != by) continue;
        for (const json& g : breakdown["groups"]) {
            if (g["key"] == key) return &g;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("collector: import is idempotent and reports bad lines by number without stopping") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    std::vector<std::string> lines = fixture_lines();
    lines.insert(lines.begin() + 2, "{not json");
    lines.insert(lines.begin() + 5, R"({"seq":1,"site":"shop"})");
    lines.insert(lines.begin() + 7, "");
    const std::string file = write_file(dir, "export.ndjson", lines);
    const std::string db = dir.file("sada.db");

    const Outcome first = sada_cli({"import", file, "--db", db});
    CHECK(first.status == 0);
    CHECK(first.out.find("20 new, 0 duplicate, 2 invalid") != std::string::npos);
    CHECK(first.err.find("export.ndjson:3: invalid_json") != std::string::npos);
    CHECK(first.err.find("export.ndjson:6: invalid_line") != std::string::npos);

    const Outcome again = sada_cli({"import", file, "--db", db});
    CHECK(again.status == 0);
    CHECK(again.out.find("0 new, 20 duplicate, 2 invalid") != std::string::npos);

    SUBCASE("a missing file fails the run, the others are still imported") {
        const std::string other = write_file(dir, "other.ndjson", {line(99, "home-nps", {{"nps", 9}}, json::object(), kNpsQuestions)});
        const Outcome run = sada_cli({"import", dir.file("missing.ndjson"), other, "--db", db});
        CHECK(run.status == 1);
        CHECK(run.err.find("cannot read") != std::string::npos);
        CHECK(run.out.find("1 new") != std::string::npos);
    }
    SUBCASE("a file that cannot be read to its end fails the run instead of looking empty") {
        const Outcome run = sada_cli({"import", dir.path().string(), "--db", db});  // a directory
        CHECK(run.status == 1);
        CHECK(run.err.find(dir.path().string()) != std::string::npos);
    }
}

TEST_CASE("collector: the report's figures equal the hand-computed ones, from rollups and from raw rows") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string db = dir.file("sada.db");
    REQUIRE(sada_cli({"import", write_file(dir, "e.ndjson", fixture_lines()), "--db", db}).status == 0);

    for (const bool exact : {false, true}) {
        CAPTURE(exact);
        const json report = report_json(db, exact ? Words{"--exact", "--by", "stage"} : Words{"--by", "stage"});
        CHECK(report["source"] == (exact ? "exact" : "rollups"));
        const json& nps = report["overall"]["nps"];
        CHECK(nps["n"] == 10);
        CHECK(nps["promoters"] == 5);
        CHECK(nps["passives"] == 2);
        CHECK(nps["detractors"] == 3);
        CHECK(nps["nps"].get<double>() == doctest::Approx(20.0));
        // 1.96 * 100 * sqrt((0.5 + 0.3 - 0.2^2) / 10)
        CHECK(nps["margin"].get<double>() == doctest::Approx(1.96 * 100 * std::sqrt(0.76 / 10)));
        const json& csat = report["overall"]["csat"][0];
        CHECK(csat["n"] == 5);
        CHECK(csat["percent"].get<double>() == doctest::Approx(60.0));
        CHECK(csat["mean"].get<double>() == doctest::Approx(3.8));
        const json& ces = report["overall"]["ces"][0];
        CHECK(ces["percent"].get<double>() == doctest::Approx(60.0));
        CHECK(ces["mean"].get<double>() == doctest::Approx(4.6));
        // Journey order, with the figures of each stage.
        const json& stages = report["journey"]["stages"];
        REQUIRE(stages.size() == 5);
        CHECK(stages[0]["stage"] == "awareness");
        CHECK(stages[0]["nps"]["n"] == 10);
        CHECK(stages[3]["stage"] == "purchase");
        CHECK(stages[3]["ces"][0]["n"] == 5);
        CHECK(stages[1]["nps"].is_null());
        const json* post = group(report, "stage", "post-purchase");
        REQUIRE(post != nullptr);
        CHECK((*post)["csat"][0]["percent"].get<double>() == doctest::Approx(60.0));
    }
}

TEST_CASE("collector: every breakdown splits the figures, and filters narrow them") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string db = dir.file("sada.db");
    REQUIRE(sada_cli({"import", write_file(dir, "e.ndjson", fixture_lines()), "--db", db}).status == 0);
    const json report = report_json(db, {"--by", "stage", "page", "device", "locale", "channel", "survey", "week", "month", "attr:plan"});
    CHECK(report["source"] == "exact");  // page, channel and attributes are not in the rollups
    CHECK(report["breakdowns"].size() == 9);
    CHECK((*group(report, "device", "mobile"))["nps"]["n"] == 6);
    CHECK((*group(report, "device", "desktop"))["nps"]["n"] == 4);
    CHECK((*group(report, "locale", "fa"))["nps"]["n"] == 5);
    CHECK((*group(report, "attr:plan", "gold"))["nps"]["nps"].get<double>() == doctest::Approx(60.0));  // 10,10,9,8,7: 3 of 5 promote
    CHECK((*group(report, "month", "2026-01"))["nps"]["n"] == 5);
    CHECK((*group(report, "week", "2026-W03"))["nps"]["n"] == 5);  // 2026-01-15 is a Thursday of week 3
    CHECK((*group(report, "survey", "checkout-ces"))["ces"][0]["n"] == 5);
    CHECK((*group(report, "channel", "(unknown)"))["nps"]["n"] == 10);

    const json january = report_json(db, {"--from", "2026-01-01", "--to", "2026-01-31"});
    CHECK(january["overall"]["nps"]["n"] == 5);
    CHECK(january["overall"]["nps"]["nps"].get<double>() == doctest::Approx(60.0));
    const json only_csat = report_json(db, {"--survey", "support-csat"});
    CHECK(only_csat["overall"]["nps"].is_null());

    SUBCASE("bad options are usage errors") {
        CHECK(sada_cli({"report", "--db", db, "--by", "colour"}).status == 2);
        const Outcome twice = sada_cli({"report", "--db", db, "--by", "stage", "week", "stage"});
        CHECK(twice.status == 2);
        CHECK(twice.err.find("\"stage\" is asked for more than once") != std::string::npos);
        CHECK(sada_cli({"report", "--db", db, "--from", "2026-02-30"}).status == 2);
        CHECK(sada_cli({"report", "--db", db, "--format", "pdf"}).status == 2);
        CHECK(sada_cli({"report"}).status == 2);
    }
    SUBCASE("text and CSV forms carry the same figures") {
        const Outcome text = sada_cli({"report", "--db", db});
        CHECK(text.out.find("NPS   +20.0") != std::string::npos);
        const Outcome csv = sada_cli({"report", "--db", db, "--format", "csv"});
        CHECK(csv.out.find("overall,,nps,0..10,10,20,") != std::string::npos);
    }
}

TEST_CASE("collector: an analyst's label is stored for a known response only") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string db = dir.file("sada.db");
    REQUIRE(sada_cli({"import", write_file(dir, "e.ndjson", fixture_lines()), "--db", db}).status == 0);
    CHECK(sada_cli({"label", id_for(6), "complaint", "--db", db}).status == 0);
    const Outcome unknown = sada_cli({"label", id_for(500), "complaint", "--db", db});
    CHECK(unknown.status == 1);
    CHECK(unknown.err.find("no response") != std::string::npos);
    CHECK(sada_cli({"label", id_for(6), "angry", "--db", db}).status == 2);
    // The label feeds the journey map's complaint share.
    const json report = report_json(db);
    const json& awareness = report["journey"]["stages"][0];
    REQUIRE(awareness["complaints"].is_object());
    CHECK(awareness["complaints"]["complaints"] == 1);
}

TEST_CASE("collector: CSV export neutralises formulas and keeps Persian intact") {
    CHECK(sada::collector::csv_cell("=1+2") == "'=1+2");
    CHECK(sada::collector::csv_cell("-2") == "'-2");
    CHECK(sada::collector::csv_cell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(sada::collector::csv_cell("\tx") == "\"'\tx\"");  // a tab is quoted too
    CHECK(sada::collector::csv_cell("a,\"b\"") == "\"a,\"\"b\"\"\"");
    CHECK(sada::collector::csv_cell("سلام، خوب") == "سلام، خوب");
    SUBCASE("a semicolon or tab could start a formula cell where a spreadsheet splits on it") {
        CHECK(sada::collector::csv_cell("fine;=HYPERLINK(\"http://evil.example\")") == "\"fine;=HYPERLINK(\"\"http://evil.example\"\")\"");
        CHECK(sada::collector::csv_cell("a\t=1+2") == "\"a\t=1+2\"");
    }

    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string db = dir.file("sada.db");
    std::vector<std::string> lines = fixture_lines();
    lines.push_back(line(50, "home-nps", {{"nps", 3}, {"why", "ارسال خیلی دیر شد"}}, {{"locale", "fa"}}, kNpsQuestions));
    REQUIRE(sada_cli({"import", write_file(dir, "e.ndjson", lines), "--db", db}).status == 0);
    const Outcome csv = sada_cli({"export", "--db", db, "--format", "csv", "--bom"});
    REQUIRE(csv.status == 0);
    CHECK(csv.out.rfind("\xEF\xBB\xBF" "id,site,survey_id", 0) == 0);
    CHECK(csv.out.find("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"") != std::string::npos);
    CHECK(csv.out.find(",=HYPERLINK") == std::string::npos);
    CHECK(csv.out.find("ارسال خیلی دیر شد") != std::string::npos);

    const Outcome ndjson = sada_cli({"export", "--db", db, "--format", "ndjson", "--survey", "support-csat"});
    REQUIRE(ndjson.status == 0);
    std::istringstream rows(ndjson.out);
    int count = 0;
    for (std::string row; std::getline(rows, row);) {
        CHECK(json::parse(row)["survey_id"] == "support-csat");
        ++count;
    }
    CHECK(count == 5);
    CHECK(json::parse(sada_cli({"export", "--db", db, "--format", "json"}).out).size() == 21);
}

TEST_CASE("collector: texts are classified on import, again by classify, and shown as words in the report") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string db = dir.file("sada.db");
    // A tiny lexicon of our own, so the test does not depend on the shipped one.
    const std::string lexicons = dir.file("lexicons");
    std::filesystem::create_directory(lexicons);
    std::ofstream(lexicons + "/en.json") << R"({"language": "en", "categories": {"complaint": {"refund": 2}}, "negative": {"slow": 1}})";
    std::ofstream(lexicons + "/fa.json") << R"({"language": "fa", "categories": {"question": {"کی": 2}}})";
    std::vector<std::string> lines;
    for (int i = 0; i < 4; ++i) {
        lines.push_back(line(100 + i, "home-nps", {{"nps", 2}, {"why", "slow delivery, I want a refund"}}, {{"stage", "awareness"}}, kNpsQuestions));
    }
    lines.push_back(line(110, "home-nps", {{"nps", 3}, {"why", "slow delivery again"}}, {{"stage", "awareness"}}, kNpsQuestions));
    lines.push_back(line(111, "_message", {{"message", "سفارشم کی می‌رسد؟"}}, {{"stage", "purchase"}, {"locale", "fa"}},
                         {{"message", {{"type", "text"}}}}));
    REQUIRE(sada_cli({"import", write_file(dir, "e.ndjson", lines), "--db", db, "--lexicons", lexicons}).status == 0);

    json words = report_json(db)["words"];
    const auto share = [&](const std::string& category) {
        for (const json& c : words["categories"]) {
            if (c["category"] == category) return c["n"].get<int>();
        }
        return -1;
    };
    CHECK(share("complaint") == 4);
    CHECK(share("feedback-negative") == 1);
    CHECK(share("question") == 1);
    CHECK(words["sentiment"]["negative"] == 5);
    CHECK(words["detractors"]["terms"][0]["term"] == "delivery");  // "slow" and "delivery" in all five; sorted by count then name
    CHECK(words["by_category"]["complaint"]["phrases"][0]["phrase"] == "slow delivery");
    CHECK(words["questions"][0]["text"] == "سفارشم کی می‌رسد؟");

    SUBCASE("an analyst's label wins, and classify recomputes after a lexicon change") {
        REQUIRE(sada_cli({"label", id_for(110), "complaint", "--db", db}).status == 0);
        words = report_json(db)["words"];
        CHECK(share("complaint") == 5);
        std::ofstream(lexicons + "/en.json") << R"({"language": "en", "categories": {"technical-issue": {"refund": 3}}})";
        const Outcome again = sada_cli({"classify", "--db", db, "--lexicons", lexicons});
        CHECK(again.status == 0);
        CHECK(again.out.find("5 texts changed") != std::string::npos);
        words = report_json(db)["words"];
        CHECK(share("technical-issue") == 4);
        CHECK(share("complaint") == 1);  // the label still wins
    }
    SUBCASE("a broken lexicon stops the import with its path") {
        std::ofstream(lexicons + "/fa.json") << R"({"language": "fa", "negative": {"بد": -1}})";
        const Outcome broken = sada_cli({"import", write_file(dir, "f.ndjson", lines), "--db", db, "--lexicons", lexicons});
        CHECK(broken.status == 1);
        CHECK(broken.err.find("fa.json: /negative/بد") != std::string::npos);
    }
}

TEST_CASE("collector: the text report shows control characters in visitors' words instead of obeying them") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string db = dir.file("sada.db");
    // A hand-made export file: the server would have refused these texts, import does not check.
    std::vector<std::string> lines = fixture_lines();
    // Questions: the report quotes them whole.
    lines.push_back(line(120, "_message", {{"message", "how do I change my delivery address?\x1b[2J\x1b]0;owned\x07\r"}},
                         {{"stage", "purchase"}, {"locale", "en"}}, {{"message", {{"type", "text"}}}}));
    lines.push_back(line(121, "_message", {{"message", "سفارشم کی می‌رسد؟\xc2\x9b" "31m"}}, {{"stage", "purchase"}, {"locale", "fa"}},
                         {{"message", {{"type", "text"}}}}));
    REQUIRE(sada_cli({"import", write_file(dir, "e.ndjson", lines), "--db", db}).status == 0);
    const Outcome text = sada_cli({"report", "--db", db, "--format", "text"});
    REQUIRE(text.status == 0);
    CHECK(text.out.find("how do I change my delivery address?\xEF\xBF\xBD[2J") != std::string::npos);
    CHECK(text.out.find("سفارشم کی می‌رسد؟\xEF\xBF\xBD" "31m") != std::string::npos);
    CHECK(text.out.find('\x1b') == std::string::npos);
    CHECK(text.out.find('\x07') == std::string::npos);
    CHECK(text.out.find('\r') == std::string::npos);
    CHECK(text.out.find("\xc2\x9b") == std::string::npos);
    CHECK(text.out.find("\xEF\xBF\xBD") != std::string::npos);
}
