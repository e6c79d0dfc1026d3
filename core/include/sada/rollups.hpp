// Score answers and the daily rollups built from them (per day x site x survey x stage x device x
// locale, a histogram of values per metric and scale). The collector's database and the server's
// both keep this same table up to date as responses arrive, so reports need not scan every row.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sada/result.hpp"
#include "sada/store.hpp"

namespace sada {

// One scale answer: its question, metric kind ("nps", "csat", "ces", "rating"), value and scale.
struct ScoreAnswer {
    std::string question_id;
    std::string kind;
    int value = 0;
    int scale_min = 0;
    int scale_max = 0;
};

// The scale answers among a response's answers (an object, question id -> answer), given its
// survey's question summary (sada::question_summary): whole numbers answering an nps, csat, ces
// or rating question inside the question's scale. Anything else is not a score.
std::vector<ScoreAnswer> score_answers(const nlohmann::json& answers, const nlohmann::json& questions);

// Which rollup cell a response's scores count in. Context values are '' when unknown.
struct RollupKey {
    std::int64_t day = 0;  // utc_day of the response's effective time
    std::string site;
    std::string survey_id;
    std::string stage;
    std::string device;
    std::string locale;
};

// The table, identical in both databases; a cell's count never stays at 0 or below.
inline constexpr std::string_view kRollupsTableSql = R"sql(
CREATE TABLE rollups (
    day       INTEGER NOT NULL,
    site      TEXT NOT NULL,
    survey_id TEXT NOT NULL,
    stage     TEXT NOT NULL,
    device    TEXT NOT NULL,
    locale    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    scale_min INTEGER NOT NULL,
    scale_max INTEGER NOT NULL,
    value     INTEGER NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (site, day, survey_id, stage, device, locale, kind, scale_min, scale_max, value)
) WITHOUT ROWID;
)sql";

// Adds to the rollups through one prepared statement; run it inside the caller's transaction.
class RollupCounter {
public:
    static Result<RollupCounter> prepare(Database& db);
    // Counts one score in (delta 1) or out (delta -1). Cells that reach 0 are removed by
    // drop_empty_cells, which whoever counts out must call before committing.
    Status add(const RollupKey& key, const ScoreAnswer& score, std::int64_t delta = 1);
    static Status drop_empty_cells(Database& db, std::string_view site);

private:
    explicit RollupCounter(Statement statement) : upsert_(std::move(statement)) {}
    Statement upsert_;
};

}  // namespace sada
