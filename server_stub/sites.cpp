// The sites file: strict validation of sites, origins, token hashes, surveys and limits, and the
// canonical GET /surveys document with its ETag.
#include "sites.hpp"

#include "auth.hpp"
#include "sada/json_text.hpp"
#include "sada/message.hpp"
#include "sada/problem.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <initializer_list>
#include <set>
#include <system_error>
#include <utility>

namespace sada::server {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxProblemsInMessage = 5;
constexpr std::size_t kMaxSitesFileBytes = 64u * 1024u * 1024u;

class Collector {
public:
    void add(std::string path, Reason reason, std::string message) {
        problems_.push_back(Problem{std::move(path), reason, std::move(message)});
    }
    bool empty() const { return problems_.empty(); }
    std::size_t count() const { return problems_.size(); }

    // Adds a survey validator's problems, their paths placed under `prefix`.
    void add_all(const std::string& prefix, const Problems& problems) {
        for (const Problem& problem : problems) add(prefix + problem.path, problem.reason, problem.message);
    }

    std::string summary() const {
        std::string out;
        for (std::size_t i = 0; i < problems_.size() && i < kMaxProblemsInMessage; ++i) {
            const Problem& problem = problems_[i];
            if (i > 0) out += "; ";
            out += problem.path.empty() ? std::string("(document)") : problem.path;
            out += ": " + problem.message + " (" + std::string(to_string(problem.reason)) + ")";
        }
        if (problems_.size() > kMaxProblemsInMessage) {
            out += " (and " + std::to_string(problems_.size() - kMaxProblemsInMessage) + " more)";
        }
        return out;
    }

private:
    Problems problems_;
};

std::string json_quoted(std::string_view text) { return json(std::string(text)).dump(); }

std::string join_path(const std::string& base, std::string_view token) { return base + "/" + pointer_token(token); }

std::string join_path(const std::string& base, std::size_t index) { return base + "/" + std::to_string(index); }

// Reports members of `object` not in `allowed`.
void check_members(const json& object, const std::string& path, std::initializer_list<std::string_view> allowed,
                   Collector& problems) {
    std::size_t unknown = 0;
    for (const auto& [key, value] : object.items()) {
        bool known = false;
        for (const auto name : allowed) known = known || key == name;
        if (known) continue;
        if (++unknown <= kMaxUnknownFieldsReported) {
            problems.add(join_path(path, key), Reason::unknown_field, "unknown field " + json_quoted(key));
        }
    }
    if (unknown > kMaxUnknownFieldsReported) {
        problems.add(path, Reason::unknown_field, std::to_string(unknown) + " unknown fields in all");
    }
}

// The member `name` of `object`, or nullptr (reported when `required`).
const json* member(const json& object, const std::string& path, std::string_view name, bool required,
                   Collector& problems) {
    const auto found = object.find(std::string(name));
    if (found != object.end()) return &*found;
    if (required) problems.add(join_path(path, name), Reason::missing_field, json_quoted(name) + " is required");
    return nullptr;
}

bool is_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Why `origin` is not a usable "scheme://host[:port]" value, or "" when it is.
std::string origin_problem(std::string_view origin) {
    if (origin == "*") return "\"*\" is not supported: list each origin";
    std::string_view rest;
    std::string_view default_port;
    if (origin.substr(0, 7) == "http://") {
        rest = origin.substr(7);
        default_port = "80";
    } else if (origin.substr(0, 8) == "https://") {
        rest = origin.substr(8);
        default_port = "443";
    } else {
        return json_quoted(origin) + " must start with http:// or https:// (lowercase)";
    }
    const std::string shape = json_quoted(origin) + " must be scheme://host[:port], with no path, trailing slash or user";
    if (rest.find_first_of("/?#@ \t\\") != std::string_view::npos) return shape;

    std::string_view host;
    std::string_view after_host;
    if (!rest.empty() && rest.front() == '[') {
        const std::size_t close = rest.find(']');
        if (close == std::string_view::npos || close < 3) return shape;
        host = rest.substr(0, close + 1);
        for (const char c : host.substr(1, host.size() - 2)) {
            if (!(is_digit(c) || (c >= 'a' && c <= 'f') || c == ':' || c == '.')) {
                return json_quoted(origin) + " has an invalid IPv6 address (write it in lowercase)";
            }
        }
        after_host = rest.substr(close + 1);
    } else {
        const std::size_t colon = rest.find(':');
        host = rest.substr(0, colon);
        after_host = colon == std::string_view::npos ? std::string_view() : rest.substr(colon);
        if (host.empty() || host.size() > 253) return shape;
        bool label_start = true;
        for (std::size_t i = 0; i < host.size(); ++i) {
            const char c = host[i];
            if (c >= 'A' && c <= 'Z') return json_quoted(origin) + " must be lowercase: browsers send the Origin host in lowercase";
            if (c == '.') {
                if (label_start) return json_quoted(origin) + " has an empty host label";
                label_start = true;
                continue;
            }
            if (!(is_digit(c) || (c >= 'a' && c <= 'z') || c == '-')) {
                return json_quoted(origin) + " has an invalid character in its host (use punycode for international names)";
            }
            label_start = false;
        }
        if (label_start) return json_quoted(origin) + " has an empty host label";
    }
    if (after_host.empty()) return "";
    if (after_host.front() != ':') return shape;
    const std::string_view port = after_host.substr(1);
    if (port.empty() || port.size() > 5 || port.front() == '0') return json_quoted(origin) + " has an invalid port";
    for (const char c : port) {
        if (!is_digit(c)) return json_quoted(origin) + " has an invalid port";
    }
    if (std::stoul(std::string(port)) > 65535) return json_quoted(origin) + " has an invalid port";
    if (port == default_port) {
        return json_quoted(origin) + " names the default port: browsers omit it, so write the origin without \":" +
               std::string(port) + "\"";
    }
    return "";
}

void read_origins(const json& value, const std::string& path, Site& site, Collector& problems) {
    if (!value.is_array()) {
        problems.add(path, Reason::wrong_type, "origins must be an array of strings");
        return;
    }
    if (value.empty()) {
        problems.add(path, Reason::empty, "at least one origin is required");
        return;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        const json& item = value[i];
        if (!item.is_string()) {
            problems.add(join_path(path, i), Reason::wrong_type, "an origin must be a string");
            continue;
        }
        const std::string& origin = item.get_ref<const std::string&>();
        const std::string problem = origin_problem(origin);
        if (!problem.empty()) {
            problems.add(join_path(path, i), Reason::invalid_value, problem);
            continue;
        }
        site.origins.push_back(origin);
    }
}

void read_token_hash(const json& value, const std::string& path, Site& site, Collector& problems) {
    if (!value.is_string()) {
        problems.add(path, Reason::wrong_type, "admin_token_sha256 must be a string of 64 hexadecimal digits");
        return;
    }
    const std::string& text = value.get_ref<const std::string&>();
    bool hex = text.size() == 64;
    for (const char c : text) hex = hex && is_hex(c);
    if (!hex) {
        problems.add(path, Reason::invalid_value,
                     "must be the SHA-256 of the admin token as 64 hexadecimal digits (printf %s TOKEN | sha256sum)");
        return;
    }
    site.admin_token_sha256 = text;
    for (char& c : site.admin_token_sha256) {
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    }
}

// Reads an array of survey definitions; problems of each are reported under its path.
void read_surveys(const json& value, const std::string& path, std::vector<SurveyDefinition>& out,
                  std::vector<std::string>& paths, Collector& problems) {
    if (!value.is_array()) {
        problems.add(path, Reason::wrong_type, "must be an array of survey definitions");
        return;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string item_path = join_path(path, i);
        SurveyParse parse = parse_survey(value[i]);
        if (!parse.ok()) {
            problems.add_all(item_path, parse.problems);
            continue;
        }
        out.push_back(std::move(*parse.survey));
        paths.push_back(item_path);
    }
}

std::string number_text(const json& value) { return value.dump(); }

void read_limits(const json& value, const std::string& path, SiteLimits& limits, Collector& problems) {
    if (!value.is_object()) {
        problems.add(path, Reason::wrong_type, "limits must be an object");
        return;
    }
    check_members(value, path, {"max_body_bytes", "requests_per_second", "burst"}, problems);
    if (const json* bytes = member(value, path, "max_body_bytes", false, problems)) {
        const std::string at = join_path(path, "max_body_bytes");
        if (!bytes->is_number_integer()) {
            problems.add(at, Reason::wrong_type, "max_body_bytes must be an integer");
        } else if (bytes->is_number_unsigned() && bytes->get<std::uint64_t>() >= 1024 &&
                   bytes->get<std::uint64_t>() <= 10485760) {
            limits.max_body_bytes = static_cast<std::size_t>(bytes->get<std::uint64_t>());
        } else {
            problems.add(at, Reason::out_of_range, number_text(*bytes) + " is outside 1024..10485760");
        }
    }
    if (const json* rate = member(value, path, "requests_per_second", false, problems)) {
        const std::string at = join_path(path, "requests_per_second");
        if (!rate->is_number()) {
            problems.add(at, Reason::wrong_type, "requests_per_second must be a number");
        } else if (const double r = rate->get<double>(); r > 0 && r <= 1e6) {
            limits.requests_per_second = r;
        } else {
            problems.add(at, Reason::out_of_range, number_text(*rate) + " must be above 0 and at most 1000000");
        }
    }
    if (const json* burst = member(value, path, "burst", false, problems)) {
        const std::string at = join_path(path, "burst");
        if (!burst->is_number()) {
            problems.add(at, Reason::wrong_type, "burst must be a number");
        } else if (const double b = burst->get<double>(); b >= 1 && b <= 1e6) {
            limits.burst = b;
        } else {
            problems.add(at, Reason::out_of_range, number_text(*burst) + " is outside 1..1000000");
        }
    }
}

void read_site(const json& value, const std::string& path, std::set<std::string>& site_ids, Site& site,
               Collector& problems) {
    if (!value.is_object()) {
        problems.add(path, Reason::wrong_type, "a site must be an object");
        return;
    }
    check_members(value, path, {"id", "origins", "admin_token_sha256", "surveys", "archived_surveys", "limits", "messages"},
                  problems);

    if (const json* id = member(value, path, "id", true, problems)) {
        const std::string at = join_path(path, "id");
        if (!id->is_string()) {
            problems.add(at, Reason::wrong_type, "the site id must be a string");
        } else if (!is_id(id->get_ref<const std::string&>())) {
            problems.add(at, Reason::invalid_value, json_quoted(id->get_ref<const std::string&>()) +
                                                        " is not a site id (1-64 of A-Z a-z 0-9 _ -)");
        } else if (!site_ids.insert(id->get_ref<const std::string&>()).second) {
            problems.add(at, Reason::duplicate_id, "site id " + json_quoted(id->get_ref<const std::string&>()) + " is used twice");
        } else {
            site.id = id->get_ref<const std::string&>();
        }
    }
    if (const json* origins = member(value, path, "origins", true, problems)) {
        read_origins(*origins, join_path(path, "origins"), site, problems);
    }
    if (const json* token = member(value, path, "admin_token_sha256", true, problems)) {
        read_token_hash(*token, join_path(path, "admin_token_sha256"), site, problems);
    }

    std::vector<std::string> active_paths;
    if (const json* surveys = member(value, path, "surveys", true, problems)) {
        read_surveys(*surveys, join_path(path, "surveys"), site.surveys, active_paths, problems);
    }
    std::vector<std::string> archived_paths;
    if (const json* archived = member(value, path, "archived_surveys", false, problems)) {
        read_surveys(*archived, join_path(path, "archived_surveys"), site.archived_surveys, archived_paths, problems);
    }

    // Active ids are unique; no (id, version) is defined twice across active and archived.
    std::set<std::string> active_ids;
    std::set<std::pair<std::string, std::int64_t>> versions;
    std::vector<std::pair<std::pair<std::string, std::int64_t>, std::string>> first_seen;
    const auto claim = [&](const SurveyDefinition& survey, const std::string& at) {
        const auto key = std::make_pair(survey.id, survey.version);
        if (versions.insert(key).second) {
            first_seen.emplace_back(key, at);
            return;
        }
        std::string earlier;
        for (const auto& [seen, seen_at] : first_seen) {
            if (seen == key) earlier = seen_at;
        }
        problems.add(join_path(at, "version"), Reason::duplicate_id,
                     "survey " + json_quoted(survey.id) + " version " + std::to_string(survey.version) +
                         " is already defined at " + earlier);
    };
    for (std::size_t i = 0; i < site.surveys.size(); ++i) {
        if (!active_ids.insert(site.surveys[i].id).second) {
            problems.add(join_path(active_paths[i], "id"), Reason::duplicate_id,
                         "survey id " + json_quoted(site.surveys[i].id) + " is active twice (archive the older version)");
            continue;
        }
        claim(site.surveys[i], active_paths[i]);
    }
    for (std::size_t i = 0; i < site.archived_surveys.size(); ++i) claim(site.archived_surveys[i], archived_paths[i]);

    if (const json* limits = member(value, path, "limits", false, problems)) {
        read_limits(*limits, join_path(path, "limits"), site.limits, problems);
    }
    if (const json* messages = member(value, path, "messages", false, problems)) {
        if (messages->is_boolean()) site.accepts_messages = messages->get<bool>();
        else problems.add(join_path(path, "messages"), Reason::wrong_type, "\"messages\" must be true or false");
    }
}

Status fill_served_document(Site& site) {
    json list = json::array();
    for (const SurveyDefinition& survey : site.surveys) list.push_back(survey);
    json document = json::object();
    document["surveys"] = std::move(list);
    document["messages"] = site.accepts_messages;
    site.surveys_json = document.dump();
    const std::string hash = sha256_hex(site.surveys_json);
    if (hash.size() < 32) return Error{"internal", "SHA-256 is unavailable"};
    site.surveys_etag = "\"" + hash.substr(0, 32) + "\"";
    return {};
}

Result<SitesConfig> parse_sites_unchecked(std::string_view json_text) {
    Result<json> parsed = parse_json_text(json_text);
    if (!parsed) {
        return Error{"invalid_sites", "(document): " + parsed.error().message + " (" + parsed.error().code + ")"};
    }
    const json& document = parsed.value();
    Collector problems;
    SitesConfig config;
    if (!document.is_object()) {
        problems.add("", Reason::wrong_type, "the sites file must be a JSON object {\"sites\": [...]}");
        return Error{"invalid_sites", problems.summary()};
    }
    check_members(document, "", {"sites"}, problems);
    if (const json* sites = member(document, "", "sites", true, problems)) {
        if (!sites->is_array()) {
            problems.add("/sites", Reason::wrong_type, "sites must be an array of sites");
        } else if (sites->empty()) {
            problems.add("/sites", Reason::empty, "at least one site is required");
        } else {
            std::set<std::string> site_ids;
            for (std::size_t i = 0; i < sites->size(); ++i) {
                Site site;
                read_site((*sites)[i], join_path("/sites", i), site_ids, site, problems);
                config.sites.push_back(std::move(site));
            }
        }
    }
    if (!problems.empty()) return Error{"invalid_sites", problems.summary()};
    for (Site& site : config.sites) {
        if (Status filled = fill_served_document(site); !filled) return filled.error();
    }
    return config;
}

}  // namespace

