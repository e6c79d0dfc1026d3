// Tests for English/Persian text normalisation, tokenisation, stop words, negation and language detection.
#include "sada/text_normalize.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using sada::TextLanguage;
using sada::normalize_text;
using sada::tokenize;

using Tokens = std::vector<std::string>;

}  // namespace

TEST_CASE("text: Arabic letter forms become their Persian forms") {
    CHECK(normalize_text("كتاب\u200Cهاي خوبي بود") == "کتاب\u200Cهای خوبی بود");
    SUBCASE("alef maksura becomes Persian yeh") { CHECK(normalize_text("مصطفى") == "مصطفی"); }
    SUBCASE("teh marbuta becomes heh") { CHECK(normalize_text("مدرسة") == "مدرسه"); }
    SUBCASE("heh with yeh above (ezafe) becomes heh") { CHECK(normalize_text("خانۀ من") == "خانه من"); }
    SUBCASE("alef wasla becomes alef") { CHECK(normalize_text("ٱلله") == "الله"); }
    SUBCASE("hamza forms are kept as written") {
        CHECK(normalize_text("مسئله") == "مسئله");
        CHECK(normalize_text("مؤسسه") == "مؤسسه");
        CHECK(normalize_text("تأخیر") == "تأخیر");
        CHECK(normalize_text("إسلام") == "إسلام");
    }
}

TEST_CASE("text: Arabic diacritics and tatweel are removed") {
    CHECK(normalize_text("مـــرسی") == "مرسی");
    CHECK(normalize_text("مُتَشَكِّرَم") == "متشکرم");
    CHECK(normalize_text("کتابٌ") == "کتاب");
    CHECK(normalize_text("رحمٰن") == "رحمن");  // superscript alef
}

TEST_CASE("text: Persian and Arabic-Indic digits become ASCII") {
    CHECK(normalize_text("۱۲۳ و ١٢٣") == "123 و 123");
    CHECK(normalize_text("۰۹۱۲۳۴۵۶۷۸۹") == "09123456789");
    SUBCASE("Arabic decimal and thousands separators and percent") {
        CHECK(normalize_text("۳٫۵") == "3.5");
        CHECK(normalize_text("۱٬۰۰۰") == "1,000");
        CHECK(normalize_text("۲۰٪") == "20%");
    }
}

TEST_CASE("text: ZWNJ is kept only inside a word") {
    SUBCASE("kept between joining letters") { CHECK(normalize_text("خانه\u200Cها") == "خانه\u200Cها"); }
    SUBCASE("runs collapse to one") { CHECK(normalize_text("کتاب\u200C\u200C\u200Cها") == "کتاب\u200Cها"); }
    SUBCASE("next to a space it goes") {
        CHECK(normalize_text("سلام\u200C دنیا") == "سلام دنیا");
        CHECK(normalize_text("سلام \u200Cدنیا") == "سلام دنیا");
    }
    SUBCASE("at the edges of the text or a word it goes") {
        CHECK(normalize_text("\u200Cسلام\u200C") == "سلام");
        CHECK(normalize_text("سلام\u200C!") == "سلام!");
    }
    SUBCASE("after a letter that does not join the next one it has no effect and goes") {
        CHECK(normalize_text("کار\u200Cها") == "کارها");
    }
    SUBCASE("between Latin letters or digits it goes") {
        CHECK(normalize_text("ab\u200Ccd") == "abcd");
        CHECK(normalize_text("12\u200C34") == "1234");
    }
}

