// The text classifier's lexicons for sada: the ones built into the program (lexicons/*.json at
// build time), or the en.json and fa.json of a folder given with --lexicons DIR.
#pragma once

#include <optional>
#include <string>

#include "sada/result.hpp"
#include "sada/text_classify.hpp"

namespace sada::collector {

Result<TextClassifier> load_classifier(const std::optional<std::string>& folder);

}  // namespace sada::collector
