// The analysts' database (`sada --db FILE`): imported responses with their scores and texts, the
// analysts' labels, and daily rollups (score histograms) that keep reports fast as data grows.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sada/response.hpp"
#include "sada/result.hpp"
#include "sada/rollups.hpp"
#include "sada/store.hpp"
#include "sada/text_classify.hpp"

namespace sada {

// One free text: a text answer, or a visitor's message (survey "_message").
struct TextAnswer {
    std::string question_id;
    std::string text;
    bool is_message = false;
    std::optional<std::string> category;   // computed (text_classify.hpp); nullopt when not classified
    std::optional<std::string> sentiment;  // "positive", "neutral", "negative"
};

// A response as the collector keeps it.
struct AnalysedResponse {
    std::string id;
    std::string site;
    std::string survey_id;
    std::int64_t survey_version = 0;
    std::int64_t time_ms = 0;  // what reports file it under (effective_time_ms)
    std::optional<std::int64_t> received_at_ms;
    ResponseContext context;
    std::string body;  // the response's JSON, as exported
    std::vector<ScoreAnswer> scores;
    std::vector<TextAnswer> texts;
};

enum class AddOutcome { added, duplicate };

// The analysts' categories for free text (docs/report-format.md).
inline constexpr std::string_view kTextCategories[] = {"feedback-positive", "feedback-negative", "complaint",
                                                       "question", "technical-issue", "request"};
bool is_text_category(std::string_view category);

// Schema history: v1 = responses, scores, texts, labels, rollups; v2 = text_rollups (texts counted
// per rollup key, category and sentiment) and the responses_newest index.
std::span<const Migration> analysis_store_migrations();

// Owns the analysts' SQLite file (WAL by default). Move-only.
class AnalysisStore {
public:
    static Result<AnalysisStore> open(const std::string& path, bool write_ahead_log = true);

    // Stores a response, its scores and texts, and counts its scores into the rollups, unless its
    // id is already there (then nothing changes). All or nothing (a savepoint). Run it inside a
    // transaction for speed.
    Result<AddOutcome> add(const AnalysedResponse& response);
    // An analyst's category for a response's texts, which reports use instead of the computed
    // one. "unknown_response" when the id is not stored, "invalid_category" for other names.
    Status label(std::string_view response_id, std::string_view category, std::int64_t now_ms);
    Result<std::int64_t> count();
    // Computes the category and sentiment of every stored text again (after a lexicon changed),
    // in one transaction; returns how many texts changed.
    Result<std::int64_t> classify_texts(const TextClassifier& classifier);

    Database& database() { return db_; }

private:
    struct CachedStatements {
        Statement insert_response;
        Statement insert_score;
        Statement insert_text;
        RollupCounter rollups;
        Statement count_text;
    };
    Result<AddOutcome> add_rows(const AnalysedResponse& response);
    AnalysisStore(Database db, CachedStatements statements) : db_(std::move(db)), statements_(std::move(statements)) {}

    Database db_;  // declared first: destroyed after the statements
    CachedStatements statements_;
};

}  // namespace sada
