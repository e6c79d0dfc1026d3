// The C ABI the widget's JavaScript calls: UTF-8 JSON strings in, malloc'd UTF-8 JSON strings out
// (free them with sada_free). Every result is {"ok": true, ...} or {"ok": false, "error": {...}}.
// This is the only file that includes Emscripten headers.
#include <emscripten/emscripten.h>

#include "sada/json_text.hpp"
#include "sada/message.hpp"
#include "sada/outbox.hpp"
#include "sada/protocol.hpp"
#include "sada/response.hpp"
#include "sada/response_id.hpp"
#include "sada/survey.hpp"
#include "sada/targeting.hpp"
#include "sada/utf8.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
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

// A JavaScript time (ms since the epoch) as an integer; nullopt for NaN, infinities and values
// beyond year 9999, so `undefined` from JS is refused instead of becoming an arbitrary integer.
std::optional<std::int64_t> to_ms(double value) {
    if (!std::isfinite(value) || value < 0 || value > 253402300799999.0) return std::nullopt;
    return static_cast<std::int64_t>(value);
}

char* bad_time() { return failure("invalid_time", "times are milliseconds since 1970 (Date.now())"); }

// Parses a JSON argument with the nesting limit; on failure `error` holds the result to return.
std::optional<json> json_argument(const char* text, char*& error) {
    auto parsed = sada::parse_json_text(text);
    if (!parsed.ok()) {
        error = failure(parsed.error());
        return std::nullopt;
    }
    return std::move(parsed).value();
}

// The strings of a JSON array argument such as ["id1", "id2"].
std::optional<std::vector<std::string>> string_list_argument(const char* text, char*& error) {
    auto list = json_argument(text, error);
    if (!list) return std::nullopt;
    if (!list->is_array()) {
        error = failure("wrong_type", "expected a JSON array of strings");
        return std::nullopt;
    }
    std::vector<std::string> out;
    for (const json& item : *list) {
        if (item.is_string()) out.push_back(item.get<std::string>());
    }
    return out;
}

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
EMSCRIPTEN_KEEPALIVE char* sada_validate_response(const char* survey_json, const char* response_json) {
    const auto survey = sada::parse_survey(std::string_view(survey_json));
    if (!survey.ok()) return failure("invalid_survey", "the survey definition has problems", {{"problems", problems_json(survey.problems)}});
    char* error = nullptr;
    const auto document = json_argument(response_json, error);
    if (!document) return error;
    auto parse = sada::parse_response(*document);
    sada::Problems problems = parse.problems;
    if (parse.ok()) problems = sada::validate_response(*parse.response, *survey.survey);
    if (!problems.empty()) return failure("invalid_response", "the response has problems", {{"problems", problems_json(problems)}});
    return ok({{"problems", json::array()}});
}

// The outbox lives in memory; the JS keeps its image in IndexedDB. sada_outbox_open(bytes, size)
// replaces the current outbox with one loaded from an image (size 0: a new, empty outbox); on
// failure there is no open outbox. The caller keeps ownership of bytes.
EMSCRIPTEN_KEEPALIVE char* sada_outbox_open(const std::uint8_t* bytes, int size) {
    g_outbox.reset();
    if (size < 0 || (size > 0 && bytes == nullptr)) return failure("invalid_image", "no image bytes");
    auto outbox = sada::Outbox::open_image({bytes, static_cast<std::size_t>(size)});
    if (!outbox.ok()) return failure(outbox.error());
    g_outbox.emplace(std::move(outbox).value());
    return ok();
}

// The open outbox's image, to save: {"ok", "pointer", "size"}; pointer is malloc'd memory of
// size bytes that the caller copies and frees with sada_free.
EMSCRIPTEN_KEEPALIVE char* sada_outbox_image() {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    auto image = g_outbox->image();
    if (!image.ok()) return failure(image.error());
    auto* copy = static_cast<std::uint8_t*>(std::malloc(std::max<std::size_t>(image->size(), 1)));
    if (copy == nullptr) return failure("out_of_memory", "no memory for the outbox image");
    std::copy(image->begin(), image->end(), copy);
    return ok({{"pointer", reinterpret_cast<std::uintptr_t>(copy)}, {"size", image->size()}});
}

