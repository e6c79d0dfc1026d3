// Locale fallback for LocalizedText and its JSON form.
#include "sada/localized_text.hpp"

namespace sada {

std::string_view LocalizedText::resolve(std::string_view locale, std::string_view fallback_locale) const {
    if (by_locale.empty()) return {};
    // "zh-Hant-TW", then "zh-Hant", then "zh".
    for (std::string_view tag = locale; !tag.empty();) {
        if (auto it = by_locale.find(tag); it != by_locale.end()) return it->second;
        const auto dash = tag.rfind('-');
        tag = dash == std::string_view::npos ? std::string_view() : tag.substr(0, dash);
    }
    if (auto it = by_locale.find(fallback_locale); it != by_locale.end()) return it->second;
    return by_locale.begin()->second;
}

void to_json(nlohmann::json& out, const LocalizedText& text) {
    out = nlohmann::json::object();
    for (const auto& [locale, value] : text.by_locale) out[locale] = value;
}

}  // namespace sada
