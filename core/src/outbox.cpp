// The widget's local store: schema v1 and the outbox, survey cache and throttle operations.
#include "sada/outbox.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <limits>

namespace sada {
namespace {

constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE outbox (
    id                 TEXT PRIMARY KEY NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('response', 'message')),
    body               TEXT NOT NULL,
    created_at_ms      INTEGER NOT NULL,
    attempts           INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_ms INTEGER NOT NULL DEFAULT 0,
    last_error         TEXT
);
CREATE TABLE survey_cache (
    site          TEXT PRIMARY KEY NOT NULL,
    etag          TEXT,
    body          TEXT NOT NULL,
    fetched_at_ms INTEGER NOT NULL
);
CREATE TABLE throttle (
    survey_id            TEXT PRIMARY KEY NOT NULL,
    shown_count          INTEGER NOT NULL DEFAULT 0,
    last_shown_at_ms     INTEGER,
    last_dismissed_at_ms INTEGER,
    completed_at_ms      INTEGER
);
)sql";

constexpr Migration kMigrations[] = {{1, kSchemaV1}};

constexpr std::string_view kItemColumns =
    "id, kind, body, created_at_ms, attempts, next_attempt_at_ms, last_error";

// Reads every row of every table, through the table and through its primary key's index, so a
// damaged image (truncated, or overwritten in places) is refused when it is opened ("corrupt")
// instead of failing some later query with an answer in hand. The widget's SQLite has no
// PRAGMA integrity_check; on a few hundred rows this takes well under a millisecond.
Status check_readable(Database& db) {
    constexpr std::string_view kScans[] = {
        "SELECT * FROM outbox", "SELECT id FROM outbox ORDER BY id",
        "SELECT * FROM survey_cache", "SELECT site FROM survey_cache ORDER BY site",
        "SELECT * FROM throttle", "SELECT survey_id FROM throttle ORDER BY survey_id",
    };
    for (const std::string_view sql : kScans) {
        Result<Statement> scan = db.prepare(sql);
        Result<bool> row = scan ? scan->step() : Result<bool>(scan.error());
        while (row.ok() && *row) row = scan->step();
        if (row.ok()) continue;
        // A page cut off (a short read of the image) is damage too.
        if (row.error().code == "corrupt" || (sqlite3_extended_errcode(db.handle()) & 0xff) == SQLITE_IOERR) {
            return Error{"corrupt", "the outbox database is damaged: " + row.error().message};
        }
        return row.error();
    }
    return {};
}

OutboxItem read_item(const Statement& row) {
    OutboxItem item;
    item.id = row.column_text(0);
    item.kind = row.column_text(1);
    item.body = row.column_text(2);
    item.created_at_ms = row.column_int64(3);
    item.attempts = row.column_int(4);
    item.next_attempt_at_ms = row.column_int64(5);
    item.last_error = row.column_optional_text(6);
    return item;
}

// Appends column 0 of every remaining row to ids.
Status collect_ids(Statement& statement, std::vector<std::string>& ids) {
    for (;;) {
        Result<bool> row = statement.step();
        if (!row) return row.error();
        if (!*row) return {};
        ids.push_back(statement.column_text(0));
    }
}

}  // namespace

std::span<const Migration> outbox_migrations() { return kMigrations; }

Result<Outbox> Outbox::open(const std::string& path) {
    OpenOptions options;
    options.write_ahead_log = false;
    Result<Database> opened = Database::open(path, options);
    if (!opened) return opened.error();
    return prepare(std::move(opened).value());
}

Result<Outbox> Outbox::open_image(std::span<const std::uint8_t> image) {
    Result<Database> opened = Database::open(":memory:");
    if (!opened) return opened.error();
    Database db = std::move(opened).value();
    if (Status loaded = db.load_image(image); !loaded) return loaded.error();
    return prepare(std::move(db));
}

