// A small RAII layer over SQLite (database, statements, transactions, migrations) with errors as values.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sada/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace sada {

// Error codes produced here: "sqlite_open_failed", "sqlite_error", "busy" (SQLITE_BUSY/LOCKED),
// "corrupt" (SQLITE_CORRUPT/NOTADB: the file or image is damaged or not a database),
// "constraint_violation", "wal_unavailable", "empty_statement", "multiple_statements", "too_big",
// "schema_too_new", "bad_migration_list", "migration_failed", "image_failed". Messages carry sqlite3_errmsg.

struct OpenOptions {
    bool write_ahead_log = false;  // WAL + synchronous=NORMAL; otherwise DELETE + synchronous=FULL
    int busy_timeout_ms = 5000;
    bool create = true;            // create the file when it does not exist
};

class Statement;

// One open connection. Move-only; closes on destruction (sqlite3_close_v2, so statements that
// outlive it are still finalized safely). One thread at a time: it is opened without SQLite's
// per-connection mutex, so threads that share one must take turns (the server's reader does).
class Database {
public:
    static Result<Database> open(const std::string& path, const OpenOptions& options = {});

    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    // Runs every statement in sql (separated by ';'), discarding rows.
    Status exec(std::string_view sql);
    // Compiles exactly one statement; trailing statements are an error ("multiple_statements").
    Result<Statement> prepare(std::string_view sql);

    // The database file as bytes (sqlite3_serialize of "main"), e.g. to save it elsewhere.
    Result<std::vector<std::uint8_t>> image();
    // Replaces "main" with a private in-memory copy of image (sqlite3_deserialize); the copy
    // grows as needed. Bytes that are not an SQLite database fail later, on first use, with
    // "sqlite_error". Only call it while no statement of this connection exists.
    Status load_image(std::span<const std::uint8_t> image);

    std::int64_t last_insert_rowid() const;
    int changes() const;  // rows changed by the last completed INSERT/UPDATE/DELETE
    Result<int> user_version();
    sqlite3* handle() const { return db_; }

private:
    explicit Database(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
};

// One prepared statement. Move-only; finalized on destruction; reusable after reset().
// Binds (1-based) chain and never fail on their own: the first bind failure is remembered and
// returned by the next step()/run(), and forgotten by reset().
class Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind_int64(int index, std::int64_t value);
    Statement& bind_int64(int index, std::optional<std::int64_t> value);  // nullopt binds NULL
    Statement& bind_double(int index, double value);
    Statement& bind_double(int index, std::optional<double> value);
    Statement& bind_text(int index, std::string_view value);  // copied (SQLITE_TRANSIENT); "" is not NULL
    template <typename Text>
        requires std::convertible_to<const Text&, std::string_view>
    Statement& bind_text(int index, const std::optional<Text>& value) {
        return value ? bind_text(index, std::string_view(*value)) : bind_null(index);
    }
    Statement& bind_null(int index);

    // true: a row is available; false: the statement is done.
    Result<bool> step();
    // Steps to completion discarding rows, then reset()s. For INSERT/UPDATE/DELETE/DDL.
    Status run();
    // Rewinds the statement and clears its bindings and any remembered bind failure.
    void reset();

    // Column getters (0-based) for the current row. NULL reads as 0, 0.0 or "".
    std::int64_t column_int64(int index) const;
    int column_int(int index) const;
    double column_double(int index) const;
    std::string column_text(int index) const;
    // The same without a copy: valid until the next step, reset or column call on this column.
    std::string_view column_text_view(int index) const;
    bool column_is_null(int index) const;
    std::optional<std::int64_t> column_optional_int64(int index) const;
    std::optional<std::string> column_optional_text(int index) const;

    sqlite3_stmt* handle() const { return stmt_; }

private:
    friend class Database;
    explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
    void remember_bind_failure(int rc, int index);

    sqlite3_stmt* stmt_ = nullptr;
    std::optional<Error> bind_failure_;
};

// Resets a (cached) statement when the scope ends, whatever path leaves it, so that no statement
// keeps a read transaction open.
class ResetOnScopeExit {
public:
    explicit ResetOnScopeExit(Statement& statement) : statement_(statement) {}
    ~ResetOnScopeExit() { statement_.reset(); }
    ResetOnScopeExit(const ResetOnScopeExit&) = delete;
    ResetOnScopeExit& operator=(const ResetOnScopeExit&) = delete;

private:
    Statement& statement_;
};

enum class TransactionMode { deferred, immediate, exclusive };

// BEGIN on construction; ROLLBACK on destruction unless commit() succeeded. Holds the raw
// connection, so moving the Database object while a transaction is open is harmless.
// Transactions do not nest (use SAVEPOINT inside one): begin() first rolls back a transaction
// still open on the connection, which only a failed ROLLBACK (out of memory, I/O error) leaves.
class Transaction {
public:
    static Result<Transaction> begin(Database& database, TransactionMode mode = TransactionMode::immediate);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&& other) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    // On failure (e.g. "busy") the transaction stays open and is rolled back by the destructor.
    Status commit();
    Status rollback();

private:
    explicit Transaction(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
    bool open_ = false;
};

struct Migration {
    int version;           // > 0, strictly increasing within a list
    std::string_view sql;  // may hold several statements
};

// Applies, in order and each in its own immediate transaction together with its
// PRAGMA user_version, every migration newer than the file. A file newer than the newest known
// migration is refused with "schema_too_new" and left untouched. A failing migration is rolled
// back entirely ("migration_failed"); the ones before it stay applied.
Status migrate(Database& database, std::span<const Migration> migrations);

}  // namespace sada