TEST_CASE("text: the mi- and nami- verb prefixes are joined with ZWNJ") {
    SUBCASE("written with a space") {
        CHECK(normalize_text("می خوام") == "می\u200Cخوام");
        CHECK(normalize_text("نمی خوام") == "نمی\u200Cخوام");
        CHECK(normalize_text("من می خوام برم") == "من می\u200Cخوام برم");
    }
    SUBCASE("written joined to a known verb form") {
        CHECK(normalize_text("میخوام") == "می\u200Cخوام");
        CHECK(normalize_text("نمیخوام") == "نمی\u200Cخوام");
        CHECK(normalize_text("میدونم") == "می\u200Cدونم");
        CHECK(normalize_text("نميشه") == "نمی\u200Cشه");
        CHECK(normalize_text("میکنند") == "می\u200Cکنند");
        CHECK(normalize_text("میرفتم") == "می\u200Cرفتم");
        CHECK(normalize_text("نمیرسید") == "نمی\u200Cرسید");
    }
    SUBCASE("already written with ZWNJ it stays") {
        CHECK(normalize_text("می\u200Cخوام") == "می\u200Cخوام");
        CHECK(normalize_text("نمی\u200Cدانم") == "نمی\u200Cدانم");
    }
    SUBCASE("words that merely start with mi are left alone") {
        CHECK(normalize_text("میز") == "میز");
        CHECK(normalize_text("میوه") == "میوه");
        CHECK(normalize_text("میلیون") == "میلیون");
        CHECK(normalize_text("میدان") == "میدان");
        CHECK(normalize_text("میگو") == "میگو");
        CHECK(normalize_text("میهمان") == "میهمان");
    }
    SUBCASE("mi followed by punctuation or at the end stays") {
        CHECK(normalize_text("می، خوام") == "می، خوام");
        CHECK(normalize_text("خوام می") == "خوام می");
    }
}

TEST_CASE("text: the plural suffix written apart is joined to its word") {
    CHECK(normalize_text("کتاب ها") == "کتاب\u200Cها");
    CHECK(normalize_text("کتاب های خوب") == "کتاب\u200Cهای خوب");
    CHECK(normalize_text("کتاب هایی") == "کتاب\u200Cهایی");
    CHECK(normalize_text("کتاب ها، کیف ها.") == "کتاب\u200Cها، کیف\u200Cها.");
    SUBCASE("after a non-joining letter it is written attached") { CHECK(normalize_text("کار ها") == "کارها"); }
    SUBCASE("not after punctuation or a Latin word") {
        CHECK(normalize_text("کتاب، ها") == "کتاب، ها");
        CHECK(normalize_text("iphone ها") == "iphone ها");
    }
    SUBCASE("a word that only starts with ha is not a suffix") { CHECK(normalize_text("کتاب هادی") == "کتاب هادی"); }
}

TEST_CASE("text: Latin letters are lower-cased and other characters kept") {
    CHECK(normalize_text("Great PRODUCT!!") == "great product!!");
    CHECK(normalize_text("ÉCOLE Ünïcödé ÇA") == "école ünïcödé ça");
    CHECK(normalize_text("ŁÓDŹ ŐRÜLT Ÿ") == "łódź őrült ÿ");
    CHECK(normalize_text("İstanbul") == "istanbul");
    CHECK(normalize_text("Привет ☺ #1") == "Привет ☺ #1");  // Cyrillic is not lower-cased
    SUBCASE("typographic apostrophes become ASCII") { CHECK(normalize_text("Don\u2019t") == "don't"); }
}

TEST_CASE("text: zero-width and direction marks are removed") {
    CHECK(normalize_text("سل\u200Bام") == "سلام");
    CHECK(normalize_text("a\u200Db") == "ab");
    CHECK(normalize_text("\u200Eok\u200F") == "ok");
    CHECK(normalize_text("\uFEFFhello") == "hello");
    CHECK(normalize_text("\u202Bسلام\u202C") == "سلام");
    CHECK(normalize_text("\u2067x\u2069") == "x");
    CHECK(normalize_text("soft\u00ADhyphen") == "softhyphen");
}

TEST_CASE("text: whitespace runs become one space and the ends are trimmed") {
    CHECK(normalize_text("  a \t\n b  ") == "a b");
    CHECK(normalize_text("a\u00A0\u00A0b") == "a b");
    CHECK(normalize_text("سلام\u2003\u200Fدنیا") == "سلام دنیا");
    CHECK(normalize_text("a\u3000b\u2028c") == "a b c");
    CHECK(normalize_text(" \u00A0\t ") == "");
    CHECK(normalize_text("") == "");
}

