// Lexicon files and the category/sentiment rules (see text_classify.hpp and docs/text-analysis.md).
#include "sada/text_classify.hpp"

#include "sada/json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <functional>

namespace sada {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxPhraseTokens = 5;
constexpr std::string_view kPrefixMark = "*";

Error lexicon_error(const std::string& path, const std::string& message) {
    return Error{"invalid_lexicon", (path.empty() ? std::string("/") : path) + ": " + message};
}

// A term as the classifier sees it: normalised tokens joined by one space; a trailing "*" (a
// prefix of one word) is kept. Errors say why a term can never match.
Result<std::string> term_key(std::string_view term) {
    const bool prefix = term.ends_with(kPrefixMark);
    if (prefix) term.remove_suffix(1);
    const std::vector<std::string> tokens = tokenize(normalize_text(term));
    if (tokens.empty()) return Error{"invalid_lexicon", "the term has no word in it"};
    if (tokens.size() > kMaxPhraseTokens) return Error{"invalid_lexicon", "a term has at most 5 words"};
    if (prefix && tokens.size() > 1) return Error{"invalid_lexicon", "only a single word can end in * (a prefix)"};
    std::string key;
    for (const std::string& token : tokens) {
        if (!key.empty()) key += ' ';
        key += token;
    }
    if (prefix) key += kPrefixMark;
    return key;
}

Status read_terms(const json& value, const std::string& path, TermWeights& out) {
    if (!value.is_object()) return lexicon_error(path, "expected an object of \"term\": weight");
    for (const auto& [term, weight] : value.items()) {
        if (!weight.is_number() || weight.get<double>() <= 0 || weight.get<double>() > 100) {
            return lexicon_error(path + "/" + term, "a weight is a number above 0 and at most 100");
        }
        Result<std::string> key = term_key(term);
        if (!key) return lexicon_error(path + "/" + term, key.error().message);
        if (!out.emplace(*key, weight.get<double>()).second) {
            return lexicon_error(path + "/" + term, "the same term as another one here once normalised (\"" + *key + "\")");
        }
    }
    return {};
}

using Terms = TermWeights;

TextClassifier::PrefixLengths prefix_lengths(const Terms& terms) {
    TextClassifier::PrefixLengths lengths;
    for (const auto& [key, weight] : terms) {
        if (key.ends_with(kPrefixMark)) lengths.push_back(key.size() - kPrefixMark.size());
    }
    std::sort(lengths.begin(), lengths.end(), std::greater<>());
    lengths.erase(std::unique(lengths.begin(), lengths.end()), lengths.end());
    return lengths;
}

// The weight of a term: the phrase `key` itself, or, for a single word, its longest prefix that
// is listed with a "*" (only lengths some prefix term has are tried).
const double* find_term(const Terms& terms, const TextClassifier::PrefixLengths& lengths, const std::string& key,
                        bool single_word, std::string& scratch) {
    if (const auto found = terms.find(key); found != terms.end()) return &found->second;
    if (!single_word) return nullptr;
    for (std::size_t length : lengths) {
        if (length > key.size()) continue;
        // Only cut between code points: never before a UTF-8 continuation byte.
        if (length < key.size() && (static_cast<unsigned char>(key[length]) & 0xC0) == 0x80) continue;
        scratch.assign(key, 0, length);
        scratch += kPrefixMark;
        if (const auto found = terms.find(scratch); found != terms.end()) return &found->second;
    }
    return nullptr;
}

}  // namespace

Result<Lexicon> parse_lexicon(std::string_view json_text) {
    Result<json> parsed = parse_json_text(json_text);
    if (!parsed) return lexicon_error("", parsed.error().message);
    const json& document = *parsed;
    if (!document.is_object()) return lexicon_error("", "a lexicon is a JSON object");
    Lexicon lexicon;
    const auto language = document.find("language");
    if (language == document.end() || !language->is_string() ||
        (language->get_ref<const std::string&>() != "en" && language->get_ref<const std::string&>() != "fa")) {
        return lexicon_error("/language", "\"en\" or \"fa\"");
    }
    lexicon.language = language->get_ref<const std::string&>() == "fa" ? TextLanguage::persian : TextLanguage::english;
    for (const auto& [key, value] : document.items()) {
        if (key == "language" || key == "version" || key == "comment") continue;
        if (key == "categories") {
            if (!value.is_object()) return lexicon_error("/categories", "expected an object");
            for (const auto& [category, terms] : value.items()) {
                if (std::find(std::begin(kIntentCategories), std::end(kIntentCategories), category) == std::end(kIntentCategories)) {
                    return lexicon_error("/categories/" + category, "not a category: complaint, question, technical-issue or request");
                }
                if (Status read = read_terms(terms, "/categories/" + category, lexicon.categories[category]); !read) return read.error();
            }
        } else if (key == "positive" || key == "negative" || key == "intensifiers") {
            auto& terms = key == "positive" ? lexicon.positive : key == "negative" ? lexicon.negative : lexicon.intensifiers;
            if (Status read = read_terms(value, "/" + key, terms); !read) return read.error();
        } else if (key == "settings") {
            if (!value.is_object()) return lexicon_error("/settings", "expected an object");
            for (const auto& item : value.items()) {
                const std::string& name = item.key();
                const json& setting = item.value();
                const auto in_range = [&](double low, double high) -> std::optional<double> {
                    if (!setting.is_number() || setting.get<double>() < low || setting.get<double>() > high) return std::nullopt;
                    return setting.get<double>();
                };
                std::optional<double> number;
                if (name == "intent_threshold" && (number = in_range(0, 100))) lexicon.intent_threshold = *number;
                else if (name == "question_mark_weight" && (number = in_range(0, 100))) lexicon.question_mark_weight = *number;
                else if (name == "neutral_band" && (number = in_range(0, 100))) lexicon.neutral_band = *number;
                else if (name == "negation_before" && setting.is_number_integer() && (number = in_range(0, 10))) lexicon.negation_before = static_cast<int>(*number);
                else if (name == "negation_after" && setting.is_number_integer() && (number = in_range(0, 10))) lexicon.negation_after = static_cast<int>(*number);
                else return lexicon_error("/settings/" + name, "unknown setting, or a value out of its range");
            }
        } else {
            return lexicon_error("/" + key, "unknown member");
        }
    }
    return lexicon;
}

