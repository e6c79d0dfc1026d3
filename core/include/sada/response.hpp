// Responses: one visitor's answers to one survey, with the touchpoint context, and their validation.
#pragma once

#include "sada/problem.hpp"
#include "sada/survey.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sada {

// The customer-journey stages, in journey order.
enum class JourneyStage { awareness, research, pre_purchase, purchase, post_purchase };

inline constexpr std::array<JourneyStage, 5> kJourneyStages{JourneyStage::awareness, JourneyStage::research,
                                                            JourneyStage::pre_purchase, JourneyStage::purchase,
                                                            JourneyStage::post_purchase};

std::string_view to_string(JourneyStage stage);  // "awareness", ..., "pre-purchase", "post-purchase"
std::optional<JourneyStage> journey_stage_from_string(std::string_view text);

// Where and by whom a response was given. Empty strings mean "not known".
struct ResponseContext {
    std::string page;      // path (and query) of the page, at most 2048 characters
    std::string stage;     // one of the journey stages, or empty
    std::string device;    // free text up to 64 characters; the widget sends desktop, mobile or tablet
    std::string locale;    // language tag of the UI the visitor saw, e.g. "fa" or "en-GB"
    std::string channel;   // free text up to 64 characters, e.g. "web", "chat", "email"
    std::string visitor;   // the site's pseudonymous visitor id (used for privacy erasure)
    nlohmann::json attributes = nlohmann::json::object();  // segment attributes: name -> string/number/bool
};

struct Response {
    std::string id;                 // client-generated UUID (v7 from Sada's widget)
    std::string survey_id;
    std::int64_t survey_version = 0;
    std::string submitted_at;       // RFC 3339 as sent
    std::int64_t submitted_at_ms = 0;
    nlohmann::json answers = nlohmann::json::object();  // question id -> value
    ResponseContext context;
};

struct ResponseLimits {
    static constexpr std::size_t max_page = 2048;
    static constexpr std::size_t max_token = 64;       // device, channel, locale
    static constexpr std::size_t max_visitor = 128;
    static constexpr std::size_t max_attributes = 32;
    static constexpr std::size_t max_attribute_text = 256;
    static constexpr std::size_t max_answers = 100;
    // Submitted times before 2020-01-01 or more than a day ahead of the receiver's clock are not
    // trusted (see effective_time_ms); the response is kept all the same.
    static constexpr std::int64_t earliest_submitted_at_ms = 1577836800000;
    static constexpr std::int64_t max_clock_skew_ms = 24LL * 60 * 60 * 1000;
};

struct ResponseParse {
    std::optional<Response> response;  // set only when there are no problems
    Problems problems;
    bool ok() const { return response.has_value(); }
};

// Reads the shape of one response (types, formats, limits) without a survey definition.
ResponseParse parse_response(const nlohmann::json& document);
// The same, taking the document apart instead of copying its answers (for batches).
ResponseParse parse_response(nlohmann::json&& document);

// Checks the answers of a well-formed response against its survey definition: every non-null
// answer (unknown question, type, range, option, choice count, text length in code points, even
// when it counts as skipped), required questions, and show_if (a hidden question must not be
// answered).
Problems validate_response(const Response& response, const SurveyDefinition& survey);

// The time to file a response under: submitted_at when it is plausible (not before 2020-01-01,
// at most a day after it was received), otherwise the time it was received. A visitor's wrong
// clock must not lose the answer, nor put it in the wrong year of a report.
std::int64_t effective_time_ms(const Response& response, std::int64_t received_at_ms);

void to_json(nlohmann::json& out, const ResponseContext& context);
void to_json(nlohmann::json& out, const Response& response);

}  // namespace sada
