// The SQLite layer behind store.hpp: connections, statements, transactions and migrations.
#include "sada/store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <climits>
#include <utility>

namespace sada {
namespace {

const char* code_for(int rc) {
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return "busy";
        case SQLITE_CONSTRAINT: return "constraint_violation";
        case SQLITE_TOOBIG: return "too_big";
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: return "corrupt";
        default: return "sqlite_error";
    }
}

Error sqlite_failure(sqlite3* db, int rc) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return Error{code_for(rc), std::move(message)};
}

Error too_big(std::string_view what) {
    return Error{"too_big", std::string(what) + " is larger than SQLite accepts"};
}

// Whether sql is only whitespace (sqlite3_prepare on it yields no statement).
bool is_blank(std::string_view sql) {
    for (char c : sql) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != ';') return false;
    }
    return true;
}

// Connection settings applied on every open; see OpenOptions.
Status configure(Database& db, const OpenOptions& options) {
    if (Status s = db.exec("PRAGMA foreign_keys = ON"); !s) return s;

    Result<Statement> journal = db.prepare(options.write_ahead_log ? "PRAGMA journal_mode = WAL"
                                                                   : "PRAGMA journal_mode = DELETE");
    if (!journal) return journal.error();
    Result<bool> row = journal->step();
    if (!row) return row.error();
    std::string mode = *row ? journal->column_text(0) : std::string();
    journal->reset();
    if (options.write_ahead_log && mode != "wal" && mode != "memory") {
        return Error{"wal_unavailable", "journal_mode stayed '" + mode + "'"};
    }
    return db.exec(options.write_ahead_log ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL");
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Database

Result<Database> Database::open(const std::string& path, const OpenOptions& options) {
    sqlite3* raw = nullptr;
    // NOMUTEX: a Database is used by one thread at a time (see store.hpp), so SQLite's own
    // per-call locking is only cost (about a tenth of a report's time over millions of rows).
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (options.create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        sqlite3_close_v2(raw);
        return Error{"sqlite_open_failed", message + " (" + path + ")"};
    }
    Database db(raw);
    sqlite3_busy_timeout(raw, options.busy_timeout_ms > 0 ? options.busy_timeout_ms : 0);
    if (Status configured = configure(db, options); !configured) {
        // "busy" (another connection holds the file) is worth retrying; the rest means unusable.
        Error e = configured.error();
        if (e.code != "busy" && e.code != "wal_unavailable") e.code = "sqlite_open_failed";
        e.message += " (" + path + ")";
        return e;
    }
    return db;
}

Database::Database(Database&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
    }
    return *this;
}

Database::~Database() { sqlite3_close_v2(db_); }

Result<std::vector<std::uint8_t>> Database::image() {
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(db_, "main", &size, 0);
    if (bytes == nullptr) {
        // An empty database (no page written yet) serializes to nothing.
        if (size == 0 && sqlite3_errcode(db_) == SQLITE_OK) return std::vector<std::uint8_t>{};
        return Error{"image_failed", "the database could not be serialized"};
    }
    std::vector<std::uint8_t> copy(bytes, bytes + size);
    sqlite3_free(bytes);
    return copy;
}

Status Database::load_image(std::span<const std::uint8_t> image) {
    if (image.empty()) return {};
    if (sqlite3_next_stmt(db_, nullptr) != nullptr) {
        return Error{"image_failed", "a database image cannot be loaded while statements exist"};
    }
    const auto size = static_cast<sqlite3_int64>(image.size());
    auto* buffer = static_cast<unsigned char*>(sqlite3_malloc64(static_cast<sqlite3_uint64>(size)));
    if (buffer == nullptr) return Error{"image_failed", "out of memory for a database image"};
    std::copy(image.begin(), image.end(), buffer);
    // FREEONCLOSE: SQLite owns the buffer from here on, even when this call fails.
    int rc = sqlite3_deserialize(db_, "main", buffer, size, size,
                                 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
    if (rc != SQLITE_OK) return Error{"image_failed", sqlite3_errstr(rc)};
    return {};
}

Status Database::exec(std::string_view sql) {
    if (sql.size() > static_cast<std::size_t>(INT_MAX)) return too_big("SQL text");
    const char* cursor = sql.data();
    const char* end = sql.data() + sql.size();
    while (cursor < end) {
        sqlite3_stmt* raw = nullptr;
        const char* tail = nullptr;
        int rc = sqlite3_prepare_v2(db_, cursor, static_cast<int>(end - cursor), &raw, &tail);
        if (rc != SQLITE_OK) return sqlite_failure(db_, rc);
        if (raw == nullptr) break;  // only whitespace or comments left
        Statement statement(raw);
        if (Status s = statement.run(); !s) return s.error();
        cursor = tail;
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    if (sql.size() > static_cast<std::size_t>(INT_MAX)) return too_big("SQL text");
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const char* end = sql.data() + sql.size();
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    if (rc != SQLITE_OK) return sqlite_failure(db_, rc);
    if (raw == nullptr) return Error{"empty_statement", "no SQL statement in: " + std::string(sql)};
    Statement statement(raw);

    std::string_view rest(tail, static_cast<std::size_t>(end - tail));
    if (!is_blank(rest)) {
        // Something follows: harmless only if it compiles to nothing (comments).
        sqlite3_stmt* extra = nullptr;
        rc = sqlite3_prepare_v2(db_, rest.data(), static_cast<int>(rest.size()), &extra, nullptr);
        sqlite3_finalize(extra);
        if (rc != SQLITE_OK || extra != nullptr) {
            return Error{"multiple_statements", "prepare() takes one statement; extra text: " + std::string(rest)};
        }
    }
    return statement;
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

Result<int> Database::user_version() {
    Result<Statement> statement = prepare("PRAGMA user_version");
    if (!statement) return statement.error();
    Result<bool> row = statement->step();
    if (!row) return row.error();
    return *row ? statement->column_int(0) : 0;
}

// ---------------------------------------------------------------------------------------------
// Statement

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), bind_failure_(std::move(other.bind_failure_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
        bind_failure_ = std::move(other.bind_failure_);
    }
    return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::remember_bind_failure(int rc, int index) {
    if (rc == SQLITE_OK || bind_failure_) return;
    Error e = sqlite_failure(sqlite3_db_handle(stmt_), rc);
    e.message += " (binding parameter " + std::to_string(index) + ")";
    bind_failure_ = std::move(e);
}

Statement& Statement::bind_int64(int index, std::int64_t value) {
    remember_bind_failure(sqlite3_bind_int64(stmt_, index, value), index);
    return *this;
}

Statement& Statement::bind_int64(int index, std::optional<std::int64_t> value) {
    return value ? bind_int64(index, *value) : bind_null(index);
}

Statement& Statement::bind_double(int index, double value) {
    remember_bind_failure(sqlite3_bind_double(stmt_, index, value), index);
    return *this;
}

Statement& Statement::bind_double(int index, std::optional<double> value) {
    return value ? bind_double(index, *value) : bind_null(index);
}

Statement& Statement::bind_text(int index, std::string_view value) {
    if (value.size() > static_cast<std::size_t>(INT_MAX)) {
        if (!bind_failure_) bind_failure_ = too_big("text parameter " + std::to_string(index));
        return *this;
    }
    // A null data pointer would bind NULL; an empty view must bind the empty string.
    const char* data = value.data() != nullptr ? value.data() : "";
    remember_bind_failure(
        sqlite3_bind_text(stmt_, index, data, static_cast<int>(value.size()), SQLITE_TRANSIENT), index);
    return *this;
}

Statement& Statement::bind_null(int index) {
    remember_bind_failure(sqlite3_bind_null(stmt_, index), index);
    return *this;
}

Result<bool> Statement::step() {
    if (bind_failure_) return *bind_failure_;
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sqlite_failure(sqlite3_db_handle(stmt_), rc);
}

Status Statement::run() {
    ResetOnScopeExit reset_after(*this);
    for (;;) {
        Result<bool> row = step();
        if (!row) return row.error();
        if (!*row) return {};
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bind_failure_.reset();
}

std::int64_t Statement::column_int64(int index) const { return sqlite3_column_int64(stmt_, index); }

int Statement::column_int(int index) const { return sqlite3_column_int(stmt_, index); }

double Statement::column_double(int index) const { return sqlite3_column_double(stmt_, index); }

std::string Statement::column_text(int index) const { return std::string(column_text_view(index)); }

std::string_view Statement::column_text_view(int index) const {
    const unsigned char* text = sqlite3_column_text(stmt_, index);
    int size = sqlite3_column_bytes(stmt_, index);  // after column_text, as SQLite asks
    if (text == nullptr || size <= 0) return {};
    return std::string_view(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

bool Statement::column_is_null(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

std::optional<std::int64_t> Statement::column_optional_int64(int index) const {
    if (column_is_null(index)) return std::nullopt;
    return column_int64(index);
}

std::optional<std::string> Statement::column_optional_text(int index) const {
    if (column_is_null(index)) return std::nullopt;
    return column_text(index);
}

// ---------------------------------------------------------------------------------------------
// Transaction

Result<Transaction> Transaction::begin(Database& database, TransactionMode mode) {
    const char* sql = mode == TransactionMode::immediate   ? "BEGIN IMMEDIATE"
                      : mode == TransactionMode::exclusive ? "BEGIN EXCLUSIVE"
                                                           : "BEGIN DEFERRED";
    // Transactions here never nest, so an open one was left by a ROLLBACK that failed (out of
    // memory, I/O error): undo it now, or this connection could never write again.
    if (sqlite3_get_autocommit(database.handle()) == 0) {
        if (int rc = sqlite3_exec(database.handle(), "ROLLBACK", nullptr, nullptr, nullptr); rc != SQLITE_OK) {
            return sqlite_failure(database.handle(), rc);
        }
    }
    if (Status s = database.exec(sql); !s) return s.error();
    Transaction transaction(database.handle());
    transaction.open_ = true;
    return transaction;
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), open_(std::exchange(other.open_, false)) {}

Transaction::~Transaction() {
    if (open_) (void)rollback();
}

Status Transaction::commit() {
    if (!open_) return Error{"sqlite_error", "commit() without an open transaction"};
    int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        Error e = sqlite_failure(db_, rc);
        // SQLite may already have rolled back (e.g. after SQLITE_FULL); then nothing is left to undo.
        if (sqlite3_get_autocommit(db_) != 0) open_ = false;
        return e;
    }
    open_ = false;
    return {};
}

Status Transaction::rollback() {
    if (!open_) return {};
    open_ = false;
    // A failed statement may have ended the transaction already (SQLite's automatic rollback).
    if (sqlite3_get_autocommit(db_) != 0) return {};
    int rc = sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return sqlite_failure(db_, rc);
    return {};
}

// ---------------------------------------------------------------------------------------------
// Migrations

Status migrate(Database& database, std::span<const Migration> migrations) {
    int previous = 0;
    for (const Migration& m : migrations) {
        if (m.version <= previous) {
            return Error{"bad_migration_list", "migration versions must be positive and strictly increasing; " +
                                                   std::to_string(m.version) + " follows " + std::to_string(previous)};
        }
        previous = m.version;
    }
    const int newest_known = previous;

    Result<int> current = database.user_version();
    if (!current) return current.error();
    if (*current > newest_known) {
        return Error{"schema_too_new", "the file has schema version " + std::to_string(*current) +
                                           "; this build knows up to " + std::to_string(newest_known)};
    }

    for (const Migration& m : migrations) {
        if (m.version <= *current) continue;
        Result<Transaction> transaction = Transaction::begin(database, TransactionMode::immediate);
        if (!transaction) return transaction.error();
        // Another connection may have migrated while we waited for the write lock.
        Result<int> now = database.user_version();
        if (!now) return now.error();
        if (*now > newest_known) return Error{"schema_too_new", "schema moved to " + std::to_string(*now)};
        if (*now >= m.version) continue;

        Status applied = database.exec(m.sql);
        if (applied) applied = database.exec("PRAGMA user_version = " + std::to_string(m.version));
        if (applied) applied = transaction->commit();
        if (!applied) {
            // "busy" stays "busy" (worth retrying); anything else is a broken migration.
            const std::string& code = applied.error().code;
            return Error{code == "busy" ? code : "migration_failed",
                         "migration " + std::to_string(m.version) + " [" + code + "]: " + applied.error().message};
        }
    }
    return {};
}

}  // namespace sada
