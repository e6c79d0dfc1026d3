// Fuzz target: survey definitions. Any bytes give either problems or a definition; a definition
// written back as JSON parses again to the same JSON, and problem lists stay bounded.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check.hpp"
#include "sada/survey.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const sada::SurveyParse parsed = sada::parse_survey(text);
    SADA_FUZZ_CHECK(parsed.ok() == parsed.problems.empty());
    SADA_FUZZ_CHECK(parsed.problems.size() <= 1000);
    if (!parsed.ok()) return 0;
    nlohmann::json written = *parsed.survey;
    const std::string once = written.dump();
    const sada::SurveyParse again = sada::parse_survey(std::string_view(once));
    SADA_FUZZ_CHECK(again.ok());
    SADA_FUZZ_CHECK(nlohmann::json(*again.survey).dump() == once);
    return 0;
}