bool Site::origin_allowed(std::string_view origin) const {
    for (const std::string& allowed : origins) {
        if (allowed == origin) return true;
    }
    return false;
}

const SurveyDefinition* Site::find_survey(std::string_view survey_id, std::int64_t version) const {
    for (const SurveyDefinition& survey : surveys) {
        if (survey.id == survey_id && survey.version == version) return &survey;
    }
    for (const SurveyDefinition& survey : archived_surveys) {
        if (survey.id == survey_id && survey.version == version) return &survey;
    }
    if (accepts_messages && is_message_survey(survey_id) && version == kMessageSurveyVersion) return &message_survey();
    return nullptr;
}

bool Site::knows_survey(std::string_view survey_id) const {
    if (accepts_messages && is_message_survey(survey_id)) return true;
    for (const SurveyDefinition& survey : surveys) {
        if (survey.id == survey_id) return true;
    }
    for (const SurveyDefinition& survey : archived_surveys) {
        if (survey.id == survey_id) return true;
    }
    return false;
}

const Site* SitesConfig::find(std::string_view site_id) const {
    for (const Site& site : sites) {
        if (site.id == site_id) return &site;
    }
    return nullptr;
}

Result<SitesConfig> parse_sites(std::string_view json_text) {
    try {
        return parse_sites_unchecked(json_text);
    } catch (const std::exception& failure) {
        return Error{"invalid_sites", std::string("the sites file could not be read: ") + failure.what()};
    }
}

