// Strict UTF-8 decoding (RFC 3629): rejects overlong forms, surrogates and code points past U+10FFFF.
#include "sada/utf8.hpp"

#include <cstdint>

namespace sada::utf8 {
std::optional<CodePoint> decode(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
    const std::uint8_t lead = byte(i);
    if (lead < 0x80) return CodePoint{lead, 1};
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    std::uint32_t minimum = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2, code_point = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, code_point = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, code_point = lead & 0x07, minimum = 0x10000;
    } else {
        return std::nullopt;
    }
    if (i + length > text.size()) return std::nullopt;
    for (std::size_t k = 1; k < length; ++k) {
        const std::uint8_t continuation = byte(i + k);
        if ((continuation & 0xC0) != 0x80) return std::nullopt;
        code_point = (code_point << 6) | (continuation & 0x3F);
    }
    if (code_point < minimum) return std::nullopt;                          // overlong
    if (code_point > 0x10FFFF) return std::nullopt;                         // beyond Unicode
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return std::nullopt;  // UTF-16 surrogate
    return CodePoint{static_cast<char32_t>(code_point), length};
}


std::optional<std::size_t> code_point_count(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto decoded = decode(text, i);
        if (!decoded) return std::nullopt;
        i += decoded->length;
        ++count;
    }
    return count;
}

bool is_valid(std::string_view text) { return code_point_count(text).has_value(); }

namespace {

bool ends_line(char32_t c) { return c == U'\n' || c == U'\r' || c == 0x2029; }

// The explicit direction controls open on the current line: embeddings and overrides (closed by
// PDF, U+202C) and isolates (closed by PDI, U+2069). A closer with nothing open does nothing.
struct OpenDirections {
    int embeddings = 0;
    int isolates = 0;
    // Counts c in; true when c opened something.
    bool see(char32_t c) {
        if (c == 0x202A || c == 0x202B || c == 0x202D || c == 0x202E) return ++embeddings, true;
        if (c >= 0x2066 && c <= 0x2068) return ++isolates, true;
        if (c == 0x202C && embeddings > 0) --embeddings;
        if (c == 0x2069 && isolates > 0) --isolates;
        return false;
    }
    bool any() const { return embeddings > 0 || isolates > 0; }
};

}  // namespace

std::optional<CodePoint> unterminated_direction_control(std::string_view text) {
    OpenDirections open;
    std::optional<CodePoint> first_open;
    for (std::size_t i = 0; i < text.size();) {
        const auto decoded = decode(text, i);
        if (!decoded) return std::nullopt;  // not UTF-8: refused elsewhere
        if (ends_line(decoded->value)) {
            if (open.any()) return first_open;
        } else {
            const bool was_open = open.any();
            if (open.see(decoded->value) && !was_open) first_open = decoded;
        }
        i += decoded->length;
    }
    return open.any() ? first_open : std::nullopt;
}

std::string as_visitor_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    OpenDirections open;
    const auto close_line = [&] {
        for (; open.embeddings > 0; --open.embeddings) out += "\u202C";
        for (; open.isolates > 0; --open.isolates) out += "\u2069";
    };
    for (std::size_t i = 0; i < text.size();) {
        if (const auto control = control_character_at(text, i)) {
            i += control->length;
            continue;
        }
        const auto decoded = decode(text, i);
        if (!decoded) {
            out += "\uFFFD";
            ++i;
            continue;
        }
        if (ends_line(decoded->value)) close_line();
        else open.see(decoded->value);
        out.append(text.substr(i, decoded->length));
        i += decoded->length;
    }
    close_line();
    return out;
}

std::optional<CodePoint> control_character_at(std::string_view text, std::size_t i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7f) return CodePoint{byte, 1};
    if (byte == 0xc2 && i + 1 < text.size()) {
        const auto next = static_cast<unsigned char>(text[i + 1]);
        if (next >= 0x80 && next <= 0x9f) return CodePoint{next, 2};
    }
    return std::nullopt;
}

}  // namespace sada::utf8
