// Tests of score answers and rollups: which answers are scores, and the server's store keeping its
// rollups equal to its stored scores through inserts, duplicates, erasure and an upgrade.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "sada/report.hpp"
#include "sada/response_store.hpp"
#include "sada/rollups.hpp"
#include "temp_dir.hpp"

namespace {

using nlohmann::json;
using sada::ResponseStore;
using sada::ScoreAnswer;
using sada::StoredResponse;

constexpr std::int64_t kDay = 20'000;  // 2024-10-04
constexpr std::int64_t kDayMs = 86'400'000;

ResponseStore open_store(const std::string& path) {
    auto opened = ResponseStore::open(path, sqlite3_compileoption_used("OMIT_WAL") == 0);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened).value();
}

std::string id_for(int n) {
    std::string digits = std::to_string(n);
    return "0190a000-0000-7000-8000-" + std::string(12 - digits.size(), '0') + digits;
}

// A response answering NPS `nps` on day kDay + day_offset, at that stage, from that visitor.
StoredResponse scored(int n, int nps, const std::string& stage, const std::string& visitor, int day_offset = 0) {
    StoredResponse r;
    r.id = id_for(n);
    r.site = "example.com";
    r.survey_id = "nps-1";
    r.survey_version = 1;
    r.submitted_at_ms = (kDay + day_offset) * kDayMs + 1000 * n;
    r.received_at_ms = r.submitted_at_ms;
    r.visitor = visitor;
    r.body = json{{"id", r.id}, {"context", {{"stage", stage}, {"device", "mobile"}, {"visitor", visitor}}}, {"answers", {{"q1", nps}}}}.dump();
    r.scores = {ScoreAnswer{"q1", "nps", nps, 0, 10}};
    r.stage = stage;
    r.device = "mobile";
    return r;
}

using Cells = std::map<std::tuple<std::int64_t, std::string, int>, std::int64_t>;  // (day, stage, value) -> count

Cells rollup_cells(ResponseStore& store) {
    auto query = store.database().prepare("SELECT day, stage, value, count FROM rollups");
    REQUIRE(query.ok());
    Cells cells;
    while (*query->step()) cells[{query->column_int64(0), query->column_text(1), query->column_int(2)}] += query->column_int64(3);
    return cells;
}

// The same cells counted from the stored scores of the responses still there.
Cells cells_from_scores(ResponseStore& store) {
    auto query = store.database().prepare(
        "SELECT s.day, s.stage, s.value, count(*) FROM scores s JOIN responses r ON r.seq = s.seq GROUP BY 1, 2, 3");
    REQUIRE(query.ok());
    Cells cells;
    while (*query->step()) cells[{query->column_int64(0), query->column_text(1), query->column_int(2)}] = query->column_int64(3);
    return cells;
}

}  // namespace

TEST_CASE("score answers: whole numbers answering a scale question inside its scale") {
    const json questions = {{"q1", {{"type", "nps"}, {"min", 0}, {"max", 10}}},
                            {"q2", {{"type", "csat"}, {"min", 1}, {"max", 5}}},
                            {"q3", {{"type", "text"}}},
                            {"q4", {{"type", "ces"}, {"min", 1}, {"max", 7}}}};
    SUBCASE("scores of each kind") {
        const auto scores = sada::score_answers({{"q1", 9}, {"q2", 4}, {"q3", "fine"}, {"q4", 7}}, questions);
        REQUIRE(scores.size() == 3);
        CHECK(scores[0].kind == "nps");
        CHECK(scores[0].value == 9);
        CHECK(scores[1].kind == "csat");
        CHECK(scores[1].scale_max == 5);
        CHECK(scores[2].kind == "ces");
        CHECK(scores[2].scale_max == 7);
    }
    SUBCASE("not scores: out of scale, fractions, strings, unknown questions") {
        CHECK(sada::score_answers({{"q1", 11}, {"q2", 0}, {"q4", 2.5}, {"q9", 3}}, questions).empty());
        CHECK(sada::score_answers({{"q1", "9"}}, questions).empty());
        CHECK(sada::score_answers({{"q1", 9}}, json(nullptr)).empty());
    }
}

TEST_CASE("server rollups: inserts count in once; duplicates do not") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    ResponseStore store = open_store(dir.file("server.db"));
    const std::vector<StoredResponse> batch = {scored(1, 9, "purchase", "a"), scored(2, 3, "purchase", "b"),
                                               scored(3, 9, "research", "a", 1)};
    REQUIRE(store.insert_batch(batch).ok());
    REQUIRE(store.insert_batch(batch).ok());  // all duplicates now
    const Cells expected = {{{kDay, "purchase", 9}, 1}, {{kDay, "purchase", 3}, 1}, {{kDay + 1, "research", 9}, 1}};
    CHECK(rollup_cells(store) == expected);
    CHECK(rollup_cells(store) == cells_from_scores(store));
}

