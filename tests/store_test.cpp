// Tests of the SQLite layer: statements, transactions, migrations and errors as values, on real files.
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "sada/store.hpp"
#include "temp_dir.hpp"

namespace {

using sada::Database;
using sada::Migration;
using sada::Statement;

Database open_db(const std::string& path, const sada::OpenOptions& options = {}) {
    auto opened = Database::open(path, options);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened).value();
}

Statement prepare(Database& db, std::string_view sql) {
    auto prepared = db.prepare(sql);
    REQUIRE_MESSAGE(prepared.ok(), (prepared.ok() ? "" : prepared.error().message));
    return std::move(prepared).value();
}

std::int64_t query_int(Database& db, std::string_view sql) {
    Statement statement = prepare(db, sql);
    auto row = statement.step();
    REQUIRE(row.ok());
    REQUIRE(*row);
    return statement.column_int64(0);
}

bool table_exists(Database& db, std::string_view name) {
    Statement statement = prepare(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
    statement.bind_text(1, name);
    auto row = statement.step();
    REQUIRE(row.ok());
    return statement.column_int64(0) == 1;
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Each migration logs its version, so the order in which they ran is visible.
constexpr Migration kThreeMigrations[] = {
    {1, "CREATE TABLE log (n INTEGER NOT NULL); INSERT INTO log (n) VALUES (1);"},
    {2, "ALTER TABLE log ADD COLUMN note TEXT; INSERT INTO log (n, note) VALUES (2, 'needs v1');"},
    {3, "INSERT INTO log (n) VALUES (3);"},
};

std::vector<std::int64_t> logged_versions(Database& db) {
    Statement statement = prepare(db, "SELECT n FROM log ORDER BY rowid");
    std::vector<std::int64_t> versions;
    for (;;) {
        auto row = statement.step();
        REQUIRE(row.ok());
        if (!*row) break;
        versions.push_back(statement.column_int64(0));
    }
    return versions;
}

}  // namespace

TEST_CASE("store: a statement round-trips integers, doubles, text, NULL and optionals") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    Database db = open_db(dir.file("types.db"));
    REQUIRE(db.exec("CREATE TABLE t (i INTEGER, d REAL, s TEXT, n, oi INTEGER, os TEXT, od REAL)").ok());

    const std::string text_with_nul("a\0b \xd8\xb3\xd9\x84\xd8\xa7\xd9\x85", 11);  // "a\0b سلام"
    struct Row {
        std::int64_t i;
        double d;
        std::string s;
    };
    const Row rows[] = {
        {std::numeric_limits<std::int64_t>::max(), 0.1, text_with_nul},
        {std::numeric_limits<std::int64_t>::min(), -2.5e300, ""},
    };
    Statement insert = prepare(db, "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (const Row& r : rows) {
        insert.bind_int64(1, r.i).bind_double(2, r.d).bind_text(3, r.s).bind_null(4);
        insert.bind_int64(5, std::optional<std::int64_t>(42))
            .bind_text(6, std::optional<std::string>())
            .bind_double(7, std::optional<double>());
        REQUIRE(insert.run().ok());
        CHECK(db.changes() == 1);
    }
    CHECK(db.last_insert_rowid() == 2);

    Statement select = prepare(db, "SELECT i, d, s, n, oi, os, od FROM t ORDER BY rowid");
    for (const Row& r : rows) {
        auto row = select.step();
        REQUIRE(row.ok());
        REQUIRE(*row);
        CHECK(select.column_int64(0) == r.i);
        CHECK(select.column_double(1) == r.d);
        CHECK(select.column_text(2) == r.s);
        CHECK_FALSE(select.column_is_null(2));  // "" is stored as text, not NULL
        CHECK(select.column_is_null(3));
        CHECK(select.column_optional_int64(4) == std::optional<std::int64_t>(42));
        CHECK(select.column_optional_text(5) == std::nullopt);
        CHECK(select.column_is_null(6));
    }
    auto done = select.step();
    REQUIRE(done.ok());
    CHECK_FALSE(*done);

    SUBCASE("reset rewinds and clears bindings") {
        Statement by_i = prepare(db, "SELECT count(*) FROM t WHERE i = ?1");
        by_i.bind_int64(1, rows[0].i);
        REQUIRE(*by_i.step());
        CHECK(by_i.column_int64(0) == 1);
        by_i.reset();
        REQUIRE(*by_i.step());
        CHECK(by_i.column_int64(0) == 0);  // ?1 is NULL again
    }
    SUBCASE("an empty view binds the empty string, not NULL") {
        Statement empty = prepare(db, "SELECT ?1 IS NULL, length(?1)");
        empty.bind_text(1, std::string_view());  // data() is nullptr here
        REQUIRE(*empty.step());
        CHECK(empty.column_int64(0) == 0);
        CHECK(empty.column_int64(1) == 0);
    }
    SUBCASE("a failed bind is reported by the next step, and forgotten by reset") {
        Statement one = prepare(db, "SELECT ?1");
        one.bind_int64(2, 7);
        auto stepped = one.step();
        REQUIRE_FALSE(stepped.ok());
        CHECK(stepped.error().code == "sqlite_error");
        CHECK(stepped.error().message.find("parameter 2") != std::string::npos);
        one.reset();
        one.bind_int64(1, 7);
        auto again = one.step();
        REQUIRE(again.ok());
        CHECK(one.column_int64(0) == 7);
    }
}

