// The report's texts (internal to core/src/report.cpp): how many texts there are per category,
// sentiment and stage (from the text rollups or the raw rows), the newest texts themselves, and
// from those the "customers' words" section (top terms and two-word phrases overall, per category
// and for detractors vs promoters, the most frequent questions with near-duplicates grouped) and
// the comment samples.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sada/report.hpp"
#include "sada/result.hpp"
#include "sada/store.hpp"

namespace sada {

// At most this many texts (the newest matching the filters) feed the terms, the questions and the
// comment samples; the counts and shares count every text.
inline constexpr int kWordsTextLimit = 50000;

struct TextCounts {
    std::int64_t texts = 0;
    std::int64_t messages = 0;
    std::map<std::string, std::int64_t> categories;  // effective category (label, else computed) -> texts
    std::map<std::string, std::int64_t> sentiments;  // computed sentiment -> texts
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> complaints_by_stage;  // stage -> (complaints, categorised)
};
Result<TextCounts> count_texts(Database& db, const ReportQuery& query, bool from_rollups);

struct NewestText {
    std::string response_id, survey_id, question_id, text, stage, locale;
    bool is_message = false;
    std::int64_t time_ms = 0;
    std::string category;  // "" when neither computed nor labelled
    int nps = -1;          // the response's NPS score, -1 without one
};
// Newest first (ties by response id), at most `limit`.
Result<std::vector<NewestText>> newest_texts(Database& db, const ReportQuery& query, int limit);

nlohmann::json words_section(const TextCounts& counts, const std::vector<NewestText>& newest);
// {"texts", "messages", "samples"}: the newest few texts of each journey stage and of the messages.
nlohmann::json comment_samples(const TextCounts& counts, const std::vector<NewestText>& newest, int per_group);

}  // namespace sada
