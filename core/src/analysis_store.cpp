// The analysts' database behind analysis_store.hpp: schema v1-v2, idempotent adds with rollups, labels.
#include "sada/analysis_store.hpp"

#include "sada/timestamp.hpp"

#include <algorithm>

namespace sada {
namespace {

// Context values are '' when unknown (never NULL), so they can be grouped and keyed on.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE responses (
    id             TEXT PRIMARY KEY NOT NULL,
    site           TEXT NOT NULL,
    survey_id      TEXT NOT NULL,
    survey_version INTEGER NOT NULL,
    time_ms        INTEGER NOT NULL,
    day            INTEGER NOT NULL,
    received_at_ms INTEGER,
    page           TEXT NOT NULL,
    stage          TEXT NOT NULL,
    device         TEXT NOT NULL,
    locale         TEXT NOT NULL,
    channel        TEXT NOT NULL,
    visitor        TEXT NOT NULL,
    attributes     TEXT NOT NULL,
    body           TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX responses_by_time ON responses (site, time_ms);
CREATE TABLE scores (
    response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    kind        TEXT NOT NULL,
    value       INTEGER NOT NULL,
    scale_min   INTEGER NOT NULL,
    scale_max   INTEGER NOT NULL,
    PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;
CREATE TABLE texts (
    response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    text        TEXT NOT NULL,
    is_message  INTEGER NOT NULL,
    category    TEXT,
    sentiment   TEXT,
    PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;
CREATE TABLE labels (
    response_id    TEXT PRIMARY KEY NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    category       TEXT NOT NULL,
    labelled_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// v2: scores carry their response's rollup key (day, site, survey, stage, device, locale), so an
// exact report reads one table instead of joining every score to its response; texts counted per rollup key, effective category (an analyst's label, else the computed one;
// '' for none) and sentiment ('' for none), so the report's shares need not read every text; and
// an index that walks responses newest first (the report's newest texts, the export's order)
// without reading their bodies. It replaces (site, time_ms), which served only one site at a time.
constexpr std::string_view kSchemaV2 = R"sql(
CREATE TABLE scores_v2 (
    response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    kind        TEXT NOT NULL,
    value       INTEGER NOT NULL,
    scale_min   INTEGER NOT NULL,
    scale_max   INTEGER NOT NULL,
    day         INTEGER NOT NULL,
    site        TEXT NOT NULL,
    survey_id   TEXT NOT NULL,
    stage       TEXT NOT NULL,
    device      TEXT NOT NULL,
    locale      TEXT NOT NULL,
    PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;
INSERT INTO scores_v2 SELECT s.response_id, s.question_id, s.kind, s.value, s.scale_min, s.scale_max, r.day, r.site,
       r.survey_id, r.stage, r.device, r.locale FROM scores s JOIN responses r ON r.id = s.response_id;
DROP TABLE scores;
ALTER TABLE scores_v2 RENAME TO scores;
DROP INDEX responses_by_time;
CREATE INDEX responses_newest ON responses (time_ms, site, survey_id, day, stage, locale);
CREATE TABLE text_rollups (
    day        INTEGER NOT NULL,
    site       TEXT NOT NULL,
    survey_id  TEXT NOT NULL,
    stage      TEXT NOT NULL,
    device     TEXT NOT NULL,
    locale     TEXT NOT NULL,
    is_message INTEGER NOT NULL,
    category   TEXT NOT NULL,
    sentiment  TEXT NOT NULL,
    count      INTEGER NOT NULL,
    PRIMARY KEY (site, day, survey_id, stage, device, locale, is_message, category, sentiment)
) WITHOUT ROWID;
)sql";

// Counts the texts selected by `where` (a condition on texts t, responses r, labels l) into the
// text rollups, or out of them with sign -1.
std::string count_texts_sql(std::string_view where, int sign) {
    return "INSERT INTO text_rollups (day, site, survey_id, stage, device, locale, is_message, category, sentiment, count) "
           "SELECT r.day, r.site, r.survey_id, r.stage, r.device, r.locale, t.is_message, coalesce(l.category, t.category, ''), "
           "coalesce(t.sentiment, ''), " + std::string(sign < 0 ? "-" : "") + "count(*) "
           "FROM texts t JOIN responses r ON r.id = t.response_id LEFT JOIN labels l ON l.response_id = t.response_id "
           "WHERE " + std::string(where) + " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 "
           "ON CONFLICT DO UPDATE SET count = count + excluded.count";
}

constexpr std::string_view kDropEmptyTextCells = "DELETE FROM text_rollups WHERE count <= 0";

}  // namespace

bool is_text_category(std::string_view category) {
    return std::find(std::begin(kTextCategories), std::end(kTextCategories), category) != std::end(kTextCategories);
}

std::span<const Migration> analysis_store_migrations() {
    static const std::string v1 = std::string(kSchemaV1) + std::string(kRollupsTableSql);
    static const std::string v2 = std::string(kSchemaV2) + count_texts_sql("1", 1) + ";";
    static const Migration migrations[] = {{1, v1}, {2, v2}};
    return migrations;
}

Result<AnalysisStore> AnalysisStore::open(const std::string& path, bool write_ahead_log) {
    OpenOptions options;
    options.write_ahead_log = write_ahead_log;
    Result<Database> opened = Database::open(path, options);
    if (!opened) return opened.error();
    Database db = std::move(opened).value();
    if (Status migrated = migrate(db, analysis_store_migrations()); !migrated) return migrated.error();

    Result<Statement> insert_response = db.prepare(
        "INSERT INTO responses (id, site, survey_id, survey_version, time_ms, day, received_at_ms, page, stage, "
        "device, locale, channel, visitor, attributes, body) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) ON CONFLICT (id) DO NOTHING");
    if (!insert_response) return insert_response.error();
    Result<Statement> insert_score = db.prepare(
        "INSERT INTO scores (response_id, question_id, kind, value, scale_min, scale_max, day, site, survey_id, stage, "
        "device, locale) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    if (!insert_score) return insert_score.error();
    Result<Statement> insert_text =
        db.prepare("INSERT INTO texts (response_id, question_id, text, is_message, category, sentiment) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert_text) return insert_text.error();
    Result<RollupCounter> rollups = RollupCounter::prepare(db);
    if (!rollups) return rollups.error();
    Result<Statement> count_text = db.prepare(
        "INSERT INTO text_rollups (day, site, survey_id, stage, device, locale, is_message, category, sentiment, count) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1) ON CONFLICT DO UPDATE SET count = count + 1");
    if (!count_text) return count_text.error();
    return AnalysisStore(std::move(db), CachedStatements{std::move(insert_response).value(), std::move(insert_score).value(),
                                                         std::move(insert_text).value(), std::move(rollups).value(),
                                                         std::move(count_text).value()});
}

Result<AddOutcome> AnalysisStore::add(const AnalysedResponse& r) {
    // All of a response or nothing: a failure half-way leaves no row and no rollup count behind.
    if (Status s = db_.exec("SAVEPOINT add_response"); !s) return s.error();
    Result<AddOutcome> added = add_rows(r);
    if (!added) {
        (void)db_.exec("ROLLBACK TO add_response");
        (void)db_.exec("RELEASE add_response");
        return added;
    }
    if (Status s = db_.exec("RELEASE add_response"); !s) return s.error();
    return added;
}

Result<AddOutcome> AnalysisStore::add_rows(const AnalysedResponse& r) {
    const std::int64_t day = utc_day(r.time_ms);
    Statement& insert = statements_.insert_response;
    insert.reset();
    insert.bind_text(1, r.id)
        .bind_text(2, r.site)
        .bind_text(3, r.survey_id)
        .bind_int64(4, r.survey_version)
        .bind_int64(5, r.time_ms)
        .bind_int64(6, day)
        .bind_int64(7, r.received_at_ms)
        .bind_text(8, r.context.page)
        .bind_text(9, r.context.stage)
        .bind_text(10, r.context.device)
        .bind_text(11, r.context.locale)
        .bind_text(12, r.context.channel)
        .bind_text(13, r.context.visitor)
        .bind_text(14, r.context.attributes.dump())
        .bind_text(15, r.body);
    if (Status ran = insert.run(); !ran) return ran.error();
    if (db_.changes() == 0) return AddOutcome::duplicate;

    const RollupKey key{day, r.site, r.survey_id, r.context.stage, r.context.device, r.context.locale};
    for (const ScoreAnswer& score : r.scores) {
        Statement& s = statements_.insert_score;
        s.reset();
        s.bind_text(1, r.id).bind_text(2, score.question_id).bind_text(3, score.kind).bind_int64(4, score.value)
            .bind_int64(5, score.scale_min).bind_int64(6, score.scale_max).bind_int64(7, key.day).bind_text(8, key.site)
            .bind_text(9, key.survey_id).bind_text(10, key.stage).bind_text(11, key.device).bind_text(12, key.locale);
        if (Status ran = s.run(); !ran) return ran.error();
        if (Status counted = statements_.rollups.add(key, score); !counted) return counted.error();
    }
    for (const TextAnswer& text : r.texts) {
        Statement& t = statements_.insert_text;
        t.reset();
        t.bind_text(1, r.id).bind_text(2, text.question_id).bind_text(3, text.text).bind_int64(4, text.is_message ? 1 : 0)
            .bind_text(5, text.category).bind_text(6, text.sentiment);
        if (Status ran = t.run(); !ran) return ran.error();
        Statement& counted = statements_.count_text;
        counted.reset();
        counted.bind_int64(1, day).bind_text(2, r.site).bind_text(3, r.survey_id).bind_text(4, r.context.stage)
            .bind_text(5, r.context.device).bind_text(6, r.context.locale).bind_int64(7, text.is_message ? 1 : 0)
            .bind_text(8, text.category.value_or("")).bind_text(9, text.sentiment.value_or(""));
        if (Status ran = counted.run(); !ran) return ran.error();
    }
    return AddOutcome::added;
}

Status AnalysisStore::label(std::string_view response_id, std::string_view category, std::int64_t now_ms) {
    if (!is_text_category(category)) {
        return Error{"invalid_category", "\"" + std::string(category) +
                                             "\" is not a category: use feedback-positive, feedback-negative, "
                                             "complaint, question, technical-issue or request"};
    }
    Result<Statement> known = db_.prepare("SELECT 1 FROM responses WHERE id = ?1");
    if (!known) return known.error();
    known->bind_text(1, response_id);
    Result<bool> row = known->step();
    if (!row) return row.error();
    if (!*row) return Error{"unknown_response", "no response \"" + std::string(response_id) + "\" in this database"};
    known->reset();
    // The response's texts move from their old category's cells to the new one's.
    Result<Transaction> transaction = Transaction::begin(db_);
    if (!transaction) return transaction.error();
    Result<Statement> count_out = db_.prepare(count_texts_sql("t.response_id = ?1", -1));
    if (!count_out) return count_out.error();
    count_out->bind_text(1, response_id);
    if (Status ran = count_out->run(); !ran) return ran;
    Result<Statement> upsert = db_.prepare(
        "INSERT INTO labels (response_id, category, labelled_at_ms) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (response_id) DO UPDATE SET category = excluded.category, labelled_at_ms = excluded.labelled_at_ms");
    if (!upsert) return upsert.error();
    upsert->bind_text(1, response_id).bind_text(2, category).bind_int64(3, now_ms);
    if (Status ran = upsert->run(); !ran) return ran;
    Result<Statement> count_in = db_.prepare(count_texts_sql("t.response_id = ?1", 1));
    if (!count_in) return count_in.error();
    count_in->bind_text(1, response_id);
    if (Status ran = count_in->run(); !ran) return ran;
    if (Status ran = db_.exec(kDropEmptyTextCells); !ran) return ran;
    return transaction->commit();
}

Result<std::int64_t> AnalysisStore::classify_texts(const TextClassifier& classifier) {
    Result<Transaction> transaction = Transaction::begin(db_);
    if (!transaction) return transaction.error();
    Result<Statement> texts = db_.prepare("SELECT response_id, question_id, text, category, sentiment FROM texts");
    if (!texts) return texts.error();
    Result<Statement> update = db_.prepare("UPDATE texts SET category = ?3, sentiment = ?4 WHERE response_id = ?1 AND question_id = ?2");
    if (!update) return update.error();
    std::int64_t changed = 0;
    // Each row is updated in place while the scan goes on: only the current row, and never its
    // key, so the scan neither skips nor revisits a row (SQLite's cursors keep their position).
    for (;;) {
        Result<bool> row = texts->step();
        if (!row) return row.error();
        if (!*row) break;
        const TextClassification got = classifier.classify(texts->column_text(2));
        if (texts->column_optional_text(3) == got.category && texts->column_optional_text(4) == got.sentiment) continue;
        update->reset();
        update->bind_text(1, texts->column_text(0)).bind_text(2, texts->column_text(1)).bind_text(3, got.category).bind_text(4, got.sentiment);
        if (Status ran = update->run(); !ran) return ran.error();
        ++changed;
    }
    texts->reset();
    if (changed > 0) {  // counted again from scratch: a whole pass anyway
        if (Status s = db_.exec("DELETE FROM text_rollups"); !s) return s.error();
        if (Status s = db_.exec(count_texts_sql("1", 1)); !s) return s.error();
    }
    if (Status committed = transaction->commit(); !committed) return committed.error();
    return changed;
}

Result<std::int64_t> AnalysisStore::count() {
    Result<Statement> query = db_.prepare("SELECT count(*) FROM responses");
    if (!query) return query.error();
    Result<bool> row = query->step();
    if (!row) return row.error();
    return query->column_int64(0);
}

}  // namespace sada
