// UTF-8 checks for untrusted text: validity (no overlongs, surrogates or out-of-range code points)
// and length in code points, the unit every text limit in Sada is stated in.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sada::utf8 {

// One code point: its value and its length in bytes.
struct CodePoint {
    char32_t value = 0;
    std::size_t length = 0;
};

// The code point starting at text[i] (i < text.size()); nullopt when the bytes there are not
// valid UTF-8 (overlong, surrogate, beyond U+10FFFF, truncated, a stray continuation byte).
std::optional<CodePoint> decode(std::string_view text, std::size_t i);

bool is_valid(std::string_view text);

// Number of code points, or nullopt when the text is not valid UTF-8.
std::optional<std::size_t> code_point_count(std::string_view text);

// The control character starting at text[i], if there is one that is not a tab or a line break:
// C0 (U+0000..U+001F but tab, LF and CR), DEL, or C1 (U+0080..U+009F, which terminals obey too:
// U+009B is CSI). Visitors' text holds none of these (core refuses them, reports show them as
// U+FFFD). Works byte by byte, so it also runs over text not yet checked to be UTF-8.
std::optional<CodePoint> control_character_at(std::string_view text, std::size_t i);

// The first explicit direction control (embedding U+202A/B, override U+202D/E, isolate
// U+2066..8) still open at the end of its line (LF, CR, U+2029) or of the text: closed by neither
// U+202C (PDF) nor U+2069 (PDI). Such a control would reorder whatever a display puts after the
// text ("Trojan Source"); visitors' text may hold these controls only closed. Valid UTF-8 expected.
std::optional<CodePoint> unterminated_direction_control(std::string_view text);

// What a visitor typed or pasted, made into text the two checks above accept, so the answer is
// not refused for it: control characters (a paste can bring a vertical tab, a form feed, C1
// controls) are dropped, direction controls left open are closed at the end of their line, and
// bytes that are not UTF-8 become U+FFFD. The widget passes every text answer through it.
std::string as_visitor_text(std::string_view text);

}  // namespace sada::utf8
