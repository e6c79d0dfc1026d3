// The server's store of received responses: idempotent batch inserts, paging by seq, erasure by visitor.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <functional>

#include "sada/result.hpp"
#include "sada/rollups.hpp"
#include "sada/store.hpp"

namespace sada {

struct StoredResponse {
    std::string id;  // the client's UUIDv7; unique across the store
    std::string site;
    std::string survey_id;
    int survey_version = 0;
    std::int64_t submitted_at_ms = 0;
    std::int64_t received_at_ms = 0;
    // On insert, nullopt means "take body's $.context.visitor when it is a string".
    std::optional<std::string> visitor;
    std::string body;  // the JSON of the response, as text
    // What the receiver kept about the sender instead of its address and user agent (JSON text,
    // e.g. {"device_class": "mobile", "browser": "chrome"}); nullopt when nothing was kept.
    std::optional<std::string> client;
    std::int64_t seq = 0;  // assigned by the store (ignored on insert); never reused, even after erasure
    // Its scale answers and the context they count under in the rollups (the rollup key's day is
    // that of submitted_at_ms). Set by the receiver before insert; not read back by since().
    std::vector<ScoreAnswer> scores;
    std::string stage, device, locale;
};

enum class InsertOutcome { inserted, duplicate };

// Schema history: v1 = responses table; v2 = visitor column (backfilled from the body) + indexes;
// v3 = client column (the sender's device class, browser family, optional address prefix);
// v4 = scores (each response's scale answers) and rollups (rollups.hpp), and "unscored": the
// responses stored before v4, until score_unscored has counted them in.
// Tests build older files by applying a prefix of this list.
std::span<const Migration> response_store_migrations();

// Owns the server's SQLite file (WAL by default). Move-only.
class ResponseStore {
public:
    static Result<ResponseStore> open(const std::string& path, bool write_ahead_log = true);

    // One immediate transaction for the whole batch; one outcome per input, in order. A repeated id
    // (earlier in the store or earlier in the same batch) is a duplicate and is not stored again.
    // On any error the batch is rolled back entirely and the error returned. Each inserted
    // response's scores are counted into the rollups in the same transaction.
    Result<std::vector<InsertOutcome>> insert_batch(std::span<const StoredResponse> responses);
    // Counts in the responses stored before the store kept rollups: `score` fills in each one's
    // scores, stage, device and locale (from its body and its survey's definition). Transactions
    // of up to `batch` responses; returns how many were counted in. Nothing left: returns 0.
    Result<std::int64_t> score_unscored(const std::function<void(StoredResponse&)>& score, int batch = 1000);
    // A site's responses with seq > after_seq, in seq order, at most limit (limit <= 0: none).
    Result<std::vector<StoredResponse>> since(std::string_view site, std::int64_t after_seq, int limit);
    // Deletes every response of that visitor on that site, and counts their scores out of the
    // rollups, in one transaction; returns how many were deleted. An empty visitor is refused
    // ("invalid_visitor"): responses without a visitor are stored with NULL.
    Result<std::int64_t> erase_visitor(std::string_view site, std::string_view visitor);
    Result<std::int64_t> count(std::string_view site);
    Result<bool> contains(std::string_view id);

    Database& database() { return db_; }

private:
    struct CachedStatements {
        Statement insert;
        Statement since;
        Statement insert_score;
        RollupCounter rollups;
    };
    Status count_scores(std::int64_t seq, const StoredResponse& response);
    ResponseStore(Database db, CachedStatements statements)
        : db_(std::move(db)), statements_(std::move(statements)) {}

    Database db_;  // declared first: destroyed after the statements
    CachedStatements statements_;
};

}  // namespace sada