TEST_CASE("text: invalid UTF-8 is dropped without crashing") {
    SUBCASE("stray bytes") { CHECK(normalize_text(std::string("ab\xFF\x80" "cd")) == "abcd"); }
    SUBCASE("truncated sequence at the end") { CHECK(normalize_text(std::string("سلام\xD8")) == "سلام"); }
    SUBCASE("overlong and surrogate forms") {
        CHECK(normalize_text(std::string("a\xC0\xAF" "b\xED\xA0\x80" "c")) == "abc");
    }
    SUBCASE("the other functions accept it too") {
        const std::string bad("\xFF\xFE\xD8 x\xE0\x80");
        CHECK(tokenize(bad) == Tokens{"x"});
        CHECK(sada::detect_language(bad) == TextLanguage::english);
        CHECK_FALSE(sada::is_stop_word(bad, TextLanguage::persian));
        CHECK_FALSE(sada::is_negation(bad, TextLanguage::persian));
    }
}

TEST_CASE("text: normalising twice changes nothing") {
    for (const char* text : {"كتاب‌هاي خوبي بود", "می خوام کتاب ها رو", "میخوام", "مـــرسی ۱۲۳", "Great PRODUCT!!",
                             "کار\u200C\u200Cها \u200C سلام", "  a \u00A0 b "}) {
        const std::string once = normalize_text(text);
        CHECK(normalize_text(once) == once);
    }
}

TEST_CASE("text: tokenize splits on punctuation and emoji and keeps words whole") {
    SUBCASE("mixed Persian and English with Persian punctuation and emoji") {
        const std::string text = normalize_text("سلام! «قیمت» این گوشی چنده؟ 😀 I don't like it، واقعا؛ کتاب ها 👍🏽👍");
        CHECK(tokenize(text) == Tokens{"سلام", "قیمت", "این", "گوشی", "چنده", "i", "don't", "like", "it", "واقعا",
                                       "کتاب\u200Cها"});
    }
    SUBCASE("ZWNJ joins a word") {
        CHECK(tokenize("می\u200Cخوام کتاب\u200Cهای") == Tokens{"می\u200Cخوام", "کتاب\u200Cهای"});
    }
    SUBCASE("apostrophes inside English words") {
        CHECK(tokenize("don't it's customers' 'quoted'") == Tokens{"don't", "it's", "customers", "quoted"});
    }
    SUBCASE("hyphens inside words") {
        CHECK(tokenize("e-mail covid-19 -dash- a--b") == Tokens{"e-mail", "covid-19", "dash", "a", "b"});
    }
    SUBCASE("numbers are tokens, with decimal and thousands separators") {
        CHECK(tokenize("paid 1,000 and 3.5 in 2024.") == Tokens{"paid", "1,000", "and", "3.5", "in", "2024"});
        CHECK(tokenize("123 تومان") == Tokens{"123", "تومان"});
    }
    SUBCASE("ASCII punctuation and symbols separate tokens") {
        CHECK(tokenize("hi,there(you)/me:ok?@#$%") == Tokens{"hi", "there", "you", "me", "ok"});
    }
    SUBCASE("nothing to tokenize") {
        CHECK(tokenize("").empty());
        CHECK(tokenize("!!! ؟؟ 😀").empty());
    }
}

TEST_CASE("text: stop words in both languages") {
    SUBCASE("English function words") {
        for (const char* word :
             {"the", "a", "an", "and", "of", "to", "is", "was", "it", "i", "you", "with", "i'm", "would"})
            CHECK_MESSAGE(sada::is_stop_word(word, TextLanguage::english), std::string(word));
    }
    SUBCASE("Persian function words") {
        for (const char* word :
             {"و", "در", "به", "از", "که", "این", "آن", "را", "با", "است", "برای", "من", "آن\u200Cها", "رو"})
            CHECK_MESSAGE(sada::is_stop_word(word, TextLanguage::persian), std::string(word));
    }
    SUBCASE("content words, negations and question words are not stop words") {
        for (const char* word : {"product", "delivery", "not", "no", "never", "don't", "without", "why", "how"})
            CHECK_FALSE_MESSAGE(sada::is_stop_word(word, TextLanguage::english), std::string(word));
        for (const char* word : {"کتاب", "نه", "نیست", "نبود", "هیچ", "بدون", "چرا", "کجا", "خیلی"})
            CHECK_FALSE_MESSAGE(sada::is_stop_word(word, TextLanguage::persian), std::string(word));
    }
    SUBCASE("the lists belong to their language") {
        CHECK_FALSE(sada::is_stop_word("the", TextLanguage::persian));
        CHECK_FALSE(sada::is_stop_word("و", TextLanguage::english));
        CHECK_FALSE(sada::is_stop_word("", TextLanguage::english));
    }
}

