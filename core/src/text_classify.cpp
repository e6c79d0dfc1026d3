// Lexicon files and the category/sentiment rules (see text_classify.hpp and docs/text-analysis.md).
#include "sada/text_classify.hpp"

#include "sada/json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

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

Status read_terms(const json& value, const std::string& path, std::map<std::string, double, std::less<>>& out) {
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

// The weight of the tokens [begin, begin + length) in terms, or of tokens[begin] by a prefix term.
const double* lookup(const std::map<std::string, double, std::less<>>& terms, const std::vector<std::string>& tokens,
                     std::size_t begin, std::size_t length, std::string& scratch) {
    scratch.clear();
    for (std::size_t k = begin; k < begin + length; ++k) {
        if (k > begin) scratch += ' ';
        scratch += tokens[k];
    }
    if (const auto found = terms.find(scratch); found != terms.end()) return &found->second;
    if (length != 1) return nullptr;
    // Prefix terms ("refund*"): the longest prefix of the token that is listed with a "*".
    for (std::size_t cut = scratch.size(); cut > 0; --cut) {
        // Only cut between code points: never before a UTF-8 continuation byte.
        if (cut < scratch.size() && (static_cast<unsigned char>(scratch[cut]) & 0xC0) == 0x80) continue;
        const std::string candidate = scratch.substr(0, cut) + std::string(kPrefixMark);
        if (const auto found = terms.find(candidate); found != terms.end()) return &found->second;
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

TextClassification TextClassifier::classify(std::string_view text) const {
    TextClassification out;
    out.language = detect_language(text);
    const Lexicon& lexicon = out.language == TextLanguage::persian ? persian_ : english_;
    const std::vector<std::string> tokens = tokenize(normalize_text(text));
    std::string scratch;

    // Sentiment: the longest polar term at each place, flipped by a negation near it, scaled by an
    // intensifier just before it.
    // A negation's reach ends at a contrast ("not cheap but worth it", «گران بود ولی عالی»).
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
        for (std::size_t length = std::min(kMaxPhraseTokens, tokens.size() - i); length > 0 && matched == 0; --length) {
            if (const double* w = lookup(lexicon.positive, tokens, i, length, scratch)) matched = length, polarity = *w;
            else if (const double* w2 = lookup(lexicon.negative, tokens, i, length, scratch)) matched = length, polarity = -*w2;
        }
        if (matched == 0) {
            ++i;
            continue;
        }
        if (i > 0) {
            if (const double* factor = lookup(lexicon.intensifiers, tokens, i - 1, 1, scratch)) polarity *= *factor;
        }
        if (negated(i, i + matched)) polarity = -polarity;
        out.sentiment_score += polarity;
        i += matched;
    }
    // No polar word at all is neutral, whatever the band.
    out.sentiment = out.sentiment_score > 0 && out.sentiment_score >= lexicon.neutral_band    ? "positive"
                    : out.sentiment_score < 0 && out.sentiment_score <= -lexicon.neutral_band ? "negative"
                                                                                              : "neutral";

    // Intent: every category term counts (phrases and single words alike).
    std::string best;
    double best_score = 0;
    // On a tie the first of these wins: a suggestion or a grievance phrased as a question is a
    // request or a complaint, not a question.
    constexpr std::string_view kTieOrder[] = {"complaint", "technical-issue", "request", "question"};
    for (std::string_view category : kTieOrder) {
        const auto terms = lexicon.categories.find(category);
        double score = 0;
        if (terms != lexicon.categories.end()) {
            for (std::size_t i = 0; i < tokens.size(); ++i) {
                for (std::size_t length = 1; length <= std::min(kMaxPhraseTokens, tokens.size() - i); ++length) {
                    if (const double* w = lookup(terms->second, tokens, i, length, scratch)) score += *w;
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
