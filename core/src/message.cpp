// The built-in survey that carries visitor messages (see message.hpp).
#include "sada/message.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>

namespace sada {

const SurveyDefinition& message_survey() {
    static const SurveyDefinition survey = [] {
        const nlohmann::json document = {
            {"id", kMessageSurveyId},
            {"version", kMessageSurveyVersion},
            {"title", {{"en", "Send us a message"}, {"fa", "برای ما پیام بفرستید"}}},
            {"questions", nlohmann::json::array({{
                {"id", kMessageQuestionId},
                {"type", "text"},
                {"required", true},
                {"max_length", kMessageMaxLength},
                {"text", {{"en", "How can we help? Ask a question, tell us about a problem or share an idea."},
                          {"fa", "چطور می‌توانیم کمک کنیم؟ سؤال، مشکل یا پیشنهادتان را بنویسید."}}},
            }})},
            {"trigger", {{"on", "manual"}}},
        };
        SurveyParse parsed = parse_survey(document, SurveyIdRule::allow_reserved);
        if (!parsed.ok()) std::abort();  // a defect in the literal above; the tests pin it
        return std::move(*parsed.survey);
    }();
    return survey;
}

}  // namespace sada