TEST_CASE("text: English negation") {
    for (const char* word : {"not", "no", "never", "nothing", "nobody", "without", "hardly", "don't", "didn't",
                             "isn't", "wasn't", "can't", "won't", "shouldn't", "ain't", "dont", "cant", "cannot"})
        CHECK_MESSAGE(sada::is_negation(word, TextLanguage::english), std::string(word));
    for (const char* word : {"know", "note", "nothingness", "now", "can", "do", "", "nt"})
        CHECK_FALSE_MESSAGE(sada::is_negation(word, TextLanguage::english), std::string(word));
}

TEST_CASE("text: Persian negation") {
    SUBCASE("negation words") {
        for (const char* word :
             {"نه", "نیست", "نیستم", "هیچ", "هیچ\u200Cوقت", "بدون", "هرگز", "نباید", "نیامد", "نیومد"})
            CHECK_MESSAGE(sada::is_negation(word, TextLanguage::persian), std::string(word));
    }
    SUBCASE("nami- verbs, with or without ZWNJ") {
        for (const char* word : {"نمی\u200Cخوام", "نمی\u200Cدونم", "نمی\u200Cآید", "نمیدونم"})
            CHECK_MESSAGE(sada::is_negation(word, TextLanguage::persian), std::string(word));
    }
    SUBCASE("n- prefixed verb stems with personal endings") {
        for (const char* word : {"نرسید", "نداشت", "نکرد", "نشد", "نبود", "ندید", "نگرفت", "نداد", "نرسیده", "نکردم",
                                 "نرسیدند", "نکرده\u200Cام", "ندارم", "نداره", "نمی\u200Cشه", "نکنید", "نتونستم", "نخریدم"})
            CHECK_MESSAGE(sada::is_negation(word, TextLanguage::persian), std::string(word));
    }
    SUBCASE("words that merely start with nun are not negations") {
        for (const char* word :
             {"نرم", "نگه", "نمونه", "نزد", "نشان", "نوشته", "نشست", "نان", "نکته", "نمی", "ن", ""})
            CHECK_FALSE_MESSAGE(sada::is_negation(word, TextLanguage::persian), std::string(word));
    }
    SUBCASE("positive verbs are not negations") {
        for (const char* word : {"رسید", "داشت", "می\u200Cخوام", "کرد"})
            CHECK_FALSE_MESSAGE(sada::is_negation(word, TextLanguage::persian), std::string(word));
    }
}

TEST_CASE("text: detect_language") {
    SUBCASE("Persian") { CHECK(sada::detect_language("سفارشم هنوز نرسیده") == TextLanguage::persian); }
    SUBCASE("English") { CHECK(sada::detect_language("My order has not arrived") == TextLanguage::english); }
    SUBCASE("mixed: the script with more letters wins, a tie goes to Persian") {
        CHECK(sada::detect_language("گوشی iPhone 15 خریدم ولی خراب بود") == TextLanguage::persian);
        CHECK(sada::detect_language("I bought the phone from دیجی") == TextLanguage::english);
        CHECK(sada::detect_language("abcd ابجد") == TextLanguage::persian);
    }
    SUBCASE("no letters at all is English") {
        CHECK(sada::detect_language("") == TextLanguage::english);
        CHECK(sada::detect_language("۱۲۳ 456 !!! 😀") == TextLanguage::english);
    }
}
