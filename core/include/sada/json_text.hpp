// Parsing untrusted JSON text: no exceptions, strict UTF-8, and a nesting limit, because copying a
// deeply nested nlohmann::json value recurses and would overflow the stack.
#pragma once

#include "sada/result.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

namespace sada {

// Deeper documents are refused. Sada's own documents nest at most about 12 levels (a survey
// with nested show_if groups); 64 leaves room without risking the stack.
inline constexpr std::size_t kMaxJsonDepth = 64;

// True when arrays and objects in `text` nest at most `max_depth` levels. Brackets inside strings
// do not count. Does not check the rest of the syntax.
bool json_depth_within(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

// Parses `text`; the Error's code is "invalid_json" (syntax, UTF-8, or a member name twice in one
// object) or "too_deep".
Result<nlohmann::json> parse_json_text(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

}  // namespace sada
