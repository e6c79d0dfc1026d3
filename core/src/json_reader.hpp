// Internal helpers for reading untrusted JSON objects member by member while collecting Problems.
#pragma once

#include "sada/problem.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace sada::detail {

using nlohmann::json;

// A JSON type name for messages ("string", "number", ...).
std::string_view type_name(const json& value);

// Reads members of one JSON object at `path`; every check that fails appends a Problem.
class ObjectReader {
public:
    // Reports a wrong_type problem when `object` is not an object, then every member whose name
    // is not in `known` as unknown_field.
    ObjectReader(const json& object, std::string path, Problems& problems,
                 std::initializer_list<std::string_view> known);
    // An object whose member names are free (e.g. locales): only its type is checked.
    ObjectReader(const json& object, std::string path, Problems& problems);

    bool is_object() const { return object_ != nullptr; }
    const std::string& path() const { return path_; }
    std::string member_path(std::string_view key) const;
    bool has(std::string_view key) const;
    const json* get(std::string_view key) const;  // nullptr when absent (or not an object)

    // A string member; `max_code_points` counts Unicode code points. Reports missing_field when
    // required and absent, wrong_type, invalid_utf8, empty (when !allow_empty) and too_long.
    std::optional<std::string> string(std::string_view key, bool required, std::size_t max_code_points,
                                      bool allow_empty = false);
    // An integral number in [min, max] (a float with an integral value, e.g. 3.0, is accepted).
    std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min, std::int64_t max);
    std::optional<double> number(std::string_view key, bool required, double min, double max);
    std::optional<bool> boolean(std::string_view key, bool required);
    // A string that must be an id (see is_identifier): invalid_value otherwise.
    std::optional<std::string> identifier(std::string_view key, bool required);

    // The member, reporting missing_field when it is required and absent.
    const json* lookup(std::string_view key, bool required);

    void add(std::string_view key, Reason reason, std::string message);

private:
    const json* object_ = nullptr;
    std::string path_;
    Problems& problems_;
};

// A string value at `path`: wrong_type, invalid_utf8, empty (unless allowed) and too_long checks.
std::optional<std::string> read_string(const json& value, const std::string& path, Problems& problems,
                                       std::size_t max_code_points, bool allow_empty = false);

// The value as an integer when it is a JSON number with an integral value within int64.
std::optional<std::int64_t> as_integer(const json& value);

// True for ids of surveys, questions and options: 1-64 of [A-Za-z0-9_-].
bool is_identifier(std::string_view text);

// True for a BCP 47-like language tag: "en", "fa", "fa-IR", "zh-Hant-TW".
bool is_language_tag(std::string_view text);

}  // namespace sada::detail
