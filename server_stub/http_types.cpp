// Helpers for HTTP values: header and query lookup, JSON and error responses, percent-decoding.
#include "http_types.hpp"

namespace sada::server {

std::string_view HttpRequest::header(std::string_view lower_case_name) const {
    const auto it = headers.find(lower_case_name);
    return it == headers.end() ? std::string_view() : std::string_view(it->second);
}

namespace {

// Calls visit(decoded_name, decoded_value) for each name=value pair of the query, in order;
// returns false if any name or value is not well percent-encoded (that pair is skipped).
template <typename Visit>
bool for_each_query_pair(std::string_view query, Visit&& visit) {
    bool well_formed = true;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        const auto eq = pair.find('=');
        const auto key = percent_decode(pair.substr(0, eq), true);
        const auto value = eq == std::string_view::npos ? std::optional<std::string>(std::string()) : percent_decode(pair.substr(eq + 1), true);
        if (!key || !value) {
            well_formed = false;
            continue;
        }
        if (!visit(*key, *value)) break;
    }
    return well_formed;
}

}  // namespace

std::optional<std::string> HttpRequest::query_param(std::string_view name) const {
    std::optional<std::string> found;
    for_each_query_pair(query, [&](const std::string& key, const std::string& value) {
        if (key != name) return true;
        found = value;
        return false;
    });
    return found;
}

std::vector<std::string> HttpRequest::query_params(std::string_view name) const {
    std::vector<std::string> found;
    for_each_query_pair(query, [&](const std::string& key, const std::string& value) {
        if (key == name) found.push_back(value);
        return true;
    });
    return found;
}

bool HttpRequest::query_well_formed() const {
    return for_each_query_pair(query, [](const std::string&, const std::string&) { return true; });
}

HttpResponse& HttpResponse::set(std::string name, std::string value) {
    for (auto& [existing, existing_value] : headers) {
        if (existing == name) {
            existing_value = std::move(value);
            return *this;
        }
    }
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

std::string_view HttpResponse::header(std::string_view name) const {
    for (const auto& [existing, value] : headers) {
        if (existing == name) return value;
    }
    return {};
}

HttpResponse json_response(int status, const nlohmann::json& body) {
    HttpResponse response;
    response.status = status;
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    response.set("Content-Type", "application/json");
    return response;
}

HttpResponse error_response(int status, std::string_view reason, std::string_view message) {
    return json_response(status, {{"error", {{"reason", reason}, {"message", message}}}});
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;  // needs two hex digits
            const int high = hex(text[i + 1]);
            const int low = hex(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            c = static_cast<char>(high * 16 + low);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        if (c == '\0') return std::nullopt;
        out += c;
    }
    return out;
}

}  // namespace sada::server
