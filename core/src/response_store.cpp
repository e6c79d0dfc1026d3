// The server's response store: schema v1 to v4, batch inserts in one transaction, paging and erasure.
#include "sada/response_store.hpp"

#include "sada/timestamp.hpp"

namespace sada {
namespace {

// seq is AUTOINCREMENT so that a seq is never handed out twice, even after the newest rows were
// erased: collectors page with since(after_seq) and must never skip a row.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE responses (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT NOT NULL UNIQUE,
    site            TEXT NOT NULL,
    survey_id       TEXT NOT NULL,
    survey_version  INTEGER NOT NULL,
    submitted_at_ms INTEGER NOT NULL,
    received_at_ms  INTEGER NOT NULL,
    body            TEXT NOT NULL
);
CREATE INDEX responses_by_survey ON responses (site, survey_id, submitted_at_ms);
)sql";

// The visitor makes privacy erasure an index lookup. Bodies that are not valid JSON, or whose
// visitor is not a string, get NULL (CASE keeps json_type away from malformed text).
// responses_by_site (site, implicitly seq) serves since() without sorting a whole site.
constexpr std::string_view kSchemaV2 = R"sql(
ALTER TABLE responses ADD COLUMN visitor TEXT;
UPDATE responses SET visitor = NULLIF(json_extract(body, '$.context.visitor'), '')
 WHERE CASE WHEN json_valid(body) THEN json_type(body, '$.context.visitor') = 'text' ELSE 0 END;
CREATE INDEX responses_by_visitor ON responses (site, visitor);
CREATE INDEX responses_by_site ON responses (site);
)sql";

// The server keeps a coarse description of the sender (never its address or user agent).
constexpr std::string_view kSchemaV3 = R"sql(
ALTER TABLE responses ADD COLUMN client TEXT;
)sql";

// Each response's scale answers, keyed as in the rollups, so that erasure can count them out
// exactly. Responses already stored are listed in "unscored" until score_unscored counts them in
// (only the sites file knows which answers are scores). The rollups table follows (rollups.hpp).
constexpr std::string_view kSchemaV4 = R"sql(
CREATE TABLE scores (
    seq         INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    day         INTEGER NOT NULL,
    stage       TEXT NOT NULL,
    device      TEXT NOT NULL,
    locale      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    value       INTEGER NOT NULL,
    scale_min   INTEGER NOT NULL,
    scale_max   INTEGER NOT NULL,
    PRIMARY KEY (seq, question_id)
) WITHOUT ROWID;
CREATE TABLE unscored (seq INTEGER PRIMARY KEY);
INSERT INTO unscored (seq) SELECT seq FROM responses;
)sql";

constexpr std::string_view kInsertSql = R"sql(
INSERT INTO responses (id, site, survey_id, survey_version, submitted_at_ms, received_at_ms, visitor, body, client)
VALUES (?1, ?2, ?3, ?4, ?5, ?6,
        NULLIF(COALESCE(?7, CASE WHEN NOT json_valid(?8) THEN NULL
                                 WHEN json_type(?8, '$.context.visitor') = 'text'
                                 THEN json_extract(?8, '$.context.visitor') END), ''),
        ?8, ?9)
ON CONFLICT (id) DO NOTHING
)sql";

constexpr std::string_view kSinceSql = R"sql(
SELECT seq, id, site, survey_id, survey_version, submitted_at_ms, received_at_ms, visitor, body, client
  FROM responses WHERE site = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3
)sql";

// Runs a one-row, one-integer query.
Result<std::int64_t> single_integer(Statement& query) {
    Result<bool> row = query.step();
    if (!row) return row.error();
    return *row ? query.column_int64(0) : 0;
}

}  // namespace

std::span<const Migration> response_store_migrations() {
    static const std::string v4 = std::string(kSchemaV4) + std::string(kRollupsTableSql);
    static const Migration migrations[] = {{1, kSchemaV1}, {2, kSchemaV2}, {3, kSchemaV3}, {4, v4}};
    return migrations;
}

