// Plain HTTP request and response values that handlers work on, so they are testable without sockets.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sada::server {

struct HttpRequest {
    std::string method;          // "GET", "POST", ...
    std::string path;            // the target before '?', as sent (not percent-decoded)
    std::string query;           // after '?', as sent
    std::map<std::string, std::string, std::less<>> headers;  // names lower-cased
    std::string body;
    std::string remote_address;  // the peer's IP address

    // The header's value, "" when absent.
    std::string_view header(std::string_view lower_case_name) const;
    // A query parameter (percent-decoded, its first occurrence); nullopt when absent.
    std::optional<std::string> query_param(std::string_view name) const;
    // Every occurrence of a query parameter, percent-decoded, in order.
    std::vector<std::string> query_params(std::string_view name) const;
    // Whether every name and value in the query is well percent-encoded (a malformed one is
    // skipped by the two above, so handlers refuse such a query instead of ignoring a filter).
    bool query_well_formed() const;
};

struct HttpResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // When set, sent instead of body without being copied (static files, shared by all the
    // connections sending them).
    std::shared_ptr<const std::string> shared_body;
    // When set, the body is sent with chunked transfer encoding, one chunk per call, until the
    // function returns nullopt (used to stream exports of any size).
    std::function<std::optional<std::string>()> stream;

    HttpResponse& set(std::string name, std::string value);
    std::string_view header(std::string_view name) const;
};

// Handlers answer through this; it may be called on another thread (after a commit).
using Respond = std::function<void(HttpResponse)>;

HttpResponse json_response(int status, const nlohmann::json& body);

// {"error": {"reason": "...", "message": "..."}} with a stable machine-readable reason.
HttpResponse error_response(int status, std::string_view reason, std::string_view message);

// Percent-decoding of a URL component; nullopt for a malformed escape or a decoded NUL.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

}  // namespace sada::server
