// Request handlers: health, survey list, response ingest, admin export, report and erasure, CORS, static files.
#include "handlers.hpp"

#include "auth.hpp"
#include "privacy.hpp"
#include "scoring.hpp"
#include "sada/protocol.hpp"
#include "sada/report.hpp"
#include "sada/timestamp.hpp"
#include "static_files.hpp"

#include <memory>

namespace sada::server {
namespace {

using nlohmann::json;

constexpr int kExportPageRows = 500;
constexpr std::uintmax_t kMaxStaticFileBytes = 32u << 20;

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> segments;
    std::size_t start = 1;
    while (start <= path.size()) {
        const auto slash = path.find('/', start);
        const auto end = slash == std::string_view::npos ? path.size() : slash;
        segments.emplace_back(path.substr(start, end - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return segments;
}

// Adds the CORS headers for an allowed browser origin; API responses are never cached.
HttpResponse with_api_headers(HttpResponse response, std::string_view origin) {
    if (!origin.empty()) response.set("Access-Control-Allow-Origin", std::string(origin));
    if (response.header("Cache-Control").empty()) response.set("Cache-Control", "no-store");
    return response;
}

// A browser's Origin must be one of the site's; requests without one (not from a browser page,
// e.g. server-to-server) are allowed.
bool origin_allowed(const Site& site, const HttpRequest& request) {
    const std::string_view origin = request.header("origin");
    return origin.empty() || site.origin_allowed(origin);
}

std::optional<HttpResponse> rate_limited(ServerContext& context, const Site& site, const HttpRequest& request) {
    const RateDecision decision = context.rate_limiter.take(site.id + "|" + rate_limit_subject(request.remote_address),
                                                            site.limits.requests_per_second, site.limits.burst,
                                                            context.now_ms());
    if (decision.allowed) return std::nullopt;
    HttpResponse response = error_response(429, "rate_limited", "too many requests from this address; retry later");
    response.set("Retry-After", std::to_string(decision.retry_after_seconds));
    return response;
}

// 401 without credentials, 403 with wrong ones, nullopt when the admin token is right.
std::optional<HttpResponse> admin_refusal(const Site& site, const HttpRequest& request) {
    switch (check_bearer(request.header("authorization"), site.admin_token_sha256)) {
        case AuthOutcome::ok: return std::nullopt;
        case AuthOutcome::missing: {
            HttpResponse response = error_response(401, "unauthorized", "send Authorization: Bearer <admin token>");
            response.set("WWW-Authenticate", "Bearer");
            return response;
        }
        case AuthOutcome::wrong: break;
    }
    return error_response(403, "forbidden", "the admin token is not right for this site");
}

bool is_json_content_type(std::string_view value) {
    const auto semicolon = value.find(';');
    std::string media(value.substr(0, semicolon));
    while (!media.empty() && media.back() == ' ') media.pop_back();
    for (char& c : media) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    // text/plain is what navigator.sendBeacon can send cross-origin without a preflight.
    return media == "application/json" || media == "text/plain";
}

HttpResponse method_not_allowed(std::string_view allow) {
    HttpResponse response = error_response(405, "method_not_allowed", "allowed: " + std::string(allow));
    response.set("Allow", std::string(allow));
    return response;
}

json client_description(const ServerContext& context, const HttpRequest& request) {
    const ClientClass client = classify_user_agent(request.header("user-agent"));
    json out{{"device_class", client.device_class}, {"browser", client.browser}};
    if (context.keep_ip_prefix) {
        if (std::string prefix = ip_prefix(request.remote_address); !prefix.empty()) out["ip_prefix"] = prefix;
    }
    return out;
}

// One NDJSON line of the admin export; the stored body is JSON this server wrote. "questions"
// describes the answered survey's questions (question_summary), null when the sites file no
// longer defines that survey version.
std::string export_line(const Site& site, const StoredResponse& row) {
    const SurveyDefinition* survey = site.find_survey(row.survey_id, row.survey_version);
    std::string line = "{\"seq\":" + std::to_string(row.seq) + ",\"site\":" + json(row.site).dump() +
                       ",\"received_at\":\"" + format_rfc3339_ms(row.received_at_ms) + "\",\"client\":" +
                       (row.client ? *row.client : std::string("null")) + ",\"response\":" + row.body +
                       ",\"questions\":" + (survey ? question_summary(*survey).dump() : std::string("null")) + "}\n";
    return line;
}

constexpr const char* kMalformedQuery = "the query string has a malformed %-escape";

}  // namespace

HttpResponse handle_health(const HttpRequest& request) {
    if (request.method != "GET") return method_not_allowed("GET");
    return json_response(200, {{"status", "ok"}});
}

HttpResponse handle_preflight(const Site& site, const HttpRequest& request, std::string_view methods) {
    const std::string_view origin = request.header("origin");
    if (origin.empty() || !site.origin_allowed(origin)) {
        return error_response(403, "origin_not_allowed", "this origin may not call this site's API");
    }
    HttpResponse response;
    response.status = 204;
    response.set("Access-Control-Allow-Methods", std::string(methods));
    response.set("Access-Control-Allow-Headers", "Content-Type");
    response.set("Access-Control-Max-Age", "600");
    return with_api_headers(std::move(response), origin);
}

HttpResponse handle_get_surveys(ServerContext& context, const Site& site, const HttpRequest& request) {
    if (!origin_allowed(site, request)) return error_response(403, "origin_not_allowed", "this origin may not call this site's API");
    const std::string_view origin = request.header("origin");
    if (auto limited = rate_limited(context, site, request)) return with_api_headers(std::move(*limited), origin);
    const std::string_view if_none_match = request.header("if-none-match");
    HttpResponse response;
    if (!if_none_match.empty() &&
        (if_none_match == "*" || if_none_match.find(site.surveys_etag) != std::string_view::npos)) {
        response.status = 304;
    } else {
        response.body = site.surveys_json;
        response.set("Content-Type", "application/json");
    }
    response.set("ETag", site.surveys_etag);
    response.set("Cache-Control", "no-cache");
    return with_api_headers(std::move(response), origin);
}

void handle_post_responses(ServerContext& context, const Site& site, const HttpRequest& request, const Respond& respond) {
    const std::string origin(request.header("origin"));
    // Copies `respond`: the reply may be sent after this function returned (after the commit).
    const auto reply = [respond, origin](HttpResponse response) { respond(with_api_headers(std::move(response), origin)); };
    if (!origin_allowed(site, request)) {
        respond(error_response(403, "origin_not_allowed", "this origin may not post to this site"));
        return;
    }
    if (auto limited = rate_limited(context, site, request)) return reply(std::move(*limited));
    if (!is_json_content_type(request.header("content-type"))) {
        return reply(error_response(415, "unsupported_media_type", "send Content-Type: application/json"));
    }
    if (request.body.size() > site.limits.max_body_bytes) {
        return reply(error_response(413, "body_too_large", "the body is larger than " +
                                                               std::to_string(site.limits.max_body_bytes) + " bytes"));
    }
    auto parsed = parse_sync_request(request.body);
    if (!parsed.ok()) {
        const int status = parsed.error().code == "too_many_items" ? 413 : 400;
        return reply(error_response(status, parsed.error().code, parsed.error().message));
    }

    const std::int64_t now = context.now_ms();
    const std::string client = client_description(context, request).dump();
    auto results = std::make_shared<std::vector<ItemResult>>(parsed->items.size());
    auto stored_at = std::make_shared<std::vector<std::size_t>>();  // result index of each stored row
    std::vector<StoredResponse> rows;
    for (std::size_t i = 0; i < parsed->items.size(); ++i) {
        IncomingItem& item = parsed->items[i];
        if (!item.response) {
            (*results)[i] = rejected_result(item.id, item.problems);
            continue;
        }
        const Response& response = *item.response;
        const SurveyDefinition* survey = site.find_survey(response.survey_id, response.survey_version);
        Problems problems;
        if (survey == nullptr) {
            if (site.knows_survey(response.survey_id)) {
                problems.push_back({"/survey_version", Reason::version_mismatch,
                                    "this site has no version " + std::to_string(response.survey_version) + " of \"" +
                                        response.survey_id + "\""});
            } else {
                problems.push_back({"/survey_id", Reason::unknown_survey, "this site has no survey \"" + response.survey_id + "\""});
            }
        } else {
            problems = validate_response(response, *survey);
        }
        if (!problems.empty()) {
            (*results)[i] = rejected_result(item.id, problems);
            continue;
        }
        StoredResponse row;
        row.id = response.id;
        row.site = site.id;
        row.survey_id = response.survey_id;
        row.survey_version = static_cast<int>(response.survey_version);
        row.submitted_at_ms = effective_time_ms(response, now);
        row.received_at_ms = now;
        if (!response.context.visitor.empty()) row.visitor = response.context.visitor;
        score_response(row, response, *survey);
        row.body = json(response).dump(-1, ' ', false, json::error_handler_t::replace);
        row.client = client;
        rows.push_back(std::move(row));
        stored_at->push_back(i);
        (*results)[i].id = response.id;
    }
    if (rows.empty()) {
        SyncReply all_rejected{std::move(*results)};
        return reply(json_response(200, build_sync_reply(all_rejected)));
    }
    context.backend.insert(std::move(rows), [results, stored_at, reply](Result<std::vector<InsertOutcome>> outcomes) {
        if (!outcomes.ok()) {
            HttpResponse unavailable = error_response(503, "storage_unavailable", outcomes.error().message);
            unavailable.set("Retry-After", "5");
            reply(std::move(unavailable));
            return;
        }
        for (std::size_t k = 0; k < stored_at->size(); ++k) {
            (*results)[(*stored_at)[k]].status =
                (*outcomes)[k] == InsertOutcome::inserted ? ItemStatus::accepted : ItemStatus::duplicate;
        }
        SyncReply sync_reply{std::move(*results)};
        reply(json_response(200, build_sync_reply(sync_reply)));
    });
}

HttpResponse handle_export(ServerContext& context, const Site& site, const HttpRequest& request) {
    if (auto refusal = admin_refusal(site, request)) return *refusal;
    if (!request.query_well_formed()) return error_response(400, "invalid_value", kMalformedQuery);
    std::int64_t after = 0;
    if (const auto since = request.query_param("since")) {
        try {
            std::size_t used = 0;
            after = std::stoll(*since, &used);
            if (used != since->size() || after < 0) throw std::invalid_argument("since");
        } catch (const std::exception&) {
            return error_response(400, "invalid_value", "since is the seq of the last line already read: an integer >= 0");
        }
    }
    // Fail now, with a status, if the store cannot be read at all; later pages stream.
    auto first = context.backend.since(site.id, after, kExportPageRows);
    if (!first.ok()) return error_response(503, "storage_unavailable", first.error().message);
    struct Cursor {
        std::vector<StoredResponse> page;
        std::int64_t after = 0;
        bool done = false;
    };
    auto cursor = std::make_shared<Cursor>(Cursor{std::move(first).value(), after, false});
    ResponseBackend& backend = context.backend;
    const std::string site_id = site.id;
    const Site* site_definition = &site;  // the sites file lives as long as the server
    HttpResponse response;
    response.set("Content-Type", "application/x-ndjson");
    response.set("Cache-Control", "no-store");
    response.stream = [cursor, &backend, site_id, site_definition]() -> std::optional<std::string> {
        if (cursor->done) return std::nullopt;
        if (cursor->page.empty()) {
            auto next = backend.since(site_id, cursor->after, kExportPageRows);
            if (!next.ok() || next->empty()) {
                cursor->done = true;
                return std::nullopt;
            }
            cursor->page = std::move(next).value();
        }
        std::string chunk;
        for (const StoredResponse& row : cursor->page) chunk += export_line(*site_definition, row);
        cursor->after = cursor->page.back().seq;
        const bool last_page = cursor->page.size() < static_cast<std::size_t>(kExportPageRows);
        cursor->page.clear();
        cursor->done = last_page;
        return chunk;
    };
    return response;
}

HttpResponse handle_report(ServerContext& context, const Site& site, const HttpRequest& request) {
    if (auto refusal = admin_refusal(site, request)) return *refusal;
    if (!request.query_well_formed()) return error_response(400, "invalid_value", kMalformedQuery);
    ReportQuery query;
    query.site = site.id;
    if (auto survey = request.query_param("survey"); survey && !survey->empty()) query.survey = *survey;
    for (const char* bound : {"from", "to"}) {
        const auto date = request.query_param(bound);
        if (!date || date->empty()) continue;
        const auto day = parse_day(*date);
        if (!day) return error_response(400, "invalid_value", std::string(bound) + " is a date: YYYY-MM-DD");
        (std::string_view(bound) == "from" ? query.from_day : query.to_day) = *day;
    }
    for (const std::string& by : request.query_params("by")) {  // by=stage,week or by=stage&by=week
        std::string_view rest = by;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            query.by.emplace_back(rest.substr(0, comma));
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
    }
    auto report = context.backend.rollup_report(query);
    if (!report.ok()) {
        if (report.error().code == "invalid_breakdown") return error_response(400, "invalid_breakdown", report.error().message);
        HttpResponse unavailable = error_response(503, "storage_unavailable", report.error().message);
        unavailable.set("Retry-After", "5");
        return unavailable;
    }
    return json_response(200, *report);
}

void handle_erase_visitor(ServerContext& context, const Site& site, const HttpRequest& request,
                          std::string_view encoded_visitor, const Respond& respond) {
    if (auto refusal = admin_refusal(site, request)) return respond(*refusal);
    const auto decoded = percent_decode(encoded_visitor);
    if (!decoded || decoded->empty()) {
        return respond(error_response(400, "invalid_visitor", "the visitor id is empty or not a valid URL component"));
    }
    context.backend.erase_visitor(site.id, *decoded, [respond, visitor = *decoded](Result<std::int64_t> erased) {
        if (!erased.ok()) {
            if (erased.error().code == "invalid_visitor") return respond(error_response(400, "invalid_visitor", erased.error().message));
            HttpResponse unavailable = error_response(503, "storage_unavailable", erased.error().message);
            unavailable.set("Retry-After", "5");
            return respond(unavailable);
        }
        respond(json_response(200, {{"visitor", visitor}, {"erased", *erased}}));
    });
}

HttpResponse handle_static(const ServerContext& context, const HttpRequest& request) {
    if (!context.static_root) return error_response(404, "not_found", "no such resource");
    if (request.method != "GET") return method_not_allowed("GET");
    const auto file = resolve_static_path(*context.static_root, request.path);
    if (!file) return error_response(404, "not_found", "no such file");
    for (const auto& secret : context.never_served) {
        if (*file == secret) return error_response(404, "not_found", "no such file");
    }
    std::error_code error;
    const auto size = std::filesystem::file_size(*file, error);
    if (error || size > kMaxStaticFileBytes) return error_response(404, "not_found", "no such file");
    HttpResponse response;
    const StaticFile served = context.static_files->read(*file);
    if (!served.bytes) return error_response(404, "not_found", "no such file");
    if (served.gzipped && accepts_gzip(request.header("accept-encoding"))) {
        response.shared_body = served.gzipped;
        response.set("Content-Encoding", "gzip");
    } else {
        response.shared_body = served.bytes;
    }
    if (served.gzipped) response.set("Vary", "Accept-Encoding");
    response.set("Content-Type", std::string(content_type_for(*file)));
    response.set("Cache-Control", "no-cache");
    response.set("X-Content-Type-Options", "nosniff");
    // Public files a page on another origin loads: the widget's sada.js is a module script and
    // sada-core.wasm is fetched, and both need CORS. No credentials are ever involved.
    response.set("Access-Control-Allow-Origin", "*");
    response.set("Cross-Origin-Resource-Policy", "cross-origin");
    return response;
}

void handle_request(ServerContext& context, const HttpRequest& request, const Respond& respond) {
    if (request.method == "HEAD") {  // answered as GET; the HTTP layer sends the headers only
        HttpRequest as_get = request;
        as_get.method = "GET";
        return handle_request(context, as_get, respond);
    }
    if (request.path == "/healthz") return respond(handle_health(request));
    if (request.path.rfind("/v1/", 0) != 0) return respond(handle_static(context, request));
    // `respond` is copied: a POST answers after its commit, when this call has long returned.
    return handle_api(context, request, [respond](HttpResponse response) {
        // Every API answer depends on Origin and is never stored by a cache, errors included.
        response.set("Vary", "Origin");
        if (response.header("Cache-Control").empty()) response.set("Cache-Control", "no-store");
        respond(std::move(response));
    });
}

void handle_api(ServerContext& context, const HttpRequest& request, const Respond& respond) {

    const std::vector<std::string> segments = split_path(request.path);
    if (segments.size() < 4 || segments[1] != "sites") return respond(error_response(404, "not_found", "no such resource"));
    const auto site_id = percent_decode(segments[2]);
    const Site* site = site_id ? context.sites.find(*site_id) : nullptr;
    if (site == nullptr) return respond(error_response(404, "unknown_site", "this server has no such site"));
    const std::string& method = request.method;

    if (segments.size() == 4 && segments[3] == "surveys") {
        if (method == "GET") return respond(handle_get_surveys(context, *site, request));
        if (method == "OPTIONS") return respond(handle_preflight(*site, request, "GET, OPTIONS"));
        return respond(method_not_allowed("GET, OPTIONS"));
    }
    if (segments.size() == 4 && segments[3] == "responses") {
        if (method == "POST") return handle_post_responses(context, *site, request, respond);
        if (method == "GET") return respond(handle_export(context, *site, request));
        if (method == "OPTIONS") return respond(handle_preflight(*site, request, "POST, OPTIONS"));
        return respond(method_not_allowed("GET, POST, OPTIONS"));
    }
    if (segments.size() == 4 && segments[3] == "report") {
        if (method != "GET") return respond(method_not_allowed("GET"));
        return respond(handle_report(context, *site, request));
    }
    if (segments.size() == 5 && segments[3] == "visitors") {
        if (method != "DELETE") return respond(method_not_allowed("DELETE"));
        return handle_erase_visitor(context, *site, request, segments[4], respond);
    }
    respond(error_response(404, "not_found", "no such resource"));
}

}  // namespace sada::server
