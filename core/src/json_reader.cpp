// Member-by-member reading of untrusted JSON objects with Problems for every violation.
#include "json_reader.hpp"

#include "sada/utf8.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace sada::detail {

std::string_view type_name(const json& value) {
    switch (value.type()) {
        case json::value_t::null: return "null";
        case json::value_t::object: return "object";
        case json::value_t::array: return "array";
        case json::value_t::string: return "string";
        case json::value_t::boolean: return "boolean";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float: return "number";
        default: return "other";
    }
}

ObjectReader::ObjectReader(const json& object, std::string path, Problems& problems,
                           std::initializer_list<std::string_view> known)
    : path_(std::move(path)), problems_(problems) {
    if (!object.is_object()) {
        problems_.push_back({path_, Reason::wrong_type,
                             "expected an object, found " + std::string(type_name(object))});
        return;
    }
    object_ = &object;
    std::size_t unknown = 0;
    for (const auto& [key, value] : object.items()) {
        bool is_known = false;
        for (std::string_view name : known) is_known = is_known || name == key;
        if (is_known) continue;
        // A hostile object may have thousands of members: report a few, then how many in all.
        if (++unknown <= kMaxUnknownFieldsReported) {
            problems_.push_back({member_path(key), Reason::unknown_field, "unknown field \"" + key + "\""});
        }
    }
    if (unknown > kMaxUnknownFieldsReported) {
        problems_.push_back({path_, Reason::unknown_field, std::to_string(unknown) + " unknown fields in all"});
    }
}

ObjectReader::ObjectReader(const json& object, std::string path, Problems& problems)
    : path_(std::move(path)), problems_(problems) {
    if (!object.is_object()) {
        problems_.push_back({path_, Reason::wrong_type,
                             "expected an object, found " + std::string(type_name(object))});
        return;
    }
    object_ = &object;
}

std::string ObjectReader::member_path(std::string_view key) const { return path_ + "/" + pointer_token(key); }

bool ObjectReader::has(std::string_view key) const { return get(key) != nullptr; }

const json* ObjectReader::get(std::string_view key) const {
    if (object_ == nullptr) return nullptr;
    const auto it = object_->find(key);
    return it == object_->end() ? nullptr : &*it;
}

const json* ObjectReader::lookup(std::string_view key, bool required) {
    const json* value = get(key);
    if (value == nullptr && required && object_ != nullptr) {
        add(key, Reason::missing_field, "\"" + std::string(key) + "\" is required");
    }
    return value;
}

std::optional<std::string> ObjectReader::identifier(std::string_view key, bool required) {
    auto text = string(key, required, 64);
    if (text && !is_identifier(*text)) {
        add(key, Reason::invalid_value, "\"" + *text + "\" is not an id: use 1-64 of A-Z a-z 0-9 _ -");
        return std::nullopt;
    }
    return text;
}

void ObjectReader::add(std::string_view key, Reason reason, std::string message) {
    problems_.push_back({member_path(key), reason, std::move(message)});
}

std::optional<std::string> ObjectReader::string(std::string_view key, bool required, std::size_t max_code_points,
                                                bool allow_empty) {
    const json* value = lookup(key, required);
    if (value == nullptr) return std::nullopt;
    return read_string(*value, member_path(key), problems_, max_code_points, allow_empty);
}

