// Tests of the analysts' database: the upgrade from schema v1 counts the texts already there into
// the text rollups, with the analysts' labels winning over computed categories.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <tuple>

#include <sqlite3.h>

#include "sada/analysis_store.hpp"
#include "temp_dir.hpp"

TEST_CASE("analysis store migration: a v1 file's texts are counted into the text rollups") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string path = dir.file("analysis.db");
    {
        auto v1 = sada::Database::open(path);
        REQUIRE(v1.ok());
        REQUIRE(sada::migrate(*v1, sada::analysis_store_migrations().first(1)).ok());
        REQUIRE(v1->exec(R"sql(
INSERT INTO responses VALUES ('r1', 's', 'nps', 1, 0, 5, NULL, '/', 'purchase', 'mobile', 'en', '', '', '{}', '{}');
INSERT INTO responses VALUES ('r2', 's', 'nps', 1, 0, 5, NULL, '/', 'purchase', 'mobile', 'en', '', '', '{}', '{}');
INSERT INTO responses VALUES ('r3', 's', '_message', 1, 0, 6, NULL, '/', '', 'desktop', 'fa', '', '', '{}', '{}');
INSERT INTO texts VALUES ('r1', 'why', 'late again', 0, 'complaint', 'negative');
INSERT INTO texts VALUES ('r2', 'why', 'where is it?', 0, 'question', 'neutral');
INSERT INTO texts VALUES ('r3', 'message', 'سلام', 1, NULL, NULL);
INSERT INTO labels VALUES ('r2', 'complaint', 1);
)sql")
                    .ok());
    }
    // The wasm build of SQLite has no WAL; the schema and its migration are the same without it.
    auto store = sada::AnalysisStore::open(path, sqlite3_compileoption_used("OMIT_WAL") == 0);
    REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
    auto cells = store->database().prepare("SELECT day, stage, is_message, category, sentiment, count FROM text_rollups");
    REQUIRE(cells.ok());
    std::map<std::tuple<std::int64_t, std::string, int, std::string, std::string>, std::int64_t> got;
    while (*cells->step()) {
        got[{cells->column_int64(0), cells->column_text(1), cells->column_int(2), cells->column_text(3), cells->column_text(4)}] =
            cells->column_int64(5);
    }
    const decltype(got) expected = {{{5, "purchase", 0, "complaint", "negative"}, 1},
                                    {{5, "purchase", 0, "complaint", "neutral"}, 1},  // labelled
                                    {{6, "", 1, "", ""}, 1}};
    CHECK(got == expected);
}
