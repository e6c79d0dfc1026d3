// The report's "customers' words" section (see report_words.hpp).
#include "report_words.hpp"

#include "sada/text_normalize.hpp"
#include "sada/utf8.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace sada {
namespace {

using nlohmann::json;

constexpr std::size_t kTopTerms = 15;
constexpr std::size_t kTopPhrases = 10;
constexpr std::size_t kTopQuestions = 10;
constexpr std::size_t kQuestionsGrouped = 2000;
constexpr double kSameQuestion = 0.5;  // Jaccard similarity of their word sets
constexpr std::size_t kSamplesPerCategory = 3;

const std::string kFilters = " WHERE " + std::string(kResponseFiltersSql);

struct Text {
    std::string text;
    std::string category;  // "" when neither computed nor labelled
    int nps = -1;          // the response's NPS score, -1 without one
    std::vector<std::string> words;  // normalised tokens that carry meaning, in order
};

// Greetings, thanks and intensifiers: not stop words for the classifier (tone and emphasis), but
// they say nothing about what customers talk about. Normalised.
constexpr std::string_view kFillerWords[] = {
    "bye",   "dear",  "good",   "hello", "hey",  "hi",    "morning", "please", "pls",  "really", "regards", "so",
    "thank", "thanks", "thx",   "very",  "بخیر", "تشکر",  "خسته",    "خیلی",   "درود", "سلام",   "لطفا",    "لطفاً",
    "مرسی",  "ممنون",  "ممنونم", "نباشید", "وقت"};

// Tokens worth counting: not a stop word in either language, not a greeting or thanks, not a bare
// number, two characters or more.
bool meaningful(const std::string& token) {
    if (is_stop_word(token, TextLanguage::english) || is_stop_word(token, TextLanguage::persian)) return false;
    if (std::find(std::begin(kFillerWords), std::end(kFillerWords), token) != std::end(kFillerWords)) return false;
    if (std::all_of(token.begin(), token.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == ','; })) return false;
    return utf8::code_point_count(token).value_or(0) >= 2;
}

std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> kept;
    for (std::string& token : tokenize(normalize_text(text))) {
        if (meaningful(token)) kept.push_back(std::move(token));
        else kept.emplace_back();  // a gap: no phrase spans a stop word
    }
    return kept;
}

// Top terms and two-word phrases of a set of texts, each counted once per text.
json top_words(const std::vector<const Text*>& texts) {
    std::map<std::string, std::int64_t> terms, phrases;
    for (const Text* t : texts) {
        std::set<std::string> seen_terms, seen_phrases;
        for (std::size_t i = 0; i < t->words.size(); ++i) {
            if (t->words[i].empty()) continue;
            seen_terms.insert(t->words[i]);
            if (i + 1 < t->words.size() && !t->words[i + 1].empty()) seen_phrases.insert(t->words[i] + " " + t->words[i + 1]);
        }
        for (const std::string& term : seen_terms) ++terms[term];
        for (const std::string& phrase : seen_phrases) ++phrases[phrase];
    }
    const auto top = [](const std::map<std::string, std::int64_t>& counts, std::size_t limit, const char* name) {
        std::vector<std::pair<std::string, std::int64_t>> list(counts.begin(), counts.end());
        std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        json out = json::array();
        for (std::size_t i = 0; i < list.size() && i < limit; ++i) {
            if (list[i].second < 2) break;  // said once is not a pattern
            out.push_back({{name, list[i].first}, {"n", list[i].second}});
        }
        return out;
    };
    return json{{"texts", texts.size()}, {"terms", top(terms, kTopTerms, "term")}, {"phrases", top(phrases, kTopPhrases, "phrase")}};
}

double jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
    if (a.empty() && b.empty()) return 1;
    std::size_t common = 0;
    for (const std::string& word : a) common += b.count(word);
    return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

// The most frequent questions: near-duplicates (similar word sets) grouped, newest wording shown.
json frequent_questions(const std::vector<const Text*>& questions) {
    struct Group {
        std::set<std::string> words;
        std::vector<const Text*> texts;
    };
    std::vector<Group> groups;
    for (std::size_t i = 0; i < questions.size() && i < kQuestionsGrouped; ++i) {
        std::set<std::string> words;
        for (const std::string& w : questions[i]->words) {
            if (!w.empty()) words.insert(w);
        }
        Group* home = nullptr;
        for (Group& group : groups) {
            if (jaccard(words, group.words) >= kSameQuestion) {
                home = &group;
                break;
            }
        }
        if (home == nullptr) home = &groups.emplace_back(Group{std::move(words), {}});
        home->texts.push_back(questions[i]);
    }
    std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) { return a.texts.size() > b.texts.size(); });
    json out = json::array();
    for (std::size_t g = 0; g < groups.size() && g < kTopQuestions; ++g) {
        json examples = json::array();
        for (std::size_t k = 1; k < groups[g].texts.size() && k < 4; ++k) examples.push_back(groups[g].texts[k]->text);
        out.push_back({{"text", groups[g].texts.front()->text}, {"n", groups[g].texts.size()}, {"examples", std::move(examples)}});
    }
    return out;
}

}  // namespace