Result<SitesConfig> load_sites(const std::string& path) {
    try {
        std::FILE* file = std::fopen(path.c_str(), "rb");
        if (file == nullptr) {
            return Error{"unreadable", "cannot open " + path + ": " + std::generic_category().message(errno)};
        }
        std::string text;
        char buffer[65536];
        int read_error = 0;
        bool too_large = false;
        while (true) {
            const std::size_t got = std::fread(buffer, 1, sizeof buffer, file);
            text.append(buffer, got);
            if (text.size() > kMaxSitesFileBytes) {
                too_large = true;
                break;
            }
            if (got < sizeof buffer) {
                if (std::ferror(file)) read_error = errno != 0 ? errno : EIO;
                break;
            }
        }
        std::fclose(file);
        if (read_error != 0) {
            return Error{"unreadable", "cannot read " + path + ": " + std::generic_category().message(read_error)};
        }
        if (too_large) {
            return Error{"invalid_sites", path + ": larger than " + std::to_string(kMaxSitesFileBytes) + " bytes"};
        }
        Result<SitesConfig> config = parse_sites(text);
        if (!config) return Error{config.error().code, path + ": " + config.error().message};
        return config;
    } catch (const std::exception& failure) {
        return Error{"unreadable", "cannot read " + path + ": " + failure.what()};
    }
}

}  // namespace sada::server
