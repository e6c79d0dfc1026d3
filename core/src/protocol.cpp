// Building and reading sync requests and replies (protocol v1), and the client's retry arithmetic.
#include "sada/protocol.hpp"

#include "json_reader.hpp"
#include "sada/json_text.hpp"
#include "sada/response_id.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

namespace sada {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<ItemStatus, std::string_view>, 3> kStatusNames{{
    {ItemStatus::accepted, "accepted"}, {ItemStatus::duplicate, "duplicate"}, {ItemStatus::rejected, "rejected"},
}};

Error request_error(Reason reason, std::string message) { return Error{std::string(to_string(reason)), std::move(message)}; }

}  // namespace

std::string_view to_string(ItemStatus status) {
    for (const auto& [value, name] : kStatusNames) {
        if (value == status) return name;
    }
    return "rejected";
}

std::optional<ItemStatus> item_status_from_string(std::string_view text) {
    for (const auto& [value, name] : kStatusNames) {
        if (name == text) return value;
    }
    return std::nullopt;
}

json build_sync_request(std::span<const json> responses) {
    json list = json::array();
    for (const json& response : responses) list.push_back(response);
    return json{{"responses", std::move(list)}};
}

Result<SyncRequest> parse_sync_request(std::string_view body) {
    auto parsed = parse_json_text(body);
    if (!parsed.ok()) return parsed.error();
    json& document = *parsed;
    if (!document.is_object()) return request_error(Reason::wrong_type, "expected {\"responses\": [...]}");
    for (const auto& [key, value] : document.items()) {
        if (key != "responses") return request_error(Reason::unknown_field, "unknown field \"" + key + "\"");
    }
    const auto list = document.find("responses");
    if (list == document.end()) return request_error(Reason::missing_field, "\"responses\" is required");
    if (!list->is_array()) return request_error(Reason::wrong_type, "\"responses\" must be an array");
    if (list->empty()) return request_error(Reason::empty, "\"responses\" is empty");
    if (list->size() > kMaxBatchItems) {
        return request_error(Reason::too_many_items, std::to_string(list->size()) + " responses, at most " +
                                                         std::to_string(kMaxBatchItems) + " per request");
    }
    SyncRequest request;
    request.items.reserve(list->size());
    for (json& item : *list) {
        IncomingItem incoming;
        if (item.is_object()) {
            const auto id = item.find("id");
            if (id != item.end() && id->is_string() && is_uuid(id->get_ref<const std::string&>())) {
                incoming.id = canonical_uuid(id->get_ref<const std::string&>());
            }
        }
        ResponseParse parsed = parse_response(std::move(item));
        incoming.response = std::move(parsed.response);
        incoming.problems = std::move(parsed.problems);
        request.items.push_back(std::move(incoming));
    }
    return request;
}

ItemResult rejected_result(std::optional<std::string> id, const Problems& problems) {
    ItemResult result;
    result.id = std::move(id);
    result.status = ItemStatus::rejected;
    if (!problems.empty()) {
        result.reason = problems.front().reason;
        result.path = problems.front().path;
        result.message = problems.front().message;
        if (problems.size() > 1) result.message += " (and " + std::to_string(problems.size() - 1) + " more)";
    }
    return result;
}

json build_sync_reply(const SyncReply& reply) {
    json results = json::array();
    for (const ItemResult& item : reply.results) {
        json entry{{"id", item.id ? json(*item.id) : json()}, {"status", std::string(to_string(item.status))}};
        if (item.status == ItemStatus::rejected) {
            if (item.reason) entry["reason"] = std::string(to_string(*item.reason));
            if (!item.path.empty()) entry["path"] = item.path;
            if (!item.message.empty()) entry["message"] = item.message;
        }
        results.push_back(std::move(entry));
    }
    return json{{"results", std::move(results)}};
}

Result<SyncReply> parse_sync_reply(std::string_view body) {
    const auto invalid = [](std::string message) { return Error{"invalid_reply", std::move(message)}; };
    const auto parsed = parse_json_text(body);
    if (!parsed.ok() || !parsed->is_object()) return invalid("the reply is not a JSON object");
    const json& document = *parsed;
    const auto list = document.find("results");
    if (list == document.end() || !list->is_array()) return invalid("the reply has no \"results\" array");
    SyncReply reply;
    for (const json& entry : *list) {
        if (!entry.is_object()) return invalid("a result is not an object");
        ItemResult item;
        const auto id = entry.find("id");
        if (id != entry.end() && id->is_string()) item.id = id->get<std::string>();
        const auto status = entry.find("status");
        const auto parsed_status = status != entry.end() && status->is_string()
                                       ? item_status_from_string(status->get_ref<const std::string&>())
                                       : std::nullopt;
        if (!parsed_status) return invalid("a result has no known \"status\"");
        item.status = *parsed_status;
        // Tolerant reader: a reason this client does not know yet is kept as a message only.
        if (const auto reason = entry.find("reason"); reason != entry.end() && reason->is_string()) {
            item.reason = reason_from_string(reason->get_ref<const std::string&>());
            if (!item.reason) item.message = reason->get<std::string>();
        }
        if (const auto path = entry.find("path"); path != entry.end() && path->is_string()) item.path = path->get<std::string>();
        if (const auto message = entry.find("message"); message != entry.end() && message->is_string()) {
            item.message = message->get<std::string>();
        }
        reply.results.push_back(std::move(item));
    }
    return reply;
}

ReplyOutcome classify_reply(std::span<const std::string> sent_ids, const SyncReply& reply) {
    std::map<std::string_view, const ItemResult*> by_id;
    for (const ItemResult& item : reply.results) {
        if (item.id) by_id.emplace(*item.id, &item);
    }
    ReplyOutcome outcome;
    for (const std::string& id : sent_ids) {
        const auto it = by_id.find(id);
        if (it == by_id.end()) {
            outcome.unanswered.push_back(id);
        } else if (it->second->status == ItemStatus::rejected) {
            outcome.rejected.push_back(*it->second);
        } else {
            outcome.delivered.push_back(id);
        }
    }
    return outcome;
}

std::int64_t retry_delay_ms(int attempt, double random_unit, const RetryPolicy& policy) {
    std::int64_t delay = policy.first_delay_ms;
    for (int i = 1; i < attempt && delay < policy.max_delay_ms; ++i) delay *= 2;
    delay = std::min(delay, policy.max_delay_ms);
    const double unit = std::clamp(random_unit, 0.0, 1.0);
    const double factor = 1 - policy.jitter + 2 * policy.jitter * unit;
    const auto jittered = static_cast<std::int64_t>(static_cast<double>(delay) * factor);
    return std::clamp<std::int64_t>(jittered, 0, policy.max_delay_ms);
}

bool is_retryable_status(int http_status) { return http_status == 0 || http_status == 429 || http_status >= 500; }

std::optional<std::int64_t> retry_after_ms(std::string_view header_value, const RetryPolicy& policy) {
    while (!header_value.empty() && header_value.front() == ' ') header_value.remove_prefix(1);
    while (!header_value.empty() && header_value.back() == ' ') header_value.remove_suffix(1);
    if (header_value.empty() || header_value.size() > 10) return std::nullopt;
    std::int64_t seconds = 0;
    for (char c : header_value) {
        if (c < '0' || c > '9') return std::nullopt;
        seconds = seconds * 10 + (c - '0');
    }
    return std::min(seconds * 1000, policy.max_delay_ms);
}

}  // namespace sada