Result<json> words_section(AnalysisStore& store, const ReportQuery& query) {
    Database& db = store.database();
    json categories = json::object();
    json sentiment = json::object();
    std::int64_t categorised = 0;
    {
        Result<Statement> shares = db.prepare(
            std::string("SELECT coalesce(l.category, t.category), count(*) FROM texts t JOIN responses r ON r.id = t.response_id "
                        "LEFT JOIN labels l ON l.response_id = t.response_id") + kFilters + " GROUP BY 1");
        if (!shares) return shares.error();
        bind_response_filters(*shares, query);
        for (;;) {
            Result<bool> row = shares->step();
            if (!row) return row.error();
            if (!*row) break;
            if (shares->column_is_null(0)) continue;
            categories[shares->column_text(0)] = shares->column_int64(1);
            categorised += shares->column_int64(1);
        }
        Result<Statement> moods = db.prepare(std::string("SELECT t.sentiment, count(*) FROM texts t JOIN responses r ON r.id = t.response_id") +
                                             kFilters + " AND t.sentiment IS NOT NULL GROUP BY 1");
        if (!moods) return moods.error();
        bind_response_filters(*moods, query);
        for (;;) {
            Result<bool> row = moods->step();
            if (!row) return row.error();
            if (!*row) break;
            sentiment[moods->column_text(0)] = moods->column_int64(1);
        }
    }
    json shares = json::array();
    for (std::string_view category : kTextCategories) {
        const std::int64_t n = categories.value(std::string(category), std::int64_t{0});
        shares.push_back({{"category", category}, {"n", n},
                          {"share", categorised > 0 ? json(100.0 * static_cast<double>(n) / static_cast<double>(categorised)) : json()}});
    }

    Result<Statement> newest = db.prepare(
        std::string("SELECT t.text, coalesce(l.category, t.category, ''), "
                    "coalesce((SELECT s.value FROM scores s WHERE s.response_id = t.response_id AND s.kind = 'nps' ORDER BY s.question_id LIMIT 1), -1) "
                    "FROM texts t JOIN responses r ON r.id = t.response_id LEFT JOIN labels l ON l.response_id = t.response_id") +
        kFilters + " ORDER BY r.time_ms DESC, r.id LIMIT ?5");
    if (!newest) return newest.error();
    bind_response_filters(*newest, query);
    newest->bind_int64(5, kWordsTextLimit);
    std::vector<Text> texts;
    for (;;) {
        Result<bool> row = newest->step();
        if (!row) return row.error();
        if (!*row) break;
        Text t{newest->column_text(0), newest->column_text(1), newest->column_int(2), {}};
        t.words = words_of(t.text);
        texts.push_back(std::move(t));
    }
    std::vector<const Text*> all, detractors, promoters, questions;
    std::map<std::string, std::vector<const Text*>> by_category;
    for (const Text& t : texts) {
        all.push_back(&t);
        if (t.nps >= 0 && t.nps <= 6) detractors.push_back(&t);
        if (t.nps >= 9) promoters.push_back(&t);
        if (!t.category.empty()) by_category[t.category].push_back(&t);
        if (t.category == "question") questions.push_back(&t);
    }
    json per_category = json::object();
    for (std::string_view category : kTextCategories) {
        const auto& list = by_category[std::string(category)];
        json entry = top_words(list);
        json samples = json::array();
        for (std::size_t i = 0; i < list.size() && i < kSamplesPerCategory; ++i) samples.push_back(list[i]->text);
        entry["samples"] = std::move(samples);
        per_category[std::string(category)] = std::move(entry);
    }
    return json{{"texts_analysed", texts.size()},
                {"categories", std::move(shares)},
                {"sentiment", std::move(sentiment)},
                {"overall", top_words(all)},
                {"by_category", std::move(per_category)},
                {"detractors", top_words(detractors)},
                {"promoters", top_words(promoters)},
                {"questions", frequent_questions(questions)}};
}

}  // namespace sada
