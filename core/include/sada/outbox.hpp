// The widget's local store: the outbox of unsent answers, the cached survey list and display throttling.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sada/result.hpp"
#include "sada/store.hpp"

namespace sada {

struct OutboxItem {
    std::string id;    // the response's UUIDv7; ids sort by creation time
    std::string kind;  // "response" or "message"
    std::string body;  // the JSON of one item, as text
    std::int64_t created_at_ms = 0;
    int attempts = 0;
    std::int64_t next_attempt_at_ms = 0;
    std::optional<std::string> last_error;
};

struct OutboxLimits {
    std::int64_t max_items = 500;
    std::int64_t max_age_ms = 30LL * 24 * 60 * 60 * 1000;  // 30 days
};

// What prune() dropped, so the widget can report it. Each list is oldest first.
struct PruneReport {
    std::vector<std::string> expired_ids;   // created more than max_age_ms before now
    std::vector<std::string> overflow_ids;  // the oldest beyond max_items (after the expired went)
    std::size_t dropped() const { return expired_ids.size() + overflow_ids.size(); }
};

struct CachedSurveys {
    std::string site;
    std::optional<std::string> etag;
    std::string body;
    std::int64_t fetched_at_ms = 0;
};

// Display history of one survey on this browser; zero / nullopt when it was never shown.
struct ThrottleState {
    std::int64_t shown_count = 0;
    std::optional<std::int64_t> last_shown_at_ms;
    std::optional<std::int64_t> last_dismissed_at_ms;
    std::optional<std::int64_t> completed_at_ms;
};

// Schema of the widget's file, for migrate(); Outbox::open applies it.
std::span<const Migration> outbox_migrations();

// Owns the widget's SQLite database: a file (rollback journal, never WAL) or an in-memory image. Move-only.
class Outbox {
public:
    static Result<Outbox> open(const std::string& path);
    // An outbox in memory, starting from a saved image() (empty: a new, empty outbox). The widget
    // keeps its outbox this way and saves the image to IndexedDB itself.
    static Result<Outbox> open_image(std::span<const std::uint8_t> image);
    // The whole outbox database as bytes, for open_image().
    Result<std::vector<std::uint8_t>> image() { return db_.image(); }

    // Stores the item unless its id is already there: true = stored, false = already present
    // (the stored copy is left unchanged). A kind other than "response"/"message" is "invalid_kind".
    Result<bool> enqueue(const OutboxItem& item);
    // Items whose next_attempt_at_ms <= now_ms, oldest id first, at most limit (limit <= 0: none).
    Result<std::vector<OutboxItem>> due(std::int64_t now_ms, int limit);
    // Deletes the given ids (unknown ids are ignored), in one transaction.
    Status mark_delivered(std::span<const std::string> ids);
    // attempts + 1, the next attempt time and the error; an unknown id is a no-op.
    Status mark_failed(const std::string& id, std::int64_t next_attempt_at_ms, std::string_view error);
    Result<std::int64_t> count();
    // Drops items created before now_ms - max_age_ms, then the oldest (by created_at_ms, id) beyond
    // max_items, in one transaction. Negative limits are "invalid_limits".
    Result<PruneReport> prune(std::int64_t now_ms, const OutboxLimits& limits = {});

    // The survey list last fetched for a site, with its ETag (replaces what was cached).
    Status put_surveys(std::string_view site, std::optional<std::string_view> etag, std::string_view body,
                       std::int64_t now_ms);
    Result<std::optional<CachedSurveys>> surveys(std::string_view site);

    Status record_shown(std::string_view survey_id, std::int64_t now_ms);  // shown_count + 1
    Status record_dismissed(std::string_view survey_id, std::int64_t now_ms);
    Status record_completed(std::string_view survey_id, std::int64_t now_ms);
    Result<ThrottleState> throttle(std::string_view survey_id);

    Database& database() { return db_; }

private:
    struct CachedStatements {
        Statement enqueue;
        Statement due;
        Statement mark_failed;
        Statement remove;
        Statement count;
    };
    Outbox(Database db, CachedStatements statements) : db_(std::move(db)), statements_(std::move(statements)) {}
    static Result<Outbox> prepare(Database db);
    Status record(std::string_view sql, std::string_view survey_id, std::int64_t now_ms);

    Database db_;                  // declared first: destroyed after the statements
    CachedStatements statements_;
};

}  // namespace sada