Result<Outbox> Outbox::prepare(Database db) {
    if (Status s = migrate(db, outbox_migrations()); !s) return s.error();
    if (Status s = check_readable(db); !s) return s.error();

    const std::string insert_sql = "INSERT INTO outbox (" + std::string(kItemColumns) +
                                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING";
    const std::string due_sql = "SELECT " + std::string(kItemColumns) +
                                " FROM outbox WHERE next_attempt_at_ms <= ?1 ORDER BY id LIMIT ?2";
    Result<Statement> enqueue = db.prepare(insert_sql);
    if (!enqueue) return enqueue.error();
    Result<Statement> due = db.prepare(due_sql);
    if (!due) return due.error();
    Result<Statement> mark_failed = db.prepare(
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at_ms = ?2, last_error = ?3 WHERE id = ?1");
    if (!mark_failed) return mark_failed.error();
    Result<Statement> remove = db.prepare("DELETE FROM outbox WHERE id = ?1");
    if (!remove) return remove.error();
    Result<Statement> count = db.prepare("SELECT count(*) FROM outbox");
    if (!count) return count.error();

    return Outbox(std::move(db), CachedStatements{std::move(enqueue).value(), std::move(due).value(),
                                                  std::move(mark_failed).value(), std::move(remove).value(),
                                                  std::move(count).value()});
}

Result<bool> Outbox::enqueue(const OutboxItem& item) {
    if (item.kind != "response" && item.kind != "message") {
        return Error{"invalid_kind", "outbox kind must be 'response' or 'message', not '" + item.kind + "'"};
    }
    Statement& insert = statements_.enqueue;
    insert.reset();
    insert.bind_text(1, item.id)
        .bind_text(2, item.kind)
        .bind_text(3, item.body)
        .bind_int64(4, item.created_at_ms)
        .bind_int64(5, item.attempts)
        .bind_int64(6, item.next_attempt_at_ms)
        .bind_text(7, item.last_error);
    if (Status s = insert.run(); !s) return s.error();
    return db_.changes() == 1;
}

Result<std::vector<OutboxItem>> Outbox::due(std::int64_t now_ms, int limit) {
    std::vector<OutboxItem> items;
    if (limit <= 0) return items;
    Statement& query = statements_.due;
    query.reset();
    ResetOnScopeExit reset_after(query);
    query.bind_int64(1, now_ms).bind_int64(2, limit);
    for (;;) {
        Result<bool> row = query.step();
        if (!row) return row.error();
        if (!*row) break;
        items.push_back(read_item(query));
    }
    return items;
}

Status Outbox::mark_delivered(std::span<const std::string> ids) {
    if (ids.empty()) return {};
    Result<Transaction> transaction = Transaction::begin(db_);
    if (!transaction) return transaction.error();
    Statement& remove = statements_.remove;
    for (const std::string& id : ids) {
        remove.reset();
        remove.bind_text(1, id);
        if (Status s = remove.run(); !s) return s;
    }
    return transaction->commit();
}

Status Outbox::mark_failed(const std::string& id, std::int64_t next_attempt_at_ms, std::string_view error) {
    Statement& update = statements_.mark_failed;
    update.reset();
    update.bind_text(1, id).bind_int64(2, next_attempt_at_ms).bind_text(3, error);
    return update.run();
}

Result<std::int64_t> Outbox::count() {
    Statement& query = statements_.count;
    query.reset();
    ResetOnScopeExit reset_after(query);
    Result<bool> row = query.step();
    if (!row) return row.error();
    return *row ? query.column_int64(0) : 0;
}

Result<PruneReport> Outbox::prune(std::int64_t now_ms, const OutboxLimits& limits) {
    if (limits.max_items < 0 || limits.max_age_ms < 0) {
        return Error{"invalid_limits", "outbox limits must not be negative"};
    }
    const std::int64_t lowest = std::numeric_limits<std::int64_t>::min();
    const std::int64_t cutoff = now_ms < lowest + limits.max_age_ms ? lowest : now_ms - limits.max_age_ms;

    PruneReport report;
    Result<Transaction> transaction = Transaction::begin(db_);
    if (!transaction) return transaction.error();

    Result<Statement> expired =
        db_.prepare("SELECT id FROM outbox WHERE created_at_ms < ?1 ORDER BY created_at_ms, id");
    if (!expired) return expired.error();
    expired->bind_int64(1, cutoff);
    if (Status s = collect_ids(*expired, report.expired_ids); !s) return s.error();
    if (!report.expired_ids.empty()) {
        Result<Statement> drop = db_.prepare("DELETE FROM outbox WHERE created_at_ms < ?1");
        if (!drop) return drop.error();
        drop->bind_int64(1, cutoff);
        if (Status s = drop->run(); !s) return s.error();
    }

    constexpr std::string_view kBeyondNewest =
        "SELECT id FROM outbox ORDER BY created_at_ms DESC, id DESC LIMIT -1 OFFSET ?1";
    Result<Statement> overflow = db_.prepare(kBeyondNewest);
    if (!overflow) return overflow.error();
    overflow->bind_int64(1, limits.max_items);
    if (Status s = collect_ids(*overflow, report.overflow_ids); !s) return s.error();
    std::reverse(report.overflow_ids.begin(), report.overflow_ids.end());  // oldest first
    if (!report.overflow_ids.empty()) {
        Result<Statement> drop = db_.prepare("DELETE FROM outbox WHERE id IN (" + std::string(kBeyondNewest) + ")");
        if (!drop) return drop.error();
        drop->bind_int64(1, limits.max_items);
        if (Status s = drop->run(); !s) return s.error();
    }

    if (Status s = transaction->commit(); !s) return s.error();
    return report;
}

Status Outbox::put_surveys(std::string_view site, std::optional<std::string_view> etag, std::string_view body,
                           std::int64_t now_ms) {
    Result<Statement> upsert = db_.prepare(
        "INSERT INTO survey_cache (site, etag, body, fetched_at_ms) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (site) DO UPDATE SET etag = excluded.etag, body = excluded.body, "
        "fetched_at_ms = excluded.fetched_at_ms");
    if (!upsert) return upsert.error();
    upsert->bind_text(1, site).bind_text(2, etag).bind_text(3, body).bind_int64(4, now_ms);
    return upsert->run();
}

Result<std::optional<CachedSurveys>> Outbox::surveys(std::string_view site) {
    Result<Statement> query = db_.prepare("SELECT etag, body, fetched_at_ms FROM survey_cache WHERE site = ?1");
    if (!query) return query.error();
    query->bind_text(1, site);
    Result<bool> row = query->step();
    if (!row) return row.error();
    if (!*row) return std::optional<CachedSurveys>();
    CachedSurveys cached;
    cached.site = std::string(site);
    cached.etag = query->column_optional_text(0);
    cached.body = query->column_text(1);
    cached.fetched_at_ms = query->column_int64(2);
    return std::optional<CachedSurveys>(std::move(cached));
}

Status Outbox::record(std::string_view sql, std::string_view survey_id, std::int64_t now_ms) {
    Result<Statement> upsert = db_.prepare(sql);
    if (!upsert) return upsert.error();
    upsert->bind_text(1, survey_id).bind_int64(2, now_ms);
    return upsert->run();
}

Status Outbox::record_shown(std::string_view survey_id, std::int64_t now_ms) {
    return record(
        "INSERT INTO throttle (survey_id, shown_count, last_shown_at_ms) VALUES (?1, 1, ?2) "
        "ON CONFLICT (survey_id) DO UPDATE SET shown_count = shown_count + 1, last_shown_at_ms = excluded.last_shown_at_ms",
        survey_id, now_ms);
}

Status Outbox::record_dismissed(std::string_view survey_id, std::int64_t now_ms) {
    return record(
        "INSERT INTO throttle (survey_id, last_dismissed_at_ms) VALUES (?1, ?2) "
        "ON CONFLICT (survey_id) DO UPDATE SET last_dismissed_at_ms = excluded.last_dismissed_at_ms",
        survey_id, now_ms);
}

Status Outbox::record_completed(std::string_view survey_id, std::int64_t now_ms) {
    return record(
        "INSERT INTO throttle (survey_id, completed_at_ms) VALUES (?1, ?2) "
        "ON CONFLICT (survey_id) DO UPDATE SET completed_at_ms = excluded.completed_at_ms",
        survey_id, now_ms);
}

Result<ThrottleState> Outbox::throttle(std::string_view survey_id) {
    Result<Statement> query = db_.prepare(
        "SELECT shown_count, last_shown_at_ms, last_dismissed_at_ms, completed_at_ms FROM throttle "
        "WHERE survey_id = ?1");
    if (!query) return query.error();
    query->bind_text(1, survey_id);
    Result<bool> row = query->step();
    if (!row) return row.error();
    ThrottleState state;
    if (!*row) return state;
    state.shown_count = query->column_int64(0);
    state.last_shown_at_ms = query->column_optional_int64(1);
    state.last_dismissed_at_ms = query->column_optional_int64(2);
    state.completed_at_ms = query->column_optional_int64(3);
    return state;
}

}  // namespace sada
