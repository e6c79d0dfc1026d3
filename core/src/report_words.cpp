// The report's "customers' words" section (see report_words.hpp).
#include "report_words.hpp"

#include "sada/analysis_store.hpp"
#include "sada/response.hpp"
#include "sada/text_normalize.hpp"
#include "sada/timestamp.hpp"
#include "sada/utf8.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
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
    const NewestText* source;
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
        for (std::size_t k = 1; k < groups[g].texts.size() && k < 4; ++k) examples.push_back(groups[g].texts[k]->source->text);
        out.push_back({{"text", groups[g].texts.front()->source->text}, {"n", groups[g].texts.size()}, {"examples", std::move(examples)}});
    }
    return out;
}

}  // namespace

Result<TextCounts> count_texts(Database& db, const ReportQuery& query, bool from_rollups) {
    const std::string sql =
        from_rollups ? "SELECT r.stage, r.is_message, r.category, r.sentiment, sum(r.count) FROM text_rollups r" + kFilters +
                           " GROUP BY 1, 2, 3, 4"
                     : "SELECT r.stage, t.is_message, coalesce(l.category, t.category, ''), coalesce(t.sentiment, ''), count(*) "
                       "FROM texts t JOIN responses r ON r.id = t.response_id LEFT JOIN labels l ON l.response_id = t.response_id" +
                           kFilters + " GROUP BY 1, 2, 3, 4";
    Result<Statement> cells = db.prepare(sql);
    if (!cells) return cells.error();
    bind_response_filters(*cells, query);
    TextCounts counts;
    for (;;) {
        Result<bool> row = cells->step();
        if (!row) return row.error();
        if (!*row) break;
        const std::string category = cells->column_text(2);
        const std::string sentiment = cells->column_text(3);
        const std::int64_t n = cells->column_int64(4);
        counts.texts += n;
        if (cells->column_int(1) != 0) counts.messages += n;
        if (!sentiment.empty()) counts.sentiments[sentiment] += n;
        if (category.empty()) continue;
        counts.categories[category] += n;
        auto& [complaints, categorised] = counts.complaints_by_stage[cells->column_text(0)];
        categorised += n;
        if (category == "complaint") complaints += n;
    }
    return counts;
}

Result<std::vector<NewestText>> newest_texts(Database& db, const ReportQuery& query, int limit) {
    // Walks responses newest first on the index (covering the filters), looking up their texts:
    // no sort of every text, and no response body read.
    Result<Statement> newest = db.prepare(
        "SELECT r.id, r.survey_id, t.question_id, t.text, t.is_message, r.stage, r.locale, r.time_ms, "
        "coalesce(l.category, t.category, ''), "
        "coalesce((SELECT s.value FROM scores s WHERE s.response_id = r.id AND s.kind = 'nps' ORDER BY s.question_id LIMIT 1), -1) "
        "FROM responses r INDEXED BY responses_newest CROSS JOIN texts t ON t.response_id = r.id "
        "LEFT JOIN labels l ON l.response_id = r.id" + kFilters + " ORDER BY r.time_ms DESC, r.id, t.question_id LIMIT ?5");
    if (!newest) return newest.error();
    bind_response_filters(*newest, query);
    newest->bind_int64(5, limit);
    std::vector<NewestText> texts;
    for (;;) {
        Result<bool> row = newest->step();
        if (!row) return row.error();
        if (!*row) break;
        NewestText t;
        t.response_id = newest->column_text(0);
        t.survey_id = newest->column_text(1);
        t.question_id = newest->column_text(2);
        t.text = newest->column_text(3);
        t.is_message = newest->column_int(4) != 0;
        t.stage = newest->column_text(5);
        t.locale = newest->column_text(6);
        t.time_ms = newest->column_int64(7);
        t.category = newest->column_text(8);
        t.nps = newest->column_int(9);
        texts.push_back(std::move(t));
    }
    return texts;
}

json comment_samples(const TextCounts& counts, const std::vector<NewestText>& newest, int per_group) {
    // Answers by stage in journey order (then stages outside it, by name), messages last; newest
    // first within each.
    const auto rank = [](const std::string& stage) {
        const auto known = journey_stage_from_string(stage);
        return known ? static_cast<int>(*known) : static_cast<int>(kJourneyStages.size());
    };
    std::map<std::tuple<bool, int, std::string>, std::vector<const NewestText*>> groups;
    for (const NewestText& t : newest) {
        auto& group = groups[{t.is_message, t.is_message ? 0 : rank(t.stage), t.is_message ? std::string() : t.stage}];
        if (group.size() < static_cast<std::size_t>(per_group)) group.push_back(&t);
    }
    json samples = json::array();
    for (const auto& [key, group] : groups) {
        for (const NewestText* t : group) {
            samples.push_back({{"response_id", t->response_id}, {"survey_id", t->survey_id}, {"question_id", t->question_id},
                               {"text", t->text}, {"message", t->is_message}, {"stage", t->stage}, {"locale", t->locale},
                               {"time", format_rfc3339_ms(t->time_ms)},
                               {"category", t->category.empty() ? json() : json(t->category)}});
        }
    }
    return json{{"texts", counts.texts}, {"messages", counts.messages}, {"samples", std::move(samples)}};
}

json words_section(const TextCounts& counts, const std::vector<NewestText>& newest) {
    std::int64_t categorised = 0;
    for (const auto& [category, n] : counts.categories) categorised += n;
    json shares = json::array();
    for (std::string_view category : kTextCategories) {
        const auto found = counts.categories.find(std::string(category));
        const std::int64_t n = found == counts.categories.end() ? 0 : found->second;
        shares.push_back({{"category", category}, {"n", n},
                          {"share", categorised > 0 ? json(100.0 * static_cast<double>(n) / static_cast<double>(categorised)) : json()}});
    }
    json sentiment = json::object();
    for (const auto& [mood, n] : counts.sentiments) sentiment[mood] = n;

    std::vector<Text> texts;
    texts.reserve(newest.size());
    for (const NewestText& t : newest) texts.push_back(Text{&t, words_of(t.text)});
    std::vector<const Text*> all, detractors, promoters, questions;
    std::map<std::string, std::vector<const Text*>> by_category;
    for (const Text& t : texts) {
        all.push_back(&t);
        if (t.source->nps >= 0 && t.source->nps <= 6) detractors.push_back(&t);
        if (t.source->nps >= 9) promoters.push_back(&t);
        if (!t.source->category.empty()) by_category[t.source->category].push_back(&t);
        if (t.source->category == "question") questions.push_back(&t);
    }
    json per_category = json::object();
    for (std::string_view category : kTextCategories) {
        const auto& list = by_category[std::string(category)];
        json entry = top_words(list);
        json samples = json::array();
        for (std::size_t i = 0; i < list.size() && i < kSamplesPerCategory; ++i) samples.push_back(list[i]->source->text);
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
