// CSV cells and rows (see csv.hpp).
#include "csv.hpp"

#include <cmath>
#include <cstdio>

namespace sada::collector {

std::string csv_cell(std::string_view text) {
    std::string cell;
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                          text[0] == '\r')) {
        cell += '\'';
    }
    cell.append(text);
    const bool quote = cell.find_first_of(",;\t\"\r\n") != std::string::npos || (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
    if (!quote) return cell;
    std::string quoted = "\"";
    for (char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string csv_number(double value) {
    char text[40];
    if (std::isfinite(value) && std::fabs(value) < 1e15 && value == std::trunc(value)) {
        std::snprintf(text, sizeof text, "%lld", static_cast<long long>(value));
    } else {
        std::snprintf(text, sizeof text, "%.17g", value);
    }
    return text;
}

std::string csv_row(const std::vector<std::string>& cells) {
    std::vector<std::string> written;
    written.reserve(cells.size());
    for (const std::string& cell : cells) written.push_back(csv_cell(cell));
    return csv_join(written);
}

std::string csv_join(const std::vector<std::string>& written_cells) {
    std::string row;
    for (std::size_t i = 0; i < written_cells.size(); ++i) {
        if (i > 0) row += ',';
        row += written_cells[i];
    }
    row += "\r\n";
    return row;
}

}  // namespace sada::collector