std::optional<std::string> read_string(const json& value, const std::string& path, Problems& problems,
                                       std::size_t max_code_points, bool allow_empty) {
    if (!value.is_string()) {
        problems.push_back({path, Reason::wrong_type, "expected a string, found " + std::string(type_name(value))});
        return std::nullopt;
    }
    const auto& text = value.get_ref<const std::string&>();
    const auto length = utf8::code_point_count(text);
    if (!length) {
        problems.push_back({path, Reason::invalid_utf8, "not valid UTF-8"});
        return std::nullopt;
    }
    // Control characters other than tab and line breaks (NUL first of all) are not text: they cut
    // strings short in C, break terminals and CSV readers, and no keyboard types them. That holds
    // for C1 controls too (U+0080..U+009F, UTF-8 C2 80..C2 9F): U+009B is a terminal's CSI.
    const auto u_plus = [](char32_t value) {
        char code[12];
        std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(value));
        return std::string(code);
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (const auto control = utf8::control_character_at(text, i)) {
            problems.push_back({path, Reason::invalid_value, "control character " + u_plus(control->value) + " in text"});
            return std::nullopt;
        }
    }
    // An override left open would reorder what a display shows after the text (the widget closes
    // any a visitor typed or pasted before it sends).
    if (const auto open = utf8::unterminated_direction_control(text)) {
        problems.push_back({path, Reason::invalid_value,
                            "direction control " + u_plus(open->value) + " is not closed (U+202C or U+2069) before the end of its line"});
        return std::nullopt;
    }
    if (*length == 0 && !allow_empty) {
        problems.push_back({path, Reason::empty, "must not be empty"});
        return std::nullopt;
    }
    if (*length > max_code_points) {
        problems.push_back({path, Reason::too_long, std::to_string(*length) + " characters, at most " +
                                                        std::to_string(max_code_points) + " allowed"});
        return std::nullopt;
    }
    return text;
}

std::optional<std::int64_t> as_integer(const json& value) {
    if (value.is_number_integer()) return value.get<std::int64_t>();
    if (value.is_number_unsigned()) {
        const auto unsigned_value = value.get<std::uint64_t>();
        if (unsigned_value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
        return static_cast<std::int64_t>(unsigned_value);
    }
    if (value.is_number_float()) {
        const double d = value.get<double>();
        if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
    }
    return std::nullopt;
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, bool required, std::int64_t min,
                                                  std::int64_t max) {
    const json* value = lookup(key, required);
    if (value == nullptr) return std::nullopt;
    if (!value->is_number()) {
        add(key, Reason::wrong_type, "expected an integer, found " + std::string(type_name(*value)));
        return std::nullopt;
    }
    const auto integral = as_integer(*value);
    if (!integral) {
        add(key, Reason::wrong_type, "expected an integer, found " + value->dump());
        return std::nullopt;
    }
    if (*integral < min || *integral > max) {
        add(key, Reason::out_of_range,
            std::to_string(*integral) + " is outside " + std::to_string(min) + ".." + std::to_string(max));
        return std::nullopt;
    }
    return integral;
}

std::optional<double> ObjectReader::number(std::string_view key, bool required, double min, double max) {
    const json* value = lookup(key, required);
    if (value == nullptr) return std::nullopt;
    if (!value->is_number()) {
        add(key, Reason::wrong_type, "expected a number, found " + std::string(type_name(*value)));
        return std::nullopt;
    }
    const double d = value->get<double>();
    if (!(d >= min && d <= max)) {
        add(key, Reason::out_of_range, value->dump() + " is outside " + json(min).dump() + ".." + json(max).dump());
        return std::nullopt;
    }
    return d;
}

std::optional<bool> ObjectReader::boolean(std::string_view key, bool required) {
    const json* value = lookup(key, required);
    if (value == nullptr) return std::nullopt;
    if (!value->is_boolean()) {
        add(key, Reason::wrong_type, "expected true or false, found " + std::string(type_name(*value)));
        return std::nullopt;
    }
    return value->get<bool>();
}

bool is_identifier(std::string_view text) {
    if (text.empty() || text.size() > 64) return false;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool is_language_tag(std::string_view text) {
    // primary language: 2-3 lowercase letters; then subtags of 1-8 alphanumerics.
    std::size_t i = 0;
    while (i < text.size() && text[i] >= 'a' && text[i] <= 'z') ++i;
    if (i < 2 || i > 3) return false;
    while (i < text.size()) {
        if (text[i] != '-') return false;
        std::size_t start = ++i;
        while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
                                   (text[i] >= '0' && text[i] <= '9'))) {
            ++i;
        }
        if (i - start < 1 || i - start > 8) return false;
    }
    return text.size() <= 35;
}

}  // namespace sada::detail