// Stores a response in the outbox before the visitor sees "thank you": {"ok", "stored": bool}
// (false when the same id was stored before).
EMSCRIPTEN_KEEPALIVE char* sada_outbox_enqueue(const char* response_json, double now_ms) {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    const auto now = to_ms(now_ms);
    if (!now) return bad_time();
    char* error = nullptr;
    auto document = json_argument(response_json, error);
    if (!document) return error;
    // Text answers are what the visitor typed or pasted: made acceptable rather than refused.
    if (document->is_object() && document->contains("answers") && (*document)["answers"].is_object()) {
        for (auto& answer : (*document)["answers"]) {
            if (answer.is_string()) answer = sada::utf8::as_visitor_text(answer.get_ref<const std::string&>());
        }
    }
    const auto parse = sada::parse_response(*document);
    if (!parse.ok()) return failure("invalid_response", "the response has problems", {{"problems", problems_json(parse.problems)}});
    if (sada::is_message_survey(parse.response->survey_id)) {
        // A message is checked here (empty, too long), as the site's surveys are by their panel.
        const auto problems = sada::validate_response(*parse.response, sada::message_survey());
        if (!problems.empty()) return failure("invalid_response", "the message has problems", {{"problems", problems_json(problems)}});
    }
    sada::OutboxItem item;
    item.id = parse.response->id;
    item.kind = sada::is_message_survey(parse.response->survey_id) ? "message" : "response";
    item.body = json(*parse.response).dump();
    item.created_at_ms = *now;
    const auto stored = g_outbox->enqueue(item);
    if (!stored.ok()) return failure(stored.error());
    return ok({{"stored", *stored}});
}

// The built-in survey that carries visitor messages: {"ok", "survey": definition}.
EMSCRIPTEN_KEEPALIVE char* sada_message_survey() { return ok({{"survey", sada::message_survey()}}); }

// The next request body to post, oldest first: {"ok", "ids": [...], "attempts": [...], "body"}.
// At most `limit` items (1..100) and, past the first item, at most `max_bytes` of body (0: no byte
// limit), so a batch sent with sendBeacon or a keepalive fetch stays under the browser's 64 KB.
// `ids` is empty and `body` "" when nothing is due.
EMSCRIPTEN_KEEPALIVE char* sada_outbox_next_batch(double now_ms, int limit, int max_bytes) {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    const auto now = to_ms(now_ms);
    if (!now) return bad_time();
    const int capped = limit <= 0 || limit > static_cast<int>(sada::kMaxBatchItems) ? static_cast<int>(sada::kMaxBatchItems) : limit;
    const auto due = g_outbox->due(*now, capped);
    if (!due.ok()) return failure(due.error());
    std::vector<json> responses;
    json ids = json::array();
    json attempts = json::array();
    std::size_t bytes = 16;  // {"responses":[]}
    for (const auto& item : *due) {
        if (max_bytes > 0 && !responses.empty() && bytes + item.body.size() + 1 > static_cast<std::size_t>(max_bytes)) break;
        auto body = sada::parse_json_text(item.body);
        if (!body.ok()) continue;  // cannot happen for bodies this module wrote
        bytes += item.body.size() + 1;
        responses.push_back(std::move(body).value());
        ids.push_back(item.id);
        attempts.push_back(item.attempts);
    }
    return ok({{"ids", ids},
               {"attempts", attempts},
               {"body", responses.empty() ? std::string() : sada::build_sync_request(responses).dump()}});
}

// A failed delivery of these ids (network error, 429, 5xx): each is tried again at
// `next_attempt_at_ms` and its attempt count goes up. {"ok"}.
EMSCRIPTEN_KEEPALIVE char* sada_outbox_mark_failed(const char* ids_json, double next_attempt_at_ms, const char* error_text) {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    const auto next = to_ms(next_attempt_at_ms);
    if (!next) return bad_time();
    char* error = nullptr;
    const auto ids = string_list_argument(ids_json, error);
    if (!ids) return error;
    for (const auto& id : *ids) {
        if (auto marked = g_outbox->mark_failed(id, *next, error_text); !marked.ok()) return failure(marked.error());
    }
    return ok();
}

// The delay before retry number `attempt` (see docs/protocol.md): {"ok", "delay_ms"}.
EMSCRIPTEN_KEEPALIVE char* sada_retry_delay_ms(int attempt, double random_unit) {
    return ok({{"delay_ms", sada::retry_delay_ms(attempt, std::isfinite(random_unit) ? random_unit : 0.5)}});
}