TEST_CASE("store: a transaction rolls back when destroyed without commit") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    Database db = open_db(dir.file("tx.db"));
    REQUIRE(db.exec("CREATE TABLE t (x INTEGER)").ok());

    SUBCASE("destroyed without commit") {
        {
            auto tx = sada::Transaction::begin(db);
            REQUIRE(tx.ok());
            REQUIRE(db.exec("INSERT INTO t VALUES (1)").ok());
            CHECK(query_int(db, "SELECT count(*) FROM t") == 1);  // visible inside
        }
        CHECK(query_int(db, "SELECT count(*) FROM t") == 0);
    }
    SUBCASE("committed") {
        {
            auto tx = sada::Transaction::begin(db, sada::TransactionMode::deferred);
            REQUIRE(tx.ok());
            REQUIRE(db.exec("INSERT INTO t VALUES (1)").ok());
            REQUIRE(tx->commit().ok());
        }
        CHECK(query_int(db, "SELECT count(*) FROM t") == 1);
    }
    SUBCASE("explicit rollback, then the connection is usable again") {
        auto tx = sada::Transaction::begin(db, sada::TransactionMode::exclusive);
        REQUIRE(tx.ok());
        REQUIRE(db.exec("INSERT INTO t VALUES (1)").ok());
        REQUIRE(tx->rollback().ok());
        CHECK(query_int(db, "SELECT count(*) FROM t") == 0);
        auto next = sada::Transaction::begin(db);
        CHECK(next.ok());
    }
    SUBCASE("a second writer is refused with busy, not blocked forever") {
        sada::OpenOptions impatient;
        impatient.busy_timeout_ms = 0;
        Database other = open_db(dir.file("tx.db"), impatient);
        auto held = sada::Transaction::begin(db);
        REQUIRE(held.ok());
        auto refused = sada::Transaction::begin(other);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == "busy");
    }
}

TEST_CASE("migration: applies pending migrations in order and sets user_version") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    Database db = open_db(dir.file("m.db"));
    REQUIRE(*db.user_version() == 0);

    SUBCASE("from an empty file") {
        REQUIRE(sada::migrate(db, kThreeMigrations).ok());
        CHECK(*db.user_version() == 3);
        CHECK(logged_versions(db) == std::vector<std::int64_t>{1, 2, 3});
    }
    SUBCASE("from a file at version 1, only the newer ones run") {
        REQUIRE(sada::migrate(db, std::span(kThreeMigrations).first(1)).ok());
        CHECK(*db.user_version() == 1);
        REQUIRE(sada::migrate(db, kThreeMigrations).ok());
        CHECK(*db.user_version() == 3);
        CHECK(logged_versions(db) == std::vector<std::int64_t>{1, 2, 3});
    }
}

TEST_CASE("migration: re-running migrate is a no-op") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string path = dir.file("m.db");
    {
        Database db = open_db(path);
        REQUIRE(sada::migrate(db, kThreeMigrations).ok());
        REQUIRE(sada::migrate(db, kThreeMigrations).ok());
    }
    Database reopened = open_db(path);
    REQUIRE(sada::migrate(reopened, kThreeMigrations).ok());
    CHECK(*reopened.user_version() == 3);
    CHECK(logged_versions(reopened) == std::vector<std::int64_t>{1, 2, 3});
}

TEST_CASE("migration: a file newer than the code is refused with schema_too_new and left untouched") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string path = dir.file("m.db");
    {
        Database db = open_db(path);
        REQUIRE(sada::migrate(db, kThreeMigrations).ok());
    }
    const std::string before = file_bytes(path);
    REQUIRE_FALSE(before.empty());

    constexpr Migration kOlderCode[] = {
        {1, "CREATE TABLE log (n INTEGER NOT NULL);"},
        {2, "CREATE TABLE must_not_appear (x);"},
    };
    {
        Database db = open_db(path);
        auto status = sada::migrate(db, kOlderCode);
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().code == "schema_too_new");
        CHECK(*db.user_version() == 3);
        CHECK_FALSE(table_exists(db, "must_not_appear"));
    }
    CHECK(file_bytes(path) == before);
}

TEST_CASE("migration: versions must be positive and strictly increasing") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    Database db = open_db(dir.file("m.db"));
    std::vector<Migration> list;
    SUBCASE("out of order") { list = {{2, "CREATE TABLE a (x);"}, {1, "CREATE TABLE b (x);"}}; }
    SUBCASE("repeated") { list = {{1, "CREATE TABLE a (x);"}, {1, "CREATE TABLE b (x);"}}; }
    SUBCASE("zero") { list = {{0, "CREATE TABLE a (x);"}}; }
    auto status = sada::migrate(db, list);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == "bad_migration_list");
    CHECK(*db.user_version() == 0);
    CHECK_FALSE(table_exists(db, "a"));
}

