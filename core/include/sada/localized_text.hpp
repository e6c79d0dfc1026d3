// Texts given per locale ({"en": "...", "fa": "..."}) with a defined fallback order.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>

namespace sada {

struct LocalizedText {
    std::map<std::string, std::string, std::less<>> by_locale;

    bool empty() const { return by_locale.empty(); }

    // The text for `locale`, falling back in this order: the exact tag ("zh-Hant-TW"), the tag
    // with its last subtags removed one by one ("zh-Hant", "zh"), `fallback_locale`, then the
    // alphabetically first locale present. Tags are matched as written (case-sensitive).
    // Empty only when there is no text at all.
    std::string_view resolve(std::string_view locale, std::string_view fallback_locale = "en") const;
};

void to_json(nlohmann::json& out, const LocalizedText& text);

}  // namespace sada