TextClassifier::TextClassifier(Lexicon english, Lexicon persian) : english_(std::move(english)), persian_(std::move(persian)) {
    for (auto [lexicon, index] : {std::pair{&english_, &english_index_}, std::pair{&persian_, &persian_index_}}) {
        index->positive = prefix_lengths(lexicon->positive);
        index->negative = prefix_lengths(lexicon->negative);
        index->intensifiers = prefix_lengths(lexicon->intensifiers);
        for (const auto& [category, terms] : lexicon->categories) index->categories[category] = prefix_lengths(terms);
    }
}

TextClassification TextClassifier::classify(std::string_view text) const {
    TextClassification out;
    out.language = detect_language(text);
    const bool persian = out.language == TextLanguage::persian;
    const Lexicon& lexicon = persian ? persian_ : english_;
    const Index& index = persian ? persian_index_ : english_index_;
    const std::vector<std::string> tokens = tokenize(normalize_text(text));
    // Every phrase of up to kMaxPhraseTokens words, built once: phrases[i][n - 1] starts at word i.
    std::vector<std::array<std::string, kMaxPhraseTokens>> phrases(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        std::string phrase;
        for (std::size_t n = 0; n < kMaxPhraseTokens && i + n < tokens.size(); ++n) {
            if (n > 0) phrase += ' ';
            phrase += tokens[i + n];
            phrases[i][n] = phrase;
        }
    }
    const auto words_from = [&](std::size_t i) { return std::min(kMaxPhraseTokens, tokens.size() - i); };
    std::string scratch;

    // Sentiment: the longest polar term at each place, flipped by a negation near it, scaled by an
    // intensifier just before it. A negation's reach ends at a contrast ("not cheap but worth it",
    // «گران بود ولی عالی»).
    const auto contrast = [](const std::string& token) {
        return token == "but" || token == "however" || token == "although" || token == "ولی" || token == "اما" || token == "ولیکن";
    };
    const auto negated = [&](std::size_t begin, std::size_t end) {
        const std::size_t before = static_cast<std::size_t>(lexicon.negation_before);
        for (std::size_t k = begin; k > 0 && begin - k < before;) {
            --k;
            if (contrast(tokens[k])) break;
            if (is_negation(tokens[k], out.language)) return true;
        }
        for (std::size_t k = end; k < std::min(tokens.size(), end + lexicon.negation_after); ++k) {
            if (contrast(tokens[k])) break;
            if (is_negation(tokens[k], out.language)) return true;
        }
        return false;
    };
    for (std::size_t i = 0; i < tokens.size();) {
        std::size_t matched = 0;
        double polarity = 0;
        for (std::size_t length = words_from(i); length > 0 && matched == 0; --length) {
            const std::string& key = phrases[i][length - 1];
            if (const double* w = find_term(lexicon.positive, index.positive, key, length == 1, scratch)) matched = length, polarity = *w;
            else if (const double* w2 = find_term(lexicon.negative, index.negative, key, length == 1, scratch)) matched = length, polarity = -*w2;
        }
        if (matched == 0) {
            ++i;
            continue;
        }
        if (i > 0) {
            if (const double* factor = find_term(lexicon.intensifiers, index.intensifiers, tokens[i - 1], true, scratch)) polarity *= *factor;
        }
        if (negated(i, i + matched)) polarity = -polarity;
        out.sentiment_score += polarity;
        i += matched;
    }
    // No polar word at all is neutral, whatever the band.
    out.sentiment = out.sentiment_score > 0 && out.sentiment_score >= lexicon.neutral_band    ? "positive"
                    : out.sentiment_score < 0 && out.sentiment_score <= -lexicon.neutral_band ? "negative"
                                                                                              : "neutral";

    // Intent: every category term counts (phrases and single words alike). On a tie the first of
    // these wins: a suggestion or a grievance phrased as a question is a request or a complaint.
    constexpr std::string_view kTieOrder[] = {"complaint", "technical-issue", "request", "question"};
    std::string best;
    double best_score = 0;
    for (std::string_view category : kTieOrder) {
        const auto terms = lexicon.categories.find(category);
        double score = 0;
        if (terms != lexicon.categories.end()) {
            const PrefixLengths& lengths = index.categories.find(category)->second;
            for (std::size_t i = 0; i < tokens.size(); ++i) {
                for (std::size_t length = 1; length <= words_from(i); ++length) {
                    if (const double* w = find_term(terms->second, lengths, phrases[i][length - 1], length == 1, scratch)) score += *w;
                }
            }
        }
        if (category == "question" && (text.find('?') != std::string_view::npos || text.find("؟") != std::string_view::npos)) {
            score += lexicon.question_mark_weight;
        }
        if (score > best_score) best_score = score, best = std::string(category);
    }
    if (!best.empty() && best_score >= lexicon.intent_threshold) out.category = best;
    else out.category = out.sentiment_score < 0 ? "feedback-negative" : "feedback-positive";
    return out;
}

}  // namespace sada
