// Reading the server's admin export (NDJSON, docs/api.md) into the analysts' database: one line
// becomes an AnalysedResponse; a whole export is imported idempotently, bad lines reported by
// number and skipped, never stopping the import.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sada/analysis_store.hpp"
#include "sada/result.hpp"
#include "sada/text_classify.hpp"

namespace sada {

// One export line. Scores come from the line's "questions" (type and scale per question): a
// whole-number answer to an nps/csat/ces/rating question inside its scale. Texts are the non-blank
// string answers to text questions, or to any question when "questions" is missing or null.
// Errors: "invalid_json", "invalid_line" (not an export line), "invalid_response" (the response
// itself is malformed); the message says what and where.
Result<AnalysedResponse> read_export_line(std::string_view line);

struct InvalidLine {
    std::int64_t line_number = 0;  // 1-based, within its file
    std::string reason;            // the error code
    std::string message;
};

struct ImportReport {
    std::int64_t added = 0;
    std::int64_t duplicates = 0;
    std::int64_t invalid = 0;              // every invalid line is counted ...
    std::vector<InvalidLine> invalid_lines;  // ... the first kMaxReportedInvalidLines are listed
    std::int64_t blank = 0;                // empty lines, skipped silently
    static constexpr std::size_t kMaxReportedInvalidLines = 100;
};

// Imports lines one at a time, in transactions of batch_lines lines; with a classifier, every text
// gets its category and sentiment. A storage error is returned by add_line or finish and ends the
// import (what was committed before it stays).
class ExportImporter {
public:
    explicit ExportImporter(AnalysisStore& store, const TextClassifier* classifier = nullptr, int batch_lines = 10000)
        : store_(store), classifier_(classifier), batch_lines_(batch_lines) {}
    Status add_line(std::string_view line);
    // Commits what is pending and returns the counts.
    Result<ImportReport> finish();

private:
    AnalysisStore& store_;
    const TextClassifier* classifier_;
    int batch_lines_;
    std::optional<Transaction> transaction_;
    int in_batch_ = 0;
    std::int64_t line_number_ = 0;
    ImportReport report_;
};

// Imports every line next_line() yields (nullopt: the end) with an ExportImporter.
Result<ImportReport> import_export(AnalysisStore& store, const std::function<std::optional<std::string_view>()>& next_line,
                                   const TextClassifier* classifier = nullptr, int batch_lines = 10000);

}  // namespace sada
