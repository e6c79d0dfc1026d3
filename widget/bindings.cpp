// The C ABI the widget's JavaScript calls: UTF-8 JSON strings in, malloc'd UTF-8 JSON strings out
// (free them with sada_free). Every result is {"ok": true, ...} or {"ok": false, "error": {...}}.
// This is the only file that includes Emscripten headers.
#include <emscripten/emscripten.h>

#include "sada/outbox.hpp"
#include "sada/protocol.hpp"
#include "sada/response.hpp"
#include "sada/response_id.hpp"
#include "sada/survey.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

std::optional<sada::Outbox> g_outbox;

char* to_c_string(const json& value) {
    const std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    char* out = static_cast<char*>(std::malloc(text.size() + 1));
    if (out != nullptr) std::memcpy(out, text.c_str(), text.size() + 1);
    return out;
}

char* ok(json fields = json::object()) {
    fields["ok"] = true;
    return to_c_string(fields);
}

char* failure(const std::string& code, const std::string& message, json fields = json::object()) {
    fields["ok"] = false;
    fields["error"] = {{"code", code}, {"message", message}};
    return to_c_string(fields);
}

char* failure(const sada::Error& error) { return failure(error.code, error.message); }

json problems_json(const sada::Problems& problems) {
    json list = json::array();
    for (const auto& problem : problems) list.push_back(problem);
    return list;
}

std::int64_t to_ms(double value) { return static_cast<std::int64_t>(value); }

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void sada_free(char* pointer) { std::free(pointer); }

EMSCRIPTEN_KEEPALIVE char* sada_version() {
    return ok({{"version", "0.1.0"}, {"protocol", sada::kProtocolVersion}});
}

EMSCRIPTEN_KEEPALIVE char* sada_new_response_id() {
    static sada::ResponseIdGenerator generator;
    return ok({{"id", generator.next()}});
}

// {"ok", "problems": [...], "survey"?: the definition with every default filled in}
EMSCRIPTEN_KEEPALIVE char* sada_validate_survey(const char* survey_json) {
    const auto parse = sada::parse_survey(std::string_view(survey_json));
    if (!parse.ok()) return failure("invalid_survey", "the survey definition has problems", {{"problems", problems_json(parse.problems)}});
    return ok({{"survey", *parse.survey}, {"problems", json::array()}});
}

// Checks one response against a survey definition: {"ok", "problems": [...]}.
EMSCRIPTEN_KEEPALIVE char* sada_validate_response(const char* survey_json, const char* response_json, double now_ms) {
    const auto survey = sada::parse_survey(std::string_view(survey_json));
    if (!survey.ok()) return failure("invalid_survey", "the survey definition has problems", {{"problems", problems_json(survey.problems)}});
    const json document = json::parse(response_json, nullptr, false);
    if (document.is_discarded()) return failure("invalid_json", "the response is not valid JSON");
    auto parse = sada::parse_response(document);
    sada::Problems problems = parse.problems;
    if (parse.ok()) problems = sada::validate_response(*parse.response, *survey.survey, to_ms(now_ms));
    if (!problems.empty()) return failure("invalid_response", "the response has problems", {{"problems", problems_json(problems)}});
    return ok({{"problems", json::array()}});
}

EMSCRIPTEN_KEEPALIVE char* sada_outbox_open(const char* path) {
    g_outbox.reset();
    auto outbox = sada::Outbox::open(path);
    if (!outbox.ok()) return failure(outbox.error());
    g_outbox.emplace(std::move(outbox).value());
    return ok();
}

// Stores a response in the outbox before the visitor sees "thank you": {"ok", "stored": bool}
// (false when the same id was stored before).
EMSCRIPTEN_KEEPALIVE char* sada_outbox_enqueue(const char* response_json, double now_ms) {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    const json document = json::parse(response_json, nullptr, false);
    if (document.is_discarded()) return failure("invalid_json", "the response is not valid JSON");
    const auto parse = sada::parse_response(document);
    if (!parse.ok()) return failure("invalid_response", "the response has problems", {{"problems", problems_json(parse.problems)}});
    sada::OutboxItem item;
    item.id = parse.response->id;
    item.kind = "response";
    item.body = json(*parse.response).dump();
    item.created_at_ms = to_ms(now_ms);
    const auto stored = g_outbox->enqueue(item);
    if (!stored.ok()) return failure(stored.error());
    return ok({{"stored", *stored}});
}

// The next request body to post: {"ok", "ids": [...], "body": "{\"responses\": [...]}"}; ids is
// empty when nothing is due.
EMSCRIPTEN_KEEPALIVE char* sada_outbox_next_batch(double now_ms, int limit) {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    const int capped = limit <= 0 || limit > static_cast<int>(sada::kMaxBatchItems) ? static_cast<int>(sada::kMaxBatchItems) : limit;
    const auto due = g_outbox->due(to_ms(now_ms), capped);
    if (!due.ok()) return failure(due.error());
    std::vector<json> responses;
    json ids = json::array();
    for (const auto& item : *due) {
        json body = json::parse(item.body, nullptr, false);
        if (body.is_discarded()) continue;  // cannot happen for bodies this module wrote
        responses.push_back(std::move(body));
        ids.push_back(item.id);
    }
    return ok({{"ids", ids}, {"body", responses.empty() ? std::string() : sada::build_sync_request(responses).dump()}});
}

// Applies the server's reply to the ids that were sent: delivered and rejected items leave the
// outbox; unanswered ones stay. {"ok", "delivered": n, "rejected": [{id, reason, message}],
// "unanswered": [...], "pending": n}.
EMSCRIPTEN_KEEPALIVE char* sada_outbox_apply_reply(const char* sent_ids_json, const char* reply_body) {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    const json sent = json::parse(sent_ids_json, nullptr, false);
    if (!sent.is_array()) return failure("invalid_json", "sent ids must be a JSON array of strings");
    std::vector<std::string> sent_ids;
    for (const json& id : sent) {
        if (id.is_string()) sent_ids.push_back(id.get<std::string>());
    }
    const auto reply = sada::parse_sync_reply(reply_body);
    if (!reply.ok()) return failure(reply.error());
    const auto outcome = sada::classify_reply(sent_ids, *reply);
    std::vector<std::string> leaving = outcome.delivered;
    json rejected = json::array();
    for (const auto& item : outcome.rejected) {
        leaving.push_back(*item.id);
        rejected.push_back({{"id", *item.id},
                            {"reason", item.reason ? json(std::string(sada::to_string(*item.reason))) : json()},
                            {"message", item.message}});
    }
    if (auto removed = g_outbox->mark_delivered(leaving); !removed.ok()) return failure(removed.error());
    const auto pending = g_outbox->count();
    if (!pending.ok()) return failure(pending.error());
    return ok({{"delivered", outcome.delivered.size()}, {"rejected", rejected}, {"unanswered", outcome.unanswered},
               {"pending", *pending}});
}

EMSCRIPTEN_KEEPALIVE char* sada_outbox_count() {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    const auto pending = g_outbox->count();
    if (!pending.ok()) return failure(pending.error());
    return ok({{"pending", *pending}});
}

}  // extern "C"