TEST_CASE("server rollups: erasing a visitor counts their scores out and drops emptied cells") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    ResponseStore store = open_store(dir.file("server.db"));
    REQUIRE(store.insert_batch(std::vector<StoredResponse>{scored(1, 9, "purchase", "alice"), scored(2, 9, "purchase", "bob"),
                                                          scored(3, 2, "research", "alice"), scored(4, 2, "research", "alice")})
                .ok());
    REQUIRE(*store.erase_visitor("example.com", "alice") == 3);
    const Cells expected = {{{kDay, "purchase", 9}, 1}};
    CHECK(rollup_cells(store) == expected);
    CHECK(rollup_cells(store) == cells_from_scores(store));
    auto leftover = store.database().prepare("SELECT count(*) FROM scores");
    REQUIRE(*leftover->step());
    CHECK(leftover->column_int64(0) == 1);
}

TEST_CASE("server rollups: responses stored before rollups are counted in once, on the first open with a scorer") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string path = dir.file("server.db");
    {
        sada::OpenOptions options;
        options.write_ahead_log = sqlite3_compileoption_used("OMIT_WAL") == 0;
        auto v3 = sada::Database::open(path, options);
        REQUIRE(v3.ok());
        REQUIRE(sada::migrate(*v3, sada::response_store_migrations().first(3)).ok());
        auto insert = v3->prepare(
            "INSERT INTO responses (id, site, survey_id, survey_version, submitted_at_ms, received_at_ms, visitor, body) "
            "VALUES (?1, 'example.com', 'nps-1', 1, ?2, ?2, 'v', ?3)");
        REQUIRE(insert.ok());
        for (int n = 1; n <= 3; ++n) {
            const StoredResponse r = scored(n, n + 6, "purchase", "v");
            insert->reset();
            insert->bind_text(1, r.id).bind_int64(2, r.submitted_at_ms).bind_text(3, r.body);
            REQUIRE(insert->run().ok());
        }
    }
    ResponseStore store = open_store(path);
    CHECK(rollup_cells(store).empty());
    // The scorer stands in for the server's, which reads each body against the sites file.
    int calls = 0;
    const auto score = [&calls](StoredResponse& r) {
        ++calls;
        const json body = json::parse(r.body);
        r.scores = {ScoreAnswer{"q1", "nps", body["answers"]["q1"].get<int>(), 0, 10}};
        r.stage = body["context"]["stage"].get<std::string>();
        r.device = body["context"]["device"].get<std::string>();
    };
    auto counted = store.score_unscored(score, 2);  // two transactions
    REQUIRE(counted.ok());
    CHECK(*counted == 3);
    const Cells expected = {{{kDay, "purchase", 7}, 1}, {{kDay, "purchase", 8}, 1}, {{kDay, "purchase", 9}, 1}};
    CHECK(rollup_cells(store) == expected);
    CHECK(*store.score_unscored(score) == 0);
    CHECK(calls == 3);
    REQUIRE(store.insert_batch(std::vector<StoredResponse>{scored(4, 10, "purchase", "w")}).ok());
    CHECK(rollup_cells(store).size() == 4);
}

TEST_CASE("server rollups: the scores report from the server's store") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    ResponseStore store = open_store(dir.file("server.db"));
    std::vector<StoredResponse> batch;
    // purchase: 9, 10, 3 -> NPS (2 - 1) / 3 = 33.3; research: 7, 8 -> 0.
    const int purchase[] = {9, 10, 3};
    for (int i = 0; i < 3; ++i) batch.push_back(scored(i + 1, purchase[i], "purchase", "v"));
    batch.push_back(scored(4, 7, "research", "v", 8));
    batch.push_back(scored(5, 8, "research", "w", 8));
    REQUIRE(store.insert_batch(batch).ok());

    sada::ReportQuery query;
    query.site = "example.com";
    query.by = {"stage", "week"};
    auto report = sada::build_rollup_report(store.database(), query);
    REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().message));
    CHECK((*report)["source"] == "rollups");
    CHECK((*report)["overall"]["nps"]["n"] == 5);
    CHECK((*report)["overall"]["nps"]["nps"].get<double>() == doctest::Approx(20.0));
    const json& stages = (*report)["breakdowns"][0]["groups"];
    REQUIRE(stages.size() == 2);
    CHECK(stages[0]["key"] == "research");  // journey order
    CHECK(stages[1]["nps"]["nps"].get<double>() == doctest::Approx(100.0 / 3));
    CHECK((*report)["breakdowns"][1]["groups"].size() == 2);  // two ISO weeks
    CHECK(!report->contains("words"));

    SUBCASE("a window of days") {
        query.from_day = kDay + 1;
        auto later = sada::build_rollup_report(store.database(), query);
        REQUIRE(later.ok());
        CHECK((*later)["overall"]["nps"]["n"] == 2);
    }
    SUBCASE("breakdowns the rollups cannot answer are refused") {
        query.by = {"page"};
        auto refused = sada::build_rollup_report(store.database(), query);
        REQUIRE(!refused.ok());
        CHECK(refused.error().code == "invalid_breakdown");
    }
}
