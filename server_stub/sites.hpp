// The sites file (--sites FILE): which sites the server serves, their origins, admin token hash,
// surveys (active and archived) and limits, validated strictly when loaded.
#pragma once

#include "sada/result.hpp"
#include "sada/survey.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sada::server {

struct SiteLimits {
    std::size_t max_body_bytes = 65536;  // 1024 .. 10485760
    double requests_per_second = 10;     // > 0 and <= 1e6
    double burst = 30;                   // 1 .. 1e6
};

struct Site {
    std::string id;                        // 1-64 of [A-Za-z0-9_-], unique in the file
    std::vector<std::string> origins;      // exact "scheme://host[:port]" values of the Origin header
    std::string admin_token_sha256;        // 64 lowercase hex digits
    std::vector<SurveyDefinition> surveys;           // served by GET /surveys; ids unique
    std::vector<SurveyDefinition> archived_surveys;  // not served, but their answers are accepted
    SiteLimits limits;
    bool accepts_messages = true;  // visitors may write messages (the built-in survey, message.hpp)
    std::string surveys_json;  // {"surveys":[canonical definitions of `surveys`],"messages":bool}, what GET /surveys sends
    std::string surveys_etag;  // "\"" + first 32 hex digits of sha256(surveys_json) + "\""

    // Exact, case-sensitive match against the configured origins ("*" is not supported).
    bool origin_allowed(std::string_view origin) const;
    // The definition of (id, version), active or archived, or the built-in message survey when the
    // site accepts messages; nullptr when there is none.
    const SurveyDefinition* find_survey(std::string_view id, std::int64_t version) const;
    // True when any version of the survey is active or archived.
    bool knows_survey(std::string_view id) const;
};

struct SitesConfig {
    std::vector<Site> sites;

    const Site* find(std::string_view id) const;
};

// Reads and validates a sites document. Every problem is collected; the Error (code
// "invalid_sites") lists up to 5 as "<JSON pointer>: <message> (<reason>)", then "(and N more)".
// Survey definitions are checked by sada::parse_survey, their problems' paths prefixed with the
// survey's place in the file (e.g. /sites/0/surveys/1/questions/0/type). Never throws.
Result<SitesConfig> parse_sites(std::string_view json_text);

// Reads the file at `path` and parses it. A file that cannot be read gives code "unreadable" with
// the path and the system's reason; invalid content gives "invalid_sites" with the path prefixed.
Result<SitesConfig> load_sites(const std::string& path);

}  // namespace sada::server
