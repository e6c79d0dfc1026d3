// Text-analysis foundation for English and Persian customer comments: language detection,
// normalisation (Persian letters, digits, ZWNJ, case, spacing), tokenisation, stop words, negation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sada {

enum class TextLanguage { english, persian };

// The language a text is mostly written in: Persian when Arabic-script letters are at least as
// many as Latin letters (and there is at least one), else English. Invalid bytes are ignored.
TextLanguage detect_language(std::string_view utf8_text);

// Normalised form for analysis (invalid UTF-8 bytes are dropped):
//  - Arabic yeh U+064A/U+0649 -> Persian yeh U+06CC; Arabic kaf U+0643 -> keheh U+06A9;
//    teh marbuta U+0629 -> heh U+0647; heh with yeh above U+06C0 (ezafe) -> heh U+0647;
//    alef wasla U+0671 -> alef U+0627; other hamza forms (أ إ ؤ ئ ء) are kept as written;
//  - Arabic diacritics (U+064B..U+065F, U+0670, Quranic marks U+0610..U+061A, U+06D6..U+06ED)
//    and tatweel U+0640 removed;
//  - Persian and Arabic-Indic digits -> ASCII 0-9; Arabic decimal separator U+066B -> '.',
//    thousands separator U+066C -> ',', percent U+066A -> '%';
//  - ZWNJ kept only between two Arabic-script letters whose first joins to the next one (after
//    a non-joining letter such as ا د ر ز و it has no visual effect and is dropped); runs collapse;
//  - "می"/"نمی" written with a space before a Persian word, or joined to a known verb stem
//    ("میخوام"), become prefix + ZWNJ + stem ("می‌خوام");
//  - "ها"/"های"/"هایی" written with a space after a Persian word are joined to it (with ZWNJ,
//    or directly after a non-joining letter: "کار ها" -> "کارها");
//  - Latin letters lower-cased (ASCII, Latin-1, Latin Extended-A); U+2019 and U+02BC -> '\'';
//  - zero-width/format characters (U+200B, U+200D..U+200F, U+202A..U+202E, U+2060..U+2069,
//    U+FEFF, U+00AD, U+061C, variation selectors) and C0/C1 control characters removed;
//  - whitespace runs (including NBSP and the other Unicode spaces) -> one ASCII space, trimmed.
std::string normalize_text(std::string_view utf8_text);

// Tokens of a normalised text: maximal runs of letters/digits (any script) joined by ZWNJ,
// apostrophes between Latin letters ("don't"), hyphens between letters/digits ("e-mail"), and
// '.'/',' between digits ("3.5", "1,000"). Punctuation, symbols and emoji separate tokens.
std::vector<std::string> tokenize(std::string_view normalized_text);

// Built-in function words (articles, pronouns, prepositions, auxiliaries, conjunctions), in
// normalised form. Negations, question words and intensifiers are deliberately not stop words.
bool is_stop_word(std::string_view normalized_token, TextLanguage language);

// Whether a token negates: English "not", "no", "never", "without", any "...n't" form and its
// apostrophe-less spelling ("dont"); Persian "نه", "نیست", "هیچ", "بدون", listed irregular forms
// ("نیامد", "نباید"), "نمی..." verbs, and "ن" + a known verb stem + personal ending ("نرسید").
bool is_negation(std::string_view normalized_token, TextLanguage language);

}  // namespace sada
