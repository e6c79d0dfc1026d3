// The sync protocol, version 1 (docs/protocol.md): the batch a widget posts and the server's
// per-item reply, with the functions that build and read both sides, and the client's retry rules.
#pragma once

#include "sada/problem.hpp"
#include "sada/response.hpp"
#include "sada/result.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sada {

inline constexpr int kProtocolVersion = 1;
inline constexpr std::size_t kMaxBatchItems = 100;

enum class ItemStatus { accepted, duplicate, rejected };

std::string_view to_string(ItemStatus status);
std::optional<ItemStatus> item_status_from_string(std::string_view text);

// ---- request: {"responses": [response, ...]} ------------------------------------------------

// Client side: the request body for these responses (1..kMaxBatchItems, already JSON).
nlohmann::json build_sync_request(std::span<const nlohmann::json> responses);

// One item of a received batch: either a well-formed response, or the problems that make it
// unreadable (then `id` is whatever usable id it carried, so the reply can name it).
struct IncomingItem {
    std::optional<std::string> id;
    std::optional<Response> response;
    Problems problems;
};

struct SyncRequest {
    std::vector<IncomingItem> items;
};

// Server side: reads a request body. Request-level failures come back as an Error whose code is
// a Reason name: invalid_json, wrong_type (not {"responses": [...]}), unknown_field, empty (no
// responses) or too_many_items. Item-level failures stay with their item.
Result<SyncRequest> parse_sync_request(std::string_view body);

// ---- reply: {"results": [{"id", "status", "reason"?, "path"?, "message"?}, ...]} -------------

struct ItemResult {
    std::optional<std::string> id;   // null in JSON when the item had no usable id
    ItemStatus status = ItemStatus::accepted;
    std::optional<Reason> reason;    // rejected only: the first problem's reason
    std::string path;                // rejected only: JSON Pointer into the item
    std::string message;             // rejected only: human-readable
};

struct SyncReply {
    std::vector<ItemResult> results;  // one per request item, in request order
};

// A rejected result from an item's problems (the first one names the reason).
ItemResult rejected_result(std::optional<std::string> id, const Problems& problems);

nlohmann::json build_sync_reply(const SyncReply& reply);

// Client side: reads a reply body; an unreadable reply is an Error (code "invalid_reply").
Result<SyncReply> parse_sync_reply(std::string_view body);

// What the client does with the outbox after a reply to the ids it sent.
struct ReplyOutcome {
    std::vector<std::string> delivered;   // accepted or duplicate: remove from the outbox
    std::vector<ItemResult> rejected;     // rejected: remove, and warn (retrying cannot help)
    std::vector<std::string> unanswered;  // sent but missing from the reply: keep, retry later
};

ReplyOutcome classify_reply(std::span<const std::string> sent_ids, const SyncReply& reply);

// ---- retries -----------------------------------------------------------------------------

struct RetryPolicy {
    std::int64_t first_delay_ms = 2000;
    std::int64_t max_delay_ms = 30 * 60 * 1000;
    double jitter = 0.5;  // the delay is scaled by a factor in [1 - jitter, 1 + jitter]
};

// The delay before retry number `attempt` (1 = first retry): first_delay * 2^(attempt-1),
// capped, then scaled by jitter; `random_unit` is a uniform random number in [0, 1).
std::int64_t retry_delay_ms(int attempt, double random_unit, const RetryPolicy& policy = {});

// Whether a failed delivery is worth retrying: network errors (status 0), 429 and 5xx.
bool is_retryable_status(int http_status);

// The delay a 429/503 Retry-After header asks for (delta-seconds only), capped at the policy maximum.
std::optional<std::int64_t> retry_after_ms(std::string_view header_value, const RetryPolicy& policy = {});

}  // namespace sada
