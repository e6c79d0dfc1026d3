// Category and sentiment of a customer's text (English or Persian) from lexicons that users can
// edit: JSON files of weighted words and phrases per category and per polarity (docs/text-analysis.md).
// Negation flips the polarity of what it governs ("not good", «خوب نبود»).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sada/result.hpp"
#include "sada/text_normalize.hpp"

namespace sada {

// The intents that are not plain opinion; an opinion is "feedback-positive" or "feedback-negative"
// by its sentiment.
inline constexpr std::string_view kIntentCategories[] = {"complaint", "question", "technical-issue", "request"};

struct TextClassification {
    std::string category;   // one of kTextCategories (analysis_store.hpp)
    std::string sentiment;  // "positive", "neutral" or "negative"
    double sentiment_score = 0;  // the signed sum of polarity weights
    TextLanguage language = TextLanguage::english;
};

// Normalised term or phrase (a single word may end in "*": a prefix) -> weight.
using TermWeights = std::unordered_map<std::string, double>;

// One language's lexicon, read from its JSON file.
struct Lexicon {
    TextLanguage language = TextLanguage::english;
    // category -> (normalised term or phrase -> weight); categories from kIntentCategories.
    std::map<std::string, TermWeights, std::less<>> categories;
    TermWeights positive;      // term -> weight (> 0)
    TermWeights negative;      // term -> weight (> 0)
    TermWeights intensifiers;  // term -> factor for the next polar term
    double intent_threshold = 1.0;    // the least category score that is an intent, not an opinion
    double question_mark_weight = 1.0;  // added to "question" when the text has ? or ؟
    double neutral_band = 0.5;        // |sentiment| below this is neutral
    int negation_before = 3;          // a negation this many tokens before a polar term flips it
    int negation_after = 0;           // ... or this many after (Persian: «خوب نبود»)
};

// Reads a lexicon file's JSON (docs/text-analysis.md). Errors: "invalid_lexicon" with the path of
// the first problem. Terms are normalised with normalize_text when read, so files may be written
// in any spelling.
Result<Lexicon> parse_lexicon(std::string_view json_text);

class TextClassifier {
public:
    TextClassifier(Lexicon english, Lexicon persian);
    TextClassification classify(std::string_view text) const;

    // The byte lengths of a term list's prefix terms ("refund*": 6), longest first.
    using PrefixLengths = std::vector<std::size_t>;

private:
    struct Index {  // per lexicon: which prefix lengths each term list uses
        PrefixLengths positive, negative, intensifiers;
        std::map<std::string, PrefixLengths, std::less<>> categories;
    };
    Lexicon english_;
    Lexicon persian_;
    Index english_index_;
    Index persian_index_;
};

}  // namespace sada
