// The nesting scan and the exception-free parse of untrusted JSON text.
#include "sada/json_text.hpp"

namespace sada {

bool json_depth_within(std::string_view text, std::size_t max_depth) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;  // skip the escaped character
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return false;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return true;
}

Result<nlohmann::json> parse_json_text(std::string_view text, std::size_t max_depth) {
    if (!json_depth_within(text, max_depth)) {
        return Error{"too_deep", "JSON nested deeper than " + std::to_string(max_depth) + " levels"};
    }
    nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
    if (document.is_discarded()) return Error{"invalid_json", "not valid JSON (or not valid UTF-8)"};
    return document;
}

}  // namespace sada
