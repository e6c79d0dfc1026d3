// CSV cells per RFC 4180 for spreadsheets: quoted when needed, and a cell that a spreadsheet
// would run as a formula (it starts with = + - @, a tab or a carriage return) neutralised with a
// leading apostrophe, so visitor text can never become a formula. A cell holding a semicolon or a
// tab is quoted too: spreadsheets set to split on those would otherwise start a new cell there,
// and that cell could start with "=".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sada::collector {

// A text cell, neutralised and quoted as needed.
std::string csv_cell(std::string_view text);
// A number Sada computed (never visitor text): written as is, so "-12.5" stays a number.
std::string csv_number(double value);
// Text cells joined with "," and ended with CRLF (RFC 4180).
std::string csv_row(const std::vector<std::string>& cells);
// Cells that are already written (csv_cell / csv_number), joined and ended with CRLF.
std::string csv_join(const std::vector<std::string>& written_cells);

}  // namespace sada::collector
