// `sada export`: the collector's responses as CSV (RFC 4180, UTF-8, one column per question, cells
// that could run as spreadsheet formulas neutralised), a JSON array, or NDJSON.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "sada/analysis_store.hpp"
#include "sada/report.hpp"
#include "sada/result.hpp"

namespace sada::collector {

enum class ExportFormat { csv, json, ndjson };

struct ExportQuery : ResponseFilters {
    bool bom = false;  // CSV only: a UTF-8 byte order mark for spreadsheets
};

// Writes the matching responses, oldest first; returns how many.
Result<std::int64_t> write_export(AnalysisStore& store, const ExportQuery& query, ExportFormat format, std::ostream& out);

}  // namespace sada::collector
