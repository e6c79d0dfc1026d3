// The server's request handlers: plain functions over core and the backend, with no sockets, so
// tests call them directly. main.cpp wires them to the HTTP server.
#pragma once

#include "http_types.hpp"
#include "rate_limiter.hpp"
#include "response_backend.hpp"
#include "sites.hpp"
#include "static_files.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace sada::server {

struct ServerContext {
    const SitesConfig& sites;
    ResponseBackend& backend;
    RateLimiter& rate_limiter;
    std::optional<std::filesystem::path> static_root;  // --static DIR
    bool keep_ip_prefix = false;                       // store the sender's /24 (v4) or /48 (v6)
    std::function<std::int64_t()> now_ms;              // the clock (milliseconds since the epoch)
    std::shared_ptr<StaticFileCache> static_files = std::make_shared<StaticFileCache>();
    // Files never served under --static even when they lie inside it: the database (and its
    // -wal, -shm and -journal files) and the sites file, which holds the admin token hashes.
    std::vector<std::filesystem::path> never_served = {};
};

// Routes one request and answers it through `respond` (exactly once; for a POST of responses,
// only after the accepted ones are committed).
void handle_request(ServerContext& context, const HttpRequest& request, const Respond& respond);

// The /v1/... routes (handle_request sends those here).
void handle_api(ServerContext& context, const HttpRequest& request, const Respond& respond);

// Each route, for tests and for the router.
HttpResponse handle_health(const HttpRequest& request);
HttpResponse handle_get_surveys(ServerContext& context, const Site& site, const HttpRequest& request);
void handle_post_responses(ServerContext& context, const Site& site, const HttpRequest& request, const Respond& respond);
HttpResponse handle_export(ServerContext& context, const Site& site, const HttpRequest& request);
HttpResponse handle_report(ServerContext& context, const Site& site, const HttpRequest& request);
void handle_erase_visitor(ServerContext& context, const Site& site, const HttpRequest& request,
                          std::string_view encoded_visitor, const Respond& respond);
HttpResponse handle_preflight(const Site& site, const HttpRequest& request, std::string_view methods);
HttpResponse handle_static(const ServerContext& context, const HttpRequest& request);

}  // namespace sada::server