Result<ResponseStore> ResponseStore::open(const std::string& path, bool write_ahead_log) {
    OpenOptions options;
    options.write_ahead_log = write_ahead_log;
    Result<Database> opened = Database::open(path, options);
    if (!opened) return opened.error();
    Database db = std::move(opened).value();
    // An erased visitor's answers are overwritten, not just unlinked: without this their text
    // would stay readable in free pages of the file until they happen to be reused.
    if (Status s = db.exec("PRAGMA secure_delete = ON"); !s) return s.error();
    if (Status s = migrate(db, response_store_migrations()); !s) return s.error();

    Result<Statement> insert = db.prepare(kInsertSql);
    if (!insert) return insert.error();
    Result<Statement> since = db.prepare(kSinceSql);
    if (!since) return since.error();
    Result<Statement> insert_score = db.prepare(
        "INSERT INTO scores (seq, question_id, day, stage, device, locale, kind, value, scale_min, scale_max) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!insert_score) return insert_score.error();
    Result<RollupCounter> rollups = RollupCounter::prepare(db);
    if (!rollups) return rollups.error();
    return ResponseStore(std::move(db), CachedStatements{std::move(insert).value(), std::move(since).value(),
                                                         std::move(insert_score).value(), std::move(rollups).value()});
}

Status ResponseStore::count_scores(std::int64_t seq, const StoredResponse& r) {
    const RollupKey key{utc_day(r.submitted_at_ms), r.site, r.survey_id, r.stage, r.device, r.locale};
    for (const ScoreAnswer& score : r.scores) {
        Statement& insert = statements_.insert_score;
        insert.reset();
        insert.bind_int64(1, seq).bind_text(2, score.question_id).bind_int64(3, key.day).bind_text(4, key.stage)
            .bind_text(5, key.device).bind_text(6, key.locale).bind_text(7, score.kind).bind_int64(8, score.value)
            .bind_int64(9, score.scale_min).bind_int64(10, score.scale_max);
        if (Status s = insert.run(); !s) return s;
        if (Status s = statements_.rollups.add(key, score); !s) return s;
    }
    return {};
}

Result<std::vector<InsertOutcome>> ResponseStore::insert_batch(std::span<const StoredResponse> responses) {
    std::vector<InsertOutcome> outcomes;
    outcomes.reserve(responses.size());
    if (responses.empty()) return outcomes;

    Result<Transaction> transaction = Transaction::begin(db_, TransactionMode::immediate);
    if (!transaction) return transaction.error();
    Statement& insert = statements_.insert;
    for (const StoredResponse& r : responses) {
        insert.reset();
        insert.bind_text(1, r.id)
            .bind_text(2, r.site)
            .bind_text(3, r.survey_id)
            .bind_int64(4, r.survey_version)
            .bind_int64(5, r.submitted_at_ms)
            .bind_int64(6, r.received_at_ms)
            .bind_text(7, r.visitor)
            .bind_text(8, r.body)
            .bind_text(9, r.client);
        if (Status s = insert.run(); !s) {
            Error e = s.error();
            e.message += " (response " + r.id + "; batch rolled back)";
            return e;  // the transaction's destructor rolls the whole batch back
        }
        const bool inserted = db_.changes() == 1;
        outcomes.push_back(inserted ? InsertOutcome::inserted : InsertOutcome::duplicate);
        if (!inserted) continue;
        if (Status s = count_scores(db_.last_insert_rowid(), r); !s) {
            Error e = s.error();
            e.message += " (scores of response " + r.id + "; batch rolled back)";
            return e;
        }
    }
    if (Status s = transaction->commit(); !s) return s.error();
    return outcomes;
}

Result<std::vector<StoredResponse>> ResponseStore::since(std::string_view site, std::int64_t after_seq, int limit) {
    std::vector<StoredResponse> page;
    if (limit <= 0) return page;
    Statement& query = statements_.since;
    query.reset();
    ResetOnScopeExit reset_after(query);
    query.bind_text(1, site).bind_int64(2, after_seq).bind_int64(3, limit);
    for (;;) {
        Result<bool> row = query.step();
        if (!row) return row.error();
        if (!*row) break;
        StoredResponse r;
        r.seq = query.column_int64(0);
        r.id = query.column_text(1);
        r.site = query.column_text(2);
        r.survey_id = query.column_text(3);
        r.survey_version = query.column_int(4);
        r.submitted_at_ms = query.column_int64(5);
        r.received_at_ms = query.column_int64(6);
        r.visitor = query.column_optional_text(7);
        r.body = query.column_text(8);
        r.client = query.column_optional_text(9);
        page.push_back(std::move(r));
    }
    return page;
}

Result<std::int64_t> ResponseStore::erase_visitor(std::string_view site, std::string_view visitor) {
    // Anonymous answers have no visitor: an empty id must not erase all of them at once.
    if (visitor.empty()) return Error{"invalid_visitor", "a visitor id is needed to erase a visitor's answers"};
    Result<Transaction> transaction = Transaction::begin(db_, TransactionMode::immediate);
    if (!transaction) return transaction.error();
    constexpr std::string_view kSteps[] = {
        // Counts the visitor's scores out of the rollups: the same cells, minus their counts.
        "INSERT INTO rollups (day, site, survey_id, stage, device, locale, kind, scale_min, scale_max, value, count) "
        "SELECT s.day, r.site, r.survey_id, s.stage, s.device, s.locale, s.kind, s.scale_min, s.scale_max, s.value, -count(*) "
        "FROM scores s JOIN responses r ON r.seq = s.seq WHERE r.site = ?1 AND r.visitor = ?2 "
        "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 ON CONFLICT DO UPDATE SET count = count + excluded.count",
        "DELETE FROM scores WHERE seq IN (SELECT seq FROM responses WHERE site = ?1 AND visitor = ?2)",
        "DELETE FROM unscored WHERE seq IN (SELECT seq FROM responses WHERE site = ?1 AND visitor = ?2)",
        "DELETE FROM responses WHERE site = ?1 AND visitor = ?2",
    };
    std::int64_t erased = 0;
    for (std::string_view sql : kSteps) {
        Result<Statement> step = db_.prepare(sql);
        if (!step) return step.error();
        step->bind_text(1, site).bind_text(2, visitor);
        if (Status s = step->run(); !s) return s.error();
        erased = db_.changes();
    }
    if (Status s = RollupCounter::drop_empty_cells(db_, site); !s) return s.error();
    if (Status s = transaction->commit(); !s) return s.error();
    return erased;
}

Result<std::int64_t> ResponseStore::score_unscored(const std::function<void(StoredResponse&)>& score, int batch) {
    std::int64_t counted = 0;
    for (;;) {
        Result<Transaction> transaction = Transaction::begin(db_, TransactionMode::immediate);
        if (!transaction) return transaction.error();
        Result<Statement> rows = db_.prepare(
            "SELECT r.seq, r.id, r.site, r.survey_id, r.survey_version, r.submitted_at_ms, r.body FROM unscored u "
            "JOIN responses r ON r.seq = u.seq ORDER BY u.seq LIMIT ?1");
        if (!rows) return rows.error();
        rows->bind_int64(1, batch);
        std::vector<StoredResponse> page;
        for (;;) {
            Result<bool> row = rows->step();
            if (!row) return row.error();
            if (!*row) break;
            StoredResponse r;
            r.seq = rows->column_int64(0);
            r.id = rows->column_text(1);
            r.site = rows->column_text(2);
            r.survey_id = rows->column_text(3);
            r.survey_version = rows->column_int(4);
            r.submitted_at_ms = rows->column_int64(5);
            r.body = rows->column_text(6);
            page.push_back(std::move(r));
        }
        rows->reset();
        // Rows of erased responses were removed with them; anything else left is stale.
        if (page.empty()) {
            if (Status s = db_.exec("DELETE FROM unscored"); !s) return s.error();
            if (Status s = transaction->commit(); !s) return s.error();
            return counted;
        }
        Result<Statement> done = db_.prepare("DELETE FROM unscored WHERE seq = ?1");
        if (!done) return done.error();
        for (StoredResponse& r : page) {
            score(r);
            if (Status s = count_scores(r.seq, r); !s) return s.error();
            done->reset();
            done->bind_int64(1, r.seq);
            if (Status s = done->run(); !s) return s.error();
        }
        if (Status s = transaction->commit(); !s) return s.error();
        counted += static_cast<std::int64_t>(page.size());
    }
}

Result<std::int64_t> ResponseStore::count(std::string_view site) {
    Result<Statement> query = db_.prepare("SELECT count(*) FROM responses WHERE site = ?1");
    if (!query) return query.error();
    query->bind_text(1, site);
    return single_integer(*query);
}

Result<bool> ResponseStore::contains(std::string_view id) {
    Result<Statement> query = db_.prepare("SELECT EXISTS (SELECT 1 FROM responses WHERE id = ?1)");
    if (!query) return query.error();
    query->bind_text(1, id);
    Result<std::int64_t> found = single_integer(*query);
    if (!found) return found.error();
    return *found != 0;
}

}  // namespace sada
