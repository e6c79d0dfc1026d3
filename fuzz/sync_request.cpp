// Fuzz target: the body of POST /v1/sites/{site}/responses, as the server reads it. Any bytes give either a
// request-level error or items; each item is a response or its problems, never both; a response
// is then validated against a survey with every question type, as the server does, and whatever
// passes is written back to JSON that parses as a response again.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check.hpp"
#include "sada/protocol.hpp"
#include "sada/response.hpp"
#include "sada/survey.hpp"

namespace {

const sada::SurveyDefinition& fuzz_survey() {
    static const sada::SurveyParse parsed = sada::parse_survey(std::string_view(R"({
      "id": "shop-nps", "version": 1, "title": {"en": "Quick question"},
      "trigger": {"on": "page_load"},
      "questions": [
        {"id": "nps", "type": "nps", "required": true, "text": {"en": "Recommend us?", "fa": "پیشنهاد می‌کنید؟"},
         "scale": {"min": 0, "max": 10}},
        {"id": "why", "type": "text", "max_length": 500, "text": {"en": "Why?"},
         "show_if": {"question": "nps", "op": "lte", "value": 6}},
        {"id": "csat", "type": "csat", "text": {"en": "Satisfied?"}, "scale": {"min": 1, "max": 5}},
        {"id": "pay", "type": "single_choice", "text": {"en": "Pay"},
         "options": [{"id": "card", "label": {"en": "Card"}}, {"id": "cod", "label": {"en": "Cash"}}]},
        {"id": "issues", "type": "multi_choice", "max_choices": 2, "text": {"en": "Issues"},
         "options": [{"id": "slow", "label": {"en": "Slow"}}, {"id": "price", "label": {"en": "Price"}},
                     {"id": "ship", "label": {"en": "Shipping"}}]}
      ]})"));
    SADA_FUZZ_CHECK(parsed.ok());
    static const sada::SurveyDefinition survey = *parsed.survey;
    return survey;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto request = sada::parse_sync_request(body);
    if (!request.ok()) {
        SADA_FUZZ_CHECK(!request.error().code.empty());
        return 0;
    }
    SADA_FUZZ_CHECK(!request->items.empty());
    for (const sada::IncomingItem& item : request->items) {
        SADA_FUZZ_CHECK(item.response.has_value() != !item.problems.empty());
        if (!item.response) continue;
        const sada::Problems problems = sada::validate_response(*item.response, fuzz_survey());
        if (!problems.empty()) continue;
        const sada::ResponseParse again = sada::parse_response(nlohmann::json(*item.response));
        SADA_FUZZ_CHECK(again.ok());
        SADA_FUZZ_CHECK(again.response->id == item.response->id);
    }
    return 0;
}
