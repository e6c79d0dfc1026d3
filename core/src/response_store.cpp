// The server's response store: schema v1 and v2, batch inserts in one transaction, paging and erasure.
#include "sada/response_store.hpp"

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

constexpr Migration kMigrations[] = {{1, kSchemaV1}, {2, kSchemaV2}, {3, kSchemaV3}};

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

std::span<const Migration> response_store_migrations() { return kMigrations; }

Result<ResponseStore> ResponseStore::open(const std::string& path, bool write_ahead_log) {
    OpenOptions options;
    options.write_ahead_log = write_ahead_log;
    Result<Database> opened = Database::open(path, options);
    if (!opened) return opened.error();
    Database db = std::move(opened).value();
    if (Status s = migrate(db, response_store_migrations()); !s) return s.error();

    Result<Statement> insert = db.prepare(kInsertSql);
    if (!insert) return insert.error();
    Result<Statement> since = db.prepare(kSinceSql);
    if (!since) return since.error();
    return ResponseStore(std::move(db), CachedStatements{std::move(insert).value(), std::move(since).value()});
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
        outcomes.push_back(db_.changes() == 1 ? InsertOutcome::inserted : InsertOutcome::duplicate);
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
    Result<Statement> erase = db_.prepare("DELETE FROM responses WHERE site = ?1 AND visitor = ?2");
    if (!erase) return erase.error();
    erase->bind_text(1, site).bind_text(2, visitor);
    if (Status s = erase->run(); !s) return s.error();
    return static_cast<std::int64_t>(db_.changes());
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