// The survey with every text resolved for `locale` (core's fallback rules), as the UI shows it:
// {"ok", "survey": {..., "title": "...", "questions": [{"text": "...", "options": [{"id","label"}],
// "scale": {"min","max","min_label","max_label","labels": [...]}, "placeholder"}]}, "dir": "rtl"|"ltr"}.
EMSCRIPTEN_KEEPALIVE char* sada_localize_survey(const char* survey_json, const char* locale) {
    // Built-in surveys (the message box) are localized like the site's own.
    const auto parse = sada::parse_survey(std::string_view(survey_json), sada::SurveyIdRule::allow_reserved);
    if (!parse.ok()) return failure("invalid_survey", "the survey definition has problems", {{"problems", problems_json(parse.problems)}});
    const auto& survey = *parse.survey;
    const auto text = [&](const sada::LocalizedText& t) { return std::string(t.resolve(locale)); };
    json questions = json::array();
    for (const auto& q : survey.questions) {
        json out{{"id", q.id}, {"type", std::string(sada::to_string(q.type))}, {"text", text(q.text)}, {"required", q.required}};
        if (sada::is_scale_type(q.type)) {
            json labels = json::array();
            for (const auto& label : q.scale.labels) labels.push_back(text(label));
            out["scale"] = {{"min", q.scale.min}, {"max", q.scale.max}, {"min_label", text(q.scale.min_label)},
                            {"max_label", text(q.scale.max_label)}, {"labels", labels}};
        }
        if (!q.options.empty()) {
            json options = json::array();
            for (const auto& option : q.options) options.push_back({{"id", option.id}, {"label", text(option.label)}});
            out["options"] = options;
            out["min_choices"] = q.min_choices;
            out["max_choices"] = q.max_choices;
        }
        if (q.type == sada::QuestionType::text) {
            out["max_length"] = q.max_length;
            out["placeholder"] = text(q.placeholder);
        }
        questions.push_back(std::move(out));
    }
    const std::string_view language = std::string_view(locale).substr(0, std::string_view(locale).find('-'));
    const bool rtl = language == "fa" || language == "ar" || language == "he" || language == "ur";
    return ok({{"survey", {{"id", survey.id}, {"version", survey.version}, {"title", text(survey.title)}, {"questions", questions}}},
               {"dir", rtl ? "rtl" : "ltr"}});
}

// The delay a Retry-After header asks for: {"ok", "delay_ms"} (null for an HTTP date).
EMSCRIPTEN_KEEPALIVE char* sada_retry_after_ms(const char* header_value) {
    const auto delay = sada::retry_after_ms(header_value);
    return ok({{"delay_ms", delay ? json(*delay) : json()}});
}

// Applies the outbox bounds (30 days, 500 items): {"ok", "expired": [...], "overflow": [...]},
// the ids dropped, so the widget can report them.
EMSCRIPTEN_KEEPALIVE char* sada_outbox_prune(double now_ms) {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    const auto now = to_ms(now_ms);
    if (!now) return bad_time();
    const auto report = g_outbox->prune(*now);
    if (!report.ok()) return failure(report.error());
    return ok({{"expired", report->expired_ids}, {"overflow", report->overflow_ids}});
}

