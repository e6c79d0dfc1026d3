// Locale fallback for LocalizedText and its JSON form.
#include "sada/localized_text.hpp"

namespace sada {

std::string_view LocalizedText::resolve(std::string_view locale, std::string_view fallback_locale) const {
    if (by_locale.empty()) return {};
    if (auto it = by_locale.find(locale); it != by_locale.end()) return it->second;
    const std::string_view language = locale.substr(0, locale.find('-'));
    if (auto it = by_locale.find(language); it != by_locale.end()) return it->second;
    if (auto it = by_locale.find(fallback_locale); it != by_locale.end()) return it->second;
    return by_locale.begin()->second;
}

void to_json(nlohmann::json& out, const LocalizedText& text) {
    out = nlohmann::json::object();
    for (const auto& [locale, value] : text.by_locale) out[locale] = value;
}

}  // namespace sada
