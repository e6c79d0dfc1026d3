// Text normalisation for English and Persian comments: Persian letter/digit/ZWNJ unification,
// the "می"/"ها" affix spacing, lower-casing, tokenisation, stop words and negation detection.
// Word lists are compiled in as sorted std::string_view arrays, checked at compile time.
#include "sada/text_normalize.hpp"

#include "sada/utf8.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

namespace sada {
namespace {

// ---- Word lists (sorted by UTF-8 bytes; ZWNJ written as \u200C) ----

constexpr std::array<std::string_view, 190> kEnglishStopWords{
    "a", "about", "above", "across", "after", "afterwards", "again", "against", "all", "along", "already",
    "also", "although", "am", "among", "an", "and", "another", "any", "anyone", "anything", "are",
    "around", "as", "at", "be", "became", "because", "become", "been", "before", "being", "below",
    "beside", "besides", "between", "both", "but", "by", "can", "could", "did", "do", "does",
    "doing", "down", "during", "each", "either", "else", "ever", "every", "everyone", "everything", "few",
    "for", "from", "further", "had", "has", "have", "having", "he", "he'd", "he'll", "he's",
    "her", "here", "hers", "herself", "him", "himself", "his", "i", "i'd", "i'll", "i'm",
    "i've", "if", "in", "into", "is", "it", "it'd", "it'll", "it's", "its", "itself",
    "just", "let's", "may", "me", "might", "mine", "more", "most", "much", "must", "my",
    "myself", "of", "off", "on", "once", "one", "only", "onto", "or", "other", "others",
    "our", "ours", "ourselves", "out", "over", "own", "per", "perhaps", "rather", "same", "shall",
    "she", "she'd", "she'll", "she's", "should", "since", "so", "some", "someone", "something", "still",
    "such", "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there",
    "there's", "these", "they", "they'd", "they'll", "they're", "they've", "this", "those", "though", "through",
    "thus", "to", "together", "toward", "towards", "under", "until", "up", "upon", "us", "via",
    "was", "we", "we'd", "we'll", "we're", "we've", "were", "whatever", "whenever", "wherever", "whether",
    "while", "with", "within", "would", "yet", "you", "you'd", "you'll", "you're", "you've", "your",
    "yours", "yourself", "yourselves",
};
constexpr std::array<std::string_view, 162> kPersianStopWords{
    "آن", "آنان", "آنجا", "آنها", "آنچه", "آنکه", "آن\u200Cها", "از", "ازت", "ازش", "ازم", "است",
    "البته", "اما", "او", "اون", "اونا", "اونجا", "اونها", "اونو", "اون\u200Cها", "اگر", "اگه", "ای",
    "ایشان", "ایشون", "این", "اینا", "اینجا", "اینها", "اینو", "اینکه", "این\u200Cها", "با", "باشد", "باشم",
    "باشند", "باشه", "باشی", "باشید", "باشیم", "باهاش", "باید", "بجز", "بدان", "بدین", "بر", "برات",
    "براش", "برام", "برای", "برخی", "بعد", "بعضی", "بنابراین", "به", "بهت", "بهش", "بهم", "بود",
    "بودم", "بودن", "بودند", "بوده", "بودی", "بودید", "بودیم", "بین", "تا", "ترا", "تو", "توسط",
    "توی", "جز", "حتی", "خواهد", "خواهم", "خواهند", "خود", "خودت", "خودتان", "خودش", "خودشان", "خودم",
    "خودمان", "در", "درباره", "دیگر", "دیگه", "را", "رو", "روی", "زیر", "زیرا", "سوی", "سپس",
    "شان", "شاید", "شد", "شدم", "شدند", "شده", "شدیم", "شما", "شود", "شون", "ضمنا", "طبق",
    "علیه", "قبل", "لذا", "ما", "مانند", "مثل", "مرا", "من", "منو", "میان", "نزد", "نیز",
    "هر", "هست", "هستش", "هستم", "هستن", "هستند", "هستی", "هستید", "هستیم", "هم", "همان", "همراه",
    "همه", "همون", "همچنین", "همین", "هنگامی", "و", "وقتی", "ولی", "وی", "پس", "پیش", "چنان",
    "چنین", "چون", "چونکه", "چیزی", "کرد", "کردم", "کرده", "کردیم", "کسی", "کنار", "کند", "کنند",
    "که", "یا", "یعنی", "یه", "یک", "یکی",
};
constexpr std::array<std::string_view, 32> kEnglishNegations{
    "aint", "arent", "barely", "cannot", "cant", "couldnt", "didnt", "doesnt", "dont", "hadnt", "hardly", "hasnt",
    "havent", "isnt", "mustnt", "neednt", "neither", "never", "no", "nobody", "none", "nor", "not", "nothing",
    "nowhere", "scarcely", "shouldnt", "wasnt", "werent", "without", "wont", "wouldnt",
};
constexpr std::array<std::string_view, 60> kPersianNegations{
    "بدون", "بی", "نباید", "نبایست", "نتوان", "نخر", "نخیر", "نده",
    "نذار", "نرو", "نروید", "نزار", "نزن", "نه", "نکن", "نکنید",
    "نکنین", "نگیر", "نیا", "نیاد", "نیارن", "نیاره", "نیام", "نیامد",
    "نیامدم", "نیامدند", "نیامده", "نیان", "نیاورد", "نیاوردن", "نیاوردند", "نیاورده",
    "نیاوردید", "نیس", "نیست", "نیستش", "نیستم", "نیستن", "نیستند", "نیستی",
    "نیستید", "نیستیم", "نیستین", "نیفتاد", "نیفتاده", "نیومد", "نیومدن", "نیومده",
    "هرگز", "هیچ", "هیچوقت", "هیچکدام", "هیچکدوم", "هیچکس", "هیچی", "هیچ\u200Cجا",
    "هیچ\u200Cوقت", "هیچ\u200Cکدام", "هیچ\u200Cکدوم", "هیچ\u200Cکس",
};
constexpr std::array<std::string_view, 2> kPersianNegationExceptions{
    "نزد", "نشین",
};
constexpr std::array<std::string_view, 54> kPresentStems{
    "ارز", "افت", "بر", "بین", "ترس", "توان", "تون", "خر", "خند", "خوا", "خواب", "خوان", "خواه", "خور",
    "خون", "د", "دان", "ده", "دون", "ذار", "ر", "رس", "رسان", "رسون", "رو", "زار", "زن", "ساز",
    "ش", "شناس", "شنو", "شو", "شکن", "فرست", "فروش", "فهم", "مان", "مون", "نویس", "پذیر", "پرس", "پسند",
    "پوش", "چرخ", "چین", "کش", "کن", "گ", "گذار", "گذر", "گرد", "گو", "گوی", "گیر",
};
constexpr std::array<std::string_view, 28> kNegationPresentStems{
    "بر", "بین", "توان", "تون", "خر", "خوا", "خواه", "خور", "د", "دار", "دان", "ده", "دون", "ذار",
    "رس", "زن", "ساز", "ش", "شناس", "شو", "فرست", "فهم", "پسند", "پوش", "کش", "کن", "گذار", "گیر",
};
constexpr std::array<std::string_view, 61> kPastStems{
    "آمد", "آورد", "افتاد", "اومد", "باخت", "بخشید", "برد", "بست", "بود", "ترسید", "توانست", "تونست",
    "خرید", "خندید", "خوابید", "خواست", "خواند", "خورد", "خوند", "داد", "داشت", "دانست", "دونست", "دوید",
    "دید", "ذاشت", "رساند", "رسوند", "رسید", "رفت", "ریخت", "زد", "ساخت", "سوخت", "شد", "شناخت",
    "شنید", "شکست", "فرستاد", "فروخت", "فهمید", "ماند", "موند", "نوشت", "پخت", "پذیرفت", "پرداخت", "پرسید",
    "پرید", "پسندید", "پوشید", "پیچید", "چرخید", "چسبید", "کرد", "کشید", "گذاشت", "گذشت", "گرفت", "گشت",
    "گفت",
};

// Personal endings after a present stem ("کن" + "م"); a present stem never stands alone.
constexpr std::array<std::string_view, 9> kPresentEndings{"م", "ی", "د", "ه", "یم", "ید", "ین", "ند", "ن"};
// Endings after a past stem ("کرد" + "م", participle "کرده", perfect "کرده‌ام"); may be empty.
constexpr std::array<std::string_view, 13> kPastEndings{
    "م", "ی", "یم", "ید", "ین", "ند", "ن", "ه",
    "ه\u200Cام", "ه\u200Cای", "ه\u200Cایم", "ه\u200Cاید", "ه\u200Cاند",
};

constexpr std::string_view kMi = "می";
constexpr std::string_view kNami = "نمی";
constexpr std::string_view kNun = "ن";
constexpr std::string_view kZwnjUtf8 = "\u200C";

template <std::size_t N>
constexpr bool contains(const std::array<std::string_view, N>& sorted, std::string_view word) {
    return std::binary_search(sorted.begin(), sorted.end(), word);
}

template <std::size_t N>
constexpr bool strictly_sorted(const std::array<std::string_view, N>& list) {
    return std::adjacent_find(list.begin(), list.end(), [](std::string_view a, std::string_view b) {
               return !(a < b);
           }) == list.end();
}

static_assert(strictly_sorted(kEnglishStopWords) && strictly_sorted(kPersianStopWords));
static_assert(strictly_sorted(kEnglishNegations) && strictly_sorted(kPersianNegations));
static_assert(strictly_sorted(kPersianNegationExceptions) && strictly_sorted(kPresentStems));
static_assert(strictly_sorted(kNegationPresentStems) && strictly_sorted(kPastStems));
static_assert(kEnglishStopWords.size() >= 120 && kPersianStopWords.size() >= 120);
static_assert(kPastStems.size() >= 40);

// Whether `rest` is a verb stem plus ending: a present stem from `present` with a personal
// ending, or a past stem with an optional ending.
template <std::size_t N>
constexpr bool is_verb_form(std::string_view rest, const std::array<std::string_view, N>& present) {
    for (std::string_view ending : kPresentEndings) {
        if (rest.size() > ending.size() && rest.ends_with(ending) &&
            contains(present, rest.substr(0, rest.size() - ending.size())))
            return true;
    }
    if (contains(kPastStems, rest)) return true;
    for (std::string_view ending : kPastEndings) {
        if (rest.size() > ending.size() && rest.ends_with(ending) &&
            contains(kPastStems, rest.substr(0, rest.size() - ending.size())))
            return true;
    }
    return false;
}

constexpr bool english_negation(std::string_view token) {
    return contains(kEnglishNegations, token) || token.ends_with("n't");
}

constexpr bool persian_negation(std::string_view token) {
    if (contains(kPersianNegationExceptions, token)) return false;
    if (contains(kPersianNegations, token)) return true;
    // "نمی‌خوام" and the unnormalised "نمیxx" of a stem the normaliser does not know.
    if (token.starts_with(kNami) && token.size() > kNami.size() + kZwnjUtf8.size()) return true;
    return token.starts_with(kNun) && is_verb_form(token.substr(kNun.size()), kNegationPresentStems);
}

constexpr bool no_stop_word_is_a_negation() {
    for (std::string_view word : kEnglishStopWords)
        if (english_negation(word)) return false;
    for (std::string_view word : kPersianStopWords)
        if (persian_negation(word)) return false;
    return true;
}
static_assert(no_stop_word_is_a_negation());

// ---- UTF-8 ----

constexpr char32_t kInvalid = 0xFFFFFFFF;
constexpr char32_t kZwnj = 0x200C;

struct Decoded {
    char32_t cp;
    std::size_t length;
};

// Decodes the code point at text[i] strictly; an invalid sequence gives kInvalid, length 1.
Decoded decode(std::string_view text, std::size_t i) {
    const auto decoded = utf8::decode(text, i);
    return decoded ? Decoded{decoded->value, decoded->length} : Decoded{kInvalid, 1};
}

// The last code point of valid UTF-8 text (0 when empty).
char32_t last_code_point(std::string_view text) {
    if (text.empty()) return 0;
    std::size_t i = text.size() - 1;
    while (i > 0 && (static_cast<std::uint8_t>(text[i]) & 0xC0) == 0x80) --i;
    return decode(text, i).cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// ---- Character classes (the blocks customer text uses, not the full Unicode database) ----

constexpr bool in(char32_t c, char32_t low, char32_t high) { return c >= low && c <= high; }

bool is_arabic_mark(char32_t c) {
    return in(c, 0x064B, 0x065F) || c == 0x0670 || in(c, 0x0610, 0x061A) || in(c, 0x06D6, 0x06DC) ||
           in(c, 0x06DF, 0x06E4) || in(c, 0x06E7, 0x06E8) || in(c, 0x06EA, 0x06ED);
}

bool is_arabic_letter(char32_t c) {
    return (in(c, 0x0620, 0x064A) && c != 0x0640) || in(c, 0x066E, 0x066F) || in(c, 0x0671, 0x06D3) ||
           c == 0x06D5 || in(c, 0x06EE, 0x06EF) || in(c, 0x06FA, 0x06FC) || c == 0x06FF ||
           in(c, 0x0750, 0x077F) || in(c, 0x08A0, 0x08C9) ||
           (in(c, 0xFB50, 0xFDFF) && c != 0xFD3E && c != 0xFD3F) || in(c, 0xFE70, 0xFEFC);
}

// Arabic-script letters that do not connect to the letter after them (ا د ذ ر ز ژ و ء ...).
bool is_right_joining_only(char32_t c) {
    return in(c, 0x0621, 0x0625) || c == 0x0627 || c == 0x0629 || in(c, 0x062F, 0x0632) || c == 0x0648 ||
           in(c, 0x0671, 0x0673) || in(c, 0x0675, 0x0677) || in(c, 0x0688, 0x0699) || c == 0x06C0 ||
           in(c, 0x06C3, 0x06CB) || c == 0x06CD || c == 0x06CF || in(c, 0x06D2, 0x06D3) || c == 0x06D5 ||
           in(c, 0x06EE, 0x06EF);
}

// Whether a ZWNJ after c changes how the text looks (c joins the next letter).
bool joins_next(char32_t c) { return is_arabic_letter(c) && !is_right_joining_only(c); }

bool is_latin_letter(char32_t c) {
    return in(c, 'a', 'z') || in(c, 'A', 'Z') || c == 0xAA || c == 0xB5 || c == 0xBA ||
           (in(c, 0xC0, 0xFF) && c != 0xD7 && c != 0xF7) || in(c, 0x0100, 0x02AF) || in(c, 0x1E00, 0x1EFF) ||
           in(c, 0xFF21, 0xFF3A) || in(c, 0xFF41, 0xFF5A);
}

bool is_other_letter(char32_t c) {
    return in(c, 0x0300, 0x036F) ||                                              // combining marks
           (in(c, 0x0370, 0x03FF) && c != 0x037E && c != 0x0387) ||             // Greek
           in(c, 0x0400, 0x052F) || in(c, 0x0531, 0x0587) || in(c, 0x05D0, 0x05EA) ||  // Cyrillic...
           in(c, 0x0900, 0x0DFF) || in(c, 0x0E00, 0x0E7F) || in(c, 0x10A0, 0x10FF) ||  // Indic, Thai
           in(c, 0x1100, 0x11FF) || in(c, 0x3040, 0x30FF) || in(c, 0x3400, 0x4DBF) ||  // CJK, Hangul
           in(c, 0x4E00, 0x9FFF) || in(c, 0xAC00, 0xD7AF) || in(c, 0xF900, 0xFAFF);
}

bool is_digit(char32_t c) {
    return in(c, '0', '9') || in(c, 0x0660, 0x0669) || in(c, 0x06F0, 0x06F9) || in(c, 0xFF10, 0xFF19);
}

enum class CharClass { other, latin, arabic, letter, digit };

CharClass classify(char32_t c) {
    if (c < 0x80) {
        if (in(c, '0', '9')) return CharClass::digit;
        return in(c, 'a', 'z') || in(c, 'A', 'Z') ? CharClass::latin : CharClass::other;
    }
    if (is_arabic_letter(c) || is_arabic_mark(c)) return CharClass::arabic;
    if (is_digit(c)) return CharClass::digit;
    if (is_latin_letter(c)) return CharClass::latin;
    if (is_other_letter(c)) return CharClass::letter;
    return CharClass::other;
}

// ---- Normalisation ----

enum class Kind { drop, space, zwnj, keep };

struct Mapped {
    Kind kind;
    char32_t cp;
};

char32_t to_lower_latin(char32_t c) {
    if (in(c, 0xC0, 0xDE) && c != 0xD7) return c + 0x20;
    if (c == 0x0130) return 'i';
    if (in(c, 0x0100, 0x0137) || in(c, 0x014A, 0x0177)) return c | 1;  // upper even, lower odd
    if ((in(c, 0x0139, 0x0148) || in(c, 0x0179, 0x017E)) && (c & 1)) return c + 1;  // upper odd
    if (c == 0x0178) return 0xFF;
    return c;
}

Mapped map_code_point(char32_t c) {
    if (c < 0x80) {
        if (c == ' ' || in(c, 0x09, 0x0D)) return {Kind::space, c};
        if (c < 0x20 || c == 0x7F) return {Kind::drop, c};
        return {Kind::keep, in(c, 'A', 'Z') ? c + 0x20 : c};
    }
    switch (c) {
        case 0x064A: case 0x0649: return {Kind::keep, 0x06CC};   // Arabic yeh, alef maksura
        case 0x0643: return {Kind::keep, 0x06A9};                 // Arabic kaf
        case 0x0629: case 0x06C0: return {Kind::keep, 0x0647};   // teh marbuta, heh with yeh above
        case 0x0671: return {Kind::keep, 0x0627};                 // alef wasla
        case 0x066B: return {Kind::keep, '.'};                    // Arabic decimal separator
        case 0x066C: return {Kind::keep, ','};                    // Arabic thousands separator
        case 0x066A: return {Kind::keep, '%'};
        case 0x2019: case 0x02BC: return {Kind::keep, '\''};
        case kZwnj: return {Kind::zwnj, c};
        case 0x0085: case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
        case 0x3000: return {Kind::space, c};
        case 0x00AD: case 0x061C: case 0x180E: case 0xFEFF: case 0x0640: return {Kind::drop, c};
        default: break;
    }
    if (in(c, 0x80, 0x9F) || in(c, 0x200B, 0x200F) || in(c, 0x202A, 0x202E) || in(c, 0x2060, 0x2069) ||
        in(c, 0xFE00, 0xFE0F) || is_arabic_mark(c))
        return {Kind::drop, c};
    if (in(c, 0x2000, 0x200A)) return {Kind::space, c};
    if (in(c, 0x06F0, 0x06F9)) return {Kind::keep, '0' + (c - 0x06F0)};
    if (in(c, 0x0660, 0x0669)) return {Kind::keep, '0' + (c - 0x0660)};
    return {Kind::keep, to_lower_latin(c)};
}

// The number of bytes of a "می"/"نمی" prefix glued to a known verb form ("میخوام"), else 0.
std::size_t glued_prefix_length(std::string_view word) {
    if (word.starts_with(kNami) && is_verb_form(word.substr(kNami.size()), kPresentStems)) return kNami.size();
    if (word.starts_with(kMi) && is_verb_form(word.substr(kMi.size()), kPresentStems)) return kMi.size();
    return 0;
}

bool is_plural_suffix(std::string_view word) { return word == "ها" || word == "های" || word == "هایی"; }

// Second pass over Persian words: glues "می"/"نمی" to their verb and "ها" to its noun.
void join_persian_affixes(std::string& s) {
    constexpr std::size_t npos = std::string::npos;
    std::size_t prev_start = npos;
    std::size_t prev_end = npos;
    std::size_t i = 0;
    while (i < s.size()) {
        const Decoded first = decode(s, i);
        if (!is_arabic_letter(first.cp)) {
            i += first.length;
            continue;
        }
        std::size_t start = i;
        std::size_t end = i + first.length;
        while (end < s.size()) {
            const Decoded next = decode(s, end);
            if (!is_arabic_letter(next.cp) && next.cp != kZwnj) break;
            end += next.length;
        }
        if (const std::size_t p = glued_prefix_length(std::string_view(s).substr(start, end - start)); p != 0) {
            s.insert(start + p, kZwnjUtf8);
            end += kZwnjUtf8.size();
        }
        if (prev_end != npos && prev_end + 1 == start && s[prev_end] == ' ') {
            const std::string_view prev = std::string_view(s).substr(prev_start, prev_end - prev_start);
            const std::string_view word = std::string_view(s).substr(start, end - start);
            const bool prefix = prev == kMi || prev == kNami;
            const bool suffix = !prefix && is_plural_suffix(word);
            if (prefix || (suffix && joins_next(last_code_point(prev)))) {
                s.replace(prev_end, 1, kZwnjUtf8);
                end += kZwnjUtf8.size() - 1;
                start = prev_start;
            } else if (suffix) {
                s.erase(prev_end, 1);
                end -= 1;
                start = prev_start;
            }
        }
        prev_start = start;
        prev_end = end;
        i = end;
    }
}

}  // namespace

TextLanguage detect_language(std::string_view utf8_text) {
    std::size_t arabic = 0;
    std::size_t latin = 0;
    for (std::size_t i = 0; i < utf8_text.size();) {
        const Decoded d = decode(utf8_text, i);
        i += d.length;
        if (is_arabic_letter(d.cp)) {
            ++arabic;
        } else if (is_latin_letter(d.cp)) {
            ++latin;
        }
    }
    return arabic > 0 && arabic >= latin ? TextLanguage::persian : TextLanguage::english;
}

std::string normalize_text(std::string_view utf8_text) {
    std::string out;
    out.reserve(utf8_text.size() + 16);
    bool pending_space = false;
    bool pending_zwnj = false;
    char32_t last = 0;  // the last code point written
    for (std::size_t i = 0; i < utf8_text.size();) {
        const Decoded d = decode(utf8_text, i);
        i += d.length;
        if (d.cp == kInvalid) continue;
        const Mapped m = map_code_point(d.cp);
        switch (m.kind) {
            case Kind::drop: break;
            case Kind::space:
                pending_space = true;
                pending_zwnj = false;  // a ZWNJ next to a space goes
                break;
            case Kind::zwnj:
                if (!pending_space) pending_zwnj = true;
                break;
            case Kind::keep:
                if (pending_space && !out.empty()) {
                    out += ' ';
                } else if (pending_zwnj && joins_next(last) && is_arabic_letter(m.cp)) {
                    out += kZwnjUtf8;
                }
                pending_space = false;
                pending_zwnj = false;
                append_utf8(out, m.cp);
                last = m.cp;
                break;
        }
    }
    join_persian_affixes(out);
    return out;
}

std::vector<std::string> tokenize(std::string_view normalized_text) {
    std::vector<std::string> tokens;
    constexpr std::size_t npos = std::string_view::npos;
    const std::string_view text = normalized_text;
    std::size_t start = npos;  // start of the token being read
    std::size_t end = 0;
    CharClass last = CharClass::other;
    for (std::size_t i = 0; i < text.size();) {
        const Decoded d = decode(text, i);
        const CharClass cls = d.cp == kInvalid ? CharClass::other : classify(d.cp);
        const std::size_t after = i + d.length;
        if (cls != CharClass::other) {
            if (start == npos) start = i;
            end = after;
            last = cls;
            i = after;
            continue;
        }
        if (start != npos && after < text.size()) {
            const Decoded peek = decode(text, after);
            const CharClass next = peek.cp == kInvalid ? CharClass::other : classify(peek.cp);
            const bool joins =
                next != CharClass::other &&
                (d.cp == kZwnj || d.cp == '-' || d.cp == 0x2010 || d.cp == 0x2011 ||
                 ((d.cp == '\'' || d.cp == 0x2019) && last == CharClass::latin && next == CharClass::latin) ||
                 ((d.cp == '.' || d.cp == ',') && last == CharClass::digit && next == CharClass::digit));
            if (joins) {
                i = after;
                continue;
            }
        }
        if (start != npos) {
            tokens.emplace_back(text.substr(start, end - start));
            start = npos;
        }
        i = after;
    }
    if (start != npos) tokens.emplace_back(text.substr(start, end - start));
    return tokens;
}

bool is_stop_word(std::string_view normalized_token, TextLanguage language) {
    return language == TextLanguage::persian ? contains(kPersianStopWords, normalized_token)
                                             : contains(kEnglishStopWords, normalized_token);
}

bool is_negation(std::string_view normalized_token, TextLanguage language) {
    if (normalized_token.empty()) return false;
    return language == TextLanguage::persian ? persian_negation(normalized_token)
                                             : english_negation(normalized_token);
}

}  // namespace sada