// Applies the server's reply to the ids that were sent: delivered and rejected items leave the
// outbox; unanswered ones stay. {"ok", "delivered": n, "rejected": [{id, reason, message}],
// "unanswered": [...], "pending": n}.
EMSCRIPTEN_KEEPALIVE char* sada_outbox_apply_reply(const char* sent_ids_json, const char* reply_body) {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    char* error = nullptr;
    const auto sent = string_list_argument(sent_ids_json, error);
    if (!sent) return error;
    const std::vector<std::string>& sent_ids = *sent;
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

// Whether a survey shows now. context: {"moment": "page_load"|"event"|"scroll"|"exit_intent"|
// "manual", "event"?, "scroll_percent"?, "path", "visitor", "now_ms", "shown_this_session"}.
// Throttle state comes from the outbox. {"ok", "verdict", "delay_ms", "eligible_again_at_ms"?}.
EMSCRIPTEN_KEEPALIVE char* sada_decide_show(const char* survey_json, const char* context_json) {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    const auto survey = sada::parse_survey(std::string_view(survey_json));
    if (!survey.ok()) return failure("invalid_survey", "the survey definition has problems", {{"problems", problems_json(survey.problems)}});
    char* error = nullptr;
    const auto context_doc = json_argument(context_json, error);
    if (!context_doc) return error;
    if (!context_doc->is_object()) return failure("wrong_type", "the context is a JSON object");
    const json& c = *context_doc;
    sada::ShowContext context;
    const auto text = [&](const char* key) {
        const auto it = c.find(key);
        return it != c.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    const std::string moment = c.contains("moment") ? text("moment") : std::string("page_load");
    using Moment = sada::ShowContext::Moment;
    if (moment == "page_load") context.moment = Moment::page_load;
    else if (moment == "event") context.moment = Moment::event;
    else if (moment == "scroll") context.moment = Moment::scroll;
    else if (moment == "exit_intent") context.moment = Moment::exit_intent;
    else if (moment == "manual") context.moment = Moment::manual;
    else return failure("invalid_value", "unknown moment \"" + moment + "\"");
    context.event = text("event");
    context.path = text("path");
    context.visitor = text("visitor");
    if (const auto it = c.find("scroll_percent"); it != c.end() && it->is_number()) {
        const double percent = it->get<double>();
        context.scroll_percent = std::isfinite(percent) ? static_cast<int>(std::clamp(percent, 0.0, 100.0)) : 0;
    }
    if (const auto it = c.find("shown_this_session"); it != c.end() && it->is_boolean()) context.survey_shown_this_session = it->get<bool>();
    const auto now = to_ms(c.contains("now_ms") && c["now_ms"].is_number() ? c["now_ms"].get<double>() : -1.0);
    if (!now) return bad_time();
    context.now_ms = *now;
    const auto throttle = g_outbox->throttle(survey.survey->id);
    if (!throttle.ok()) return failure(throttle.error());
    const auto decision = sada::decide_show(*survey.survey, *throttle, context);
    json out{{"verdict", std::string(sada::to_string(decision.verdict))}, {"delay_ms", decision.delay_ms}};
    if (decision.eligible_again_at_ms) out["eligible_again_at_ms"] = *decision.eligible_again_at_ms;
    return ok(std::move(out));
}

// Records that a survey was shown, dismissed or completed: kind is "shown" | "dismissed" | "completed".
EMSCRIPTEN_KEEPALIVE char* sada_throttle_record(const char* survey_id, const char* kind, double now_ms) {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    const auto now = to_ms(now_ms);
    if (!now) return bad_time();
    const std::string_view what(kind);
    sada::Status recorded;
    if (what == "shown") recorded = g_outbox->record_shown(survey_id, *now);
    else if (what == "dismissed") recorded = g_outbox->record_dismissed(survey_id, *now);
    else if (what == "completed") recorded = g_outbox->record_completed(survey_id, *now);
    else return failure("invalid_value", "kind is shown, dismissed or completed");
    if (!recorded.ok()) return failure(recorded.error());
    return ok();
}

// The journey stage of a page from url rules [{"pattern", "stage"}]: {"ok", "stage": "..." | null}.
EMSCRIPTEN_KEEPALIVE char* sada_stage_for_path(const char* rules_json, const char* path) {
    char* error = nullptr;
    const auto rules_doc = json_argument(rules_json, error);
    if (!rules_doc) return error;
    const auto rules = sada::parse_stage_rules(*rules_doc);
    if (!rules.ok()) return failure(rules.error());
    const auto stage = sada::stage_for_path(*rules, path);
    return ok({{"stage", stage ? json(std::string(sada::to_string(*stage))) : json()}});
}

// The survey list cached for offline page loads: put stores it with its ETag; get returns it.
EMSCRIPTEN_KEEPALIVE char* sada_surveys_put(const char* site, const char* etag, const char* body, double now_ms) {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    const auto now = to_ms(now_ms);
    if (!now) return bad_time();
    const std::string_view tag(etag);
    const auto stored = g_outbox->put_surveys(site, tag.empty() ? std::nullopt : std::optional<std::string_view>(tag), body, *now);
    if (!stored.ok()) return failure(stored.error());
    return ok();
}

EMSCRIPTEN_KEEPALIVE char* sada_surveys_get(const char* site) {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    const auto cached = g_outbox->surveys(site);
    if (!cached.ok()) return failure(cached.error());
    if (!*cached) return ok({{"cached", false}});
    const auto& entry = **cached;
    return ok({{"cached", true}, {"etag", entry.etag ? json(*entry.etag) : json()}, {"body", entry.body},
               {"fetched_at_ms", entry.fetched_at_ms}});
}

// The questions to ask given the answers so far, in order (show_if evaluated by core):
// {"ok", "visible": ["q1", ...]}.
EMSCRIPTEN_KEEPALIVE char* sada_visible_questions(const char* survey_json, const char* answers_json) {
    const auto survey = sada::parse_survey(std::string_view(survey_json));
    if (!survey.ok()) return failure("invalid_survey", "the survey definition has problems", {{"problems", problems_json(survey.problems)}});
    char* error = nullptr;
    const auto answers = json_argument(answers_json, error);
    if (!answers) return error;
    json visible = json::array();
    for (const auto& question : survey.survey->questions) {
        if (!question.show_if || sada::evaluate(*question.show_if, *answers)) visible.push_back(question.id);
    }
    return ok({{"visible", visible}});
}

EMSCRIPTEN_KEEPALIVE char* sada_outbox_count() {
    if (!g_outbox) return failure("outbox_closed", "call sada_outbox_open first");
    const auto pending = g_outbox->count();
    if (!pending.ok()) return failure(pending.error());
    return ok({{"pending", *pending}});
}

}  // extern "C"
