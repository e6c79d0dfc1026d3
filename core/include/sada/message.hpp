// Visitor messages ("send us a message"): written at any time in the widget, they travel, are
// stored and exported as responses to one built-in survey, so every rule for answers (ids,
// outbox, at-least-once delivery, validation, export, erasure) applies to them unchanged.
#pragma once

#include <string_view>

#include "sada/survey.hpp"

namespace sada {

// The built-in survey's id. A site's own survey may not use it (parse_survey refuses ids that
// start with '_', which are reserved for Sada).
inline constexpr std::string_view kMessageSurveyId = "_message";
inline constexpr std::int64_t kMessageSurveyVersion = 1;
// The one question's id, and the longest message in code points.
inline constexpr std::string_view kMessageQuestionId = "message";
inline constexpr int kMessageMaxLength = 2000;

// The built-in survey: version 1, one required free-text question "message" of at most
// kMessageMaxLength code points, shown by the visitor only (trigger "manual").
const SurveyDefinition& message_survey();

// Whether a response is a visitor message rather than an answer to a site's survey.
inline bool is_message_survey(std::string_view survey_id) { return survey_id == kMessageSurveyId; }

}  // namespace sada
