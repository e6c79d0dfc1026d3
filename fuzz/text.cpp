// Fuzz target: the text normaliser and tokeniser, which read every visitor's words. Any bytes
// give valid UTF-8 out; normalising twice changes nothing more; tokens are non-empty, valid
// UTF-8, without spaces, and the classifier's language guess never fails. The widget's cleaning of
// typed text (utf8::as_visitor_text) gives text with no control character and no direction control
// left open, which cleaning again leaves as it is.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "sada/text_normalize.hpp"
#include "sada/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string normalized = sada::normalize_text(text);
    SADA_FUZZ_CHECK(sada::utf8::is_valid(normalized));
    SADA_FUZZ_CHECK(sada::normalize_text(normalized) == normalized);
    for (const std::string& token : sada::tokenize(normalized)) {
        SADA_FUZZ_CHECK(!token.empty());
        SADA_FUZZ_CHECK(sada::utf8::is_valid(token));
        SADA_FUZZ_CHECK(token.find(' ') == std::string::npos);
        (void)sada::is_stop_word(token, sada::detect_language(text));
    }
    const std::string cleaned = sada::utf8::as_visitor_text(text);
    SADA_FUZZ_CHECK(sada::utf8::is_valid(cleaned));
    SADA_FUZZ_CHECK(!sada::utf8::unterminated_direction_control(cleaned));
    for (std::size_t i = 0; i < cleaned.size(); ++i) SADA_FUZZ_CHECK(!sada::utf8::control_character_at(cleaned, i));
    SADA_FUZZ_CHECK(sada::utf8::as_visitor_text(cleaned) == cleaned);
    return 0;
}