TEST_CASE("migration: a failing migration is rolled back whole and the earlier ones stay") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    Database db = open_db(dir.file("m.db"));
    constexpr Migration kBrokenSecond[] = {
        {1, "CREATE TABLE a (x);"},
        {2, "CREATE TABLE b (x); INSERT INTO a VALUES (1); SELEC 1;"},
        {3, "CREATE TABLE c (x);"},
    };
    auto status = sada::migrate(db, kBrokenSecond);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == "migration_failed");
    CHECK(status.error().message.find("migration 2") != std::string::npos);
    CHECK(status.error().message.find("syntax error") != std::string::npos);
    CHECK(*db.user_version() == 1);
    CHECK(table_exists(db, "a"));
    CHECK(query_int(db, "SELECT count(*) FROM a") == 0);
    CHECK_FALSE(table_exists(db, "b"));
    CHECK_FALSE(table_exists(db, "c"));
}

TEST_CASE("store: bad SQL gives an error value carrying sqlite's message") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    Database db = open_db(dir.file("e.db"));
    SUBCASE("exec") {
        auto status = db.exec("CREATE TABLE ok (x); SELEC 1;");
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().code == "sqlite_error");
        CHECK(status.error().message.find("syntax error") != std::string::npos);
        CHECK(table_exists(db, "ok"));  // statements before the bad one ran
    }
    SUBCASE("prepare") {
        auto prepared = db.prepare("SELECT * FROM no_such_table");
        REQUIRE_FALSE(prepared.ok());
        CHECK(prepared.error().code == "sqlite_error");
        CHECK(prepared.error().message.find("no such table: no_such_table") != std::string::npos);
    }
    SUBCASE("prepare refuses a second statement but allows a trailing comment") {
        auto two = db.prepare("SELECT 1; SELECT 2");
        REQUIRE_FALSE(two.ok());
        CHECK(two.error().code == "multiple_statements");
        CHECK(db.prepare("SELECT 1; -- trailing comment").ok());
        auto empty = db.prepare("  ");
        REQUIRE_FALSE(empty.ok());
        CHECK(empty.error().code == "empty_statement");
    }
    SUBCASE("a constraint violation has its own code") {
        REQUIRE(db.exec("CREATE TABLE u (x TEXT NOT NULL)").ok());
        auto status = db.exec("INSERT INTO u VALUES (NULL)");
        REQUIRE_FALSE(status.ok());
        CHECK(status.error().code == "constraint_violation");
        CHECK(status.error().message.find("NOT NULL constraint failed: u.x") != std::string::npos);
    }
}

TEST_CASE("store: opening a path that cannot be opened gives an error value") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    SUBCASE("a file in a directory that does not exist") {
        auto opened = Database::open(dir.file("no/such/dir/x.db"));
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == "sqlite_open_failed");
        CHECK_FALSE(opened.error().message.empty());
    }
    SUBCASE("a missing file with create = false is not created") {
        sada::OpenOptions no_create;
        no_create.create = false;
        auto opened = Database::open(dir.file("absent.db"), no_create);
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == "sqlite_open_failed");
        CHECK_FALSE(std::filesystem::exists(dir.file("absent.db")));
    }
    SUBCASE("a file that is not a database") {
        { std::ofstream(dir.file("junk.db"), std::ios::binary) << std::string(4096, 'x'); }
        auto opened = Database::open(dir.file("junk.db"));
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().code == "sqlite_open_failed");
        CHECK(opened.error().message.find("not a database") != std::string::npos);
    }
}

TEST_CASE("store: open sets the journal mode, synchronous, foreign keys and busy timeout") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    SUBCASE("rollback journal by default") {
        Database db = open_db(dir.file("d.db"));
        Statement mode = prepare(db, "PRAGMA journal_mode");
        REQUIRE(*mode.step());
        CHECK(mode.column_text(0) == "delete");
        CHECK(query_int(db, "PRAGMA synchronous") == 2);  // FULL
        CHECK(query_int(db, "PRAGMA foreign_keys") == 1);
        CHECK(query_int(db, "PRAGMA busy_timeout") == 5000);
    }
    SUBCASE("WAL when asked for") {
        sada::OpenOptions options;
        options.write_ahead_log = true;
        options.busy_timeout_ms = 1234;
        if (sqlite3_compileoption_used("OMIT_WAL") != 0) {  // the browser's SQLite has no WAL
            auto refused = Database::open(dir.file("w.db"), options);
            REQUIRE_FALSE(refused.ok());
            CHECK(refused.error().code == "wal_unavailable");
            return;
        }
        Database db = open_db(dir.file("w.db"), options);
        Statement mode = prepare(db, "PRAGMA journal_mode");
        REQUIRE(*mode.step());
        CHECK(mode.column_text(0) == "wal");
        CHECK(query_int(db, "PRAGMA synchronous") == 1);  // NORMAL
        CHECK(query_int(db, "PRAGMA busy_timeout") == 1234);
    }
}
