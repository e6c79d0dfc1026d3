// `sada export` (see export_rows.hpp).
#include "export_rows.hpp"

#include "csv.hpp"
#include "sada/timestamp.hpp"

#include <nlohmann/json.hpp>

#include <ostream>
#include <vector>

namespace sada::collector {
namespace {

using nlohmann::json;

// An answer as one CSV cell: numbers and text as they are, choices joined with ";".
std::string answer_cell(const json& answer) {
    if (answer.is_string()) return csv_cell(answer.get_ref<const std::string&>());
    if (answer.is_number()) return csv_number(answer.get<double>());
    if (answer.is_array()) {
        std::string joined;
        for (const json& item : answer) {
            if (!joined.empty()) joined += ';';
            joined += item.is_string() ? item.get<std::string>() : item.dump();
        }
        return csv_cell(joined);
    }
    if (answer.is_null()) return "";
    return csv_cell(answer.dump());
}

}  // namespace

Result<std::int64_t> write_export(AnalysisStore& store, const ExportQuery& query, ExportFormat format, std::ostream& out) {
    Database& db = store.database();
    // One read transaction: the header's questions and the rows come from the same data.
    Result<Transaction> snapshot = Transaction::begin(db, TransactionMode::deferred);
    if (!snapshot) return snapshot.error();
    std::vector<std::string> questions;
    if (format == ExportFormat::csv) {
        Result<Statement> keys = db.prepare("SELECT DISTINCT j.key FROM responses r, json_each(r.body, '$.answers') j WHERE " +
                                            std::string(kResponseFiltersSql) + " ORDER BY 1");
        if (!keys) return keys.error();
        bind_response_filters(*keys, query);
        for (;;) {
            Result<bool> row = keys->step();
            if (!row) return row.error();
            if (!*row) break;
            questions.push_back(keys->column_text(0));
        }
        if (query.bom) out << "\xEF\xBB\xBF";
        std::vector<std::string> header = {"id", "site", "survey_id", "survey_version", "time", "received_at", "page", "stage",
                                           "device", "locale", "channel", "visitor", "attributes"};
        header.insert(header.end(), questions.begin(), questions.end());
        out << csv_row(header);
    }
    Result<Statement> rows = db.prepare(
        std::string("SELECT r.id, r.site, r.survey_id, r.survey_version, r.time_ms, r.received_at_ms, r.page, r.stage, "
                    "r.device, r.locale, r.channel, r.visitor, r.attributes, r.body FROM responses r WHERE ") +
        std::string(kResponseFiltersSql) + " ORDER BY r.time_ms, r.id");
    if (!rows) return rows.error();
    bind_response_filters(*rows, query);
    std::int64_t written = 0;
    if (format == ExportFormat::json) out << "[";
    for (;;) {
        Result<bool> row = rows->step();
        if (!row) return row.error();
        if (!*row) break;
        const json body = json::parse(rows->column_text(13), nullptr, false);
        const json answers = body.is_object() && body.contains("answers") ? body["answers"] : json::object();
        const std::string time = format_rfc3339_ms(rows->column_int64(4));
        const std::optional<std::int64_t> received = rows->column_optional_int64(5);
        if (format == ExportFormat::csv) {
            std::vector<std::string> cells;
            for (int column : {0, 1, 2}) cells.push_back(csv_cell(rows->column_text(column)));
            cells.push_back(csv_number(static_cast<double>(rows->column_int64(3))));
            cells.push_back(time);
            cells.push_back(received ? format_rfc3339_ms(*received) : "");
            for (int column = 6; column <= 12; ++column) cells.push_back(csv_cell(rows->column_text(column)));
            for (const std::string& question : questions) {
                const auto answer = answers.find(question);
                cells.push_back(answer == answers.end() ? "" : answer_cell(*answer));
            }
            out << csv_join(cells);
        } else {
            json attributes = json::parse(rows->column_text(12), nullptr, false);
            json line = {{"id", rows->column_text(0)},
                         {"site", rows->column_text(1)},
                         {"survey_id", rows->column_text(2)},
                         {"survey_version", rows->column_int64(3)},
                         {"time", time},
                         {"received_at", received ? json(format_rfc3339_ms(*received)) : json()},
                         {"context", {{"page", rows->column_text(6)}, {"stage", rows->column_text(7)}, {"device", rows->column_text(8)},
                                      {"locale", rows->column_text(9)}, {"channel", rows->column_text(10)},
                                      {"visitor", rows->column_text(11)},
                                      {"attributes", attributes.is_object() ? attributes : json::object()}}},
                         {"answers", answers}};
            const std::string text = line.dump(-1, ' ', false, json::error_handler_t::replace);
            if (format == ExportFormat::json) out << (written > 0 ? ",\n" : "\n") << text;
            else out << text << "\n";
        }
        ++written;
    }
    if (format == ExportFormat::json) out << (written > 0 ? "\n]\n" : "]\n");
    return written;
}

}  // namespace sada::collector
