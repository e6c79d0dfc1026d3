// The nesting scan and the exception-free parse of untrusted JSON text (duplicate names refused).
#include "sada/json_text.hpp"

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

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
    // A member name given twice in one object means one thing to one reader and another to the
    // next (nlohmann keeps the last, others the first): such a document is refused.
    std::vector<std::unordered_set<std::string>> open_objects;
    std::optional<std::string> duplicate;
    const auto watch = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        if (event == Event::object_start) {
            open_objects.emplace_back();
        } else if (event == Event::object_end) {
            if (!open_objects.empty()) open_objects.pop_back();
        } else if (event == Event::key && !duplicate && !open_objects.empty() && parsed.is_string()) {
            const auto& name = parsed.get_ref<const std::string&>();
            if (!open_objects.back().insert(name).second) duplicate = name;
        }
        return true;
    };
    nlohmann::json document = nlohmann::json::parse(text, watch, false);
    if (document.is_discarded()) return Error{"invalid_json", "not valid JSON (or not valid UTF-8)"};
    if (duplicate) return Error{"invalid_json", "the member \"" + *duplicate + "\" appears twice in one object"};
    return document;
}

}  // namespace sada
