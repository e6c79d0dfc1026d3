// The `sada` subcommands (see commands.hpp): argument checking, then core does the work.
#include "commands.hpp"

#include "args.hpp"
#include "export_rows.hpp"
#include "lexicons.hpp"
#include "report_html.hpp"
#include "report_render.hpp"
#include "sada/analysis_store.hpp"
#include "sada/export_import.hpp"
#include "sada/report.hpp"
#include "sada/synthetic.hpp"
#include "sada/timestamp.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

namespace sada::collector {
namespace {

constexpr const char* kHelp = R"(sada: the analysts' collector for Sada feedback.

Usage: sada COMMAND [arguments] --db FILE

Commands:
  import FILE.ndjson... --db FILE   merge admin exports from one or more servers (idempotent)
  report --db FILE [options]        NPS, CSAT and CES, breakdowns, trend and the journey map
  export --db FILE --format F       the responses as csv, json or ndjson
  label RESPONSE_ID CATEGORY --db FILE
                                    an analyst's category for a response's texts
  gen --n N --seed S --db FILE      realistic synthetic responses (demos and benchmarks)
  classify --db FILE [--lexicons DIR]
                                    compute every text's category and sentiment again

Run sada COMMAND --help for a command's options. The database is an SQLite file, created if
missing. Report format: docs/report-format.md.
)";

constexpr const char* kImportHelp = R"(Usage: sada import FILE.ndjson... --db FILE [--lexicons DIR]

Reads the NDJSON the server's admin export writes (GET /v1/sites/{site}/responses), any number
of files, into the database. A response already there (same id) is counted as a duplicate and
left unchanged, so importing the same file twice, or overlapping exports, is safe. Bad lines are
counted and listed with their line numbers; the import goes on. "-" reads standard input.
Every text answer and message gets a category and a sentiment (docs/text-analysis.md), from the
built-in lexicons or from DIR/en.json and DIR/fa.json.
Exit status: 0 when every file was read (even with bad lines), 1 when a file or the database
failed, 2 for usage errors.
)";

constexpr const char* kReportHelp = R"(Usage: sada report --db FILE [options]

  --site S            only this site
  --survey ID         only this survey
  --from YYYY-MM-DD   from this day (UTC), inclusive
  --to YYYY-MM-DD     to this day (UTC), inclusive
  --by NAME...        breakdowns, each on its own: stage, page, device, locale, channel, survey,
                      week, month, attr:NAME (e.g. --by stage device, or --by stage,week)
  --format F          text (default), json, csv, html (one self-contained file with charts;
                      adds a monthly trend unless --by week or month is given)
  --exact             compute from the raw rows instead of the daily rollups
  --scores-only       NPS, CSAT and CES alone: no complaint shares, comments or words (faster)
  -o FILE             write to FILE instead of standard output

Every figure states its N. NPS with its 95% margin; CSAT as % in the top two boxes and CES as %
agreeing, with Wilson 95% intervals, and means. The journey map lists the stages in journey order
and flags friction points by the stated rule. The JSON form is documented in docs/report-format.md.
)";

constexpr const char* kExportHelp = R"(Usage: sada export --db FILE --format csv|json|ndjson [options]

  --site S, --survey ID, --from YYYY-MM-DD, --to YYYY-MM-DD   filters, as for report
  --bom               CSV: start with a UTF-8 byte order mark (for spreadsheets)
  -o FILE             write to FILE instead of standard output

CSV follows RFC 4180, UTF-8, one column per question. A cell that starts with = + - @, a tab or
a carriage return gets a leading apostrophe, so no visitor text can run as a formula.
)";

constexpr const char* kLabelHelp = R"(Usage: sada label RESPONSE_ID CATEGORY --db FILE

Sets the category of a response's texts, which reports use instead of the computed one.
CATEGORY: feedback-positive, feedback-negative, complaint, question, technical-issue, request.
)";

constexpr const char* kClassifyHelp = R"(Usage: sada classify --db FILE [--lexicons DIR]

Computes the category and sentiment of every stored text again, with the built-in lexicons or
DIR/en.json and DIR/fa.json: run it after editing a lexicon. Analysts' labels are kept and still
win in reports.
)";

constexpr const char* kGenHelp = R"(Usage: sada gen --n N --seed S --db FILE [--site S] [--lexicons DIR]

Adds N realistic synthetic responses (English and Persian comments and messages, scores that
differ by journey stage and device, a slow trend over the first half of 2026) to the database.
The same N and seed always give the same data.
)";

int usage(std::ostream& err, const std::string& message, const char* command) {
    err << "sada " << command << ": " << message << "\nRun sada " << command << " --help for usage.\n";
    return 2;
}

bool wants_help(const Words& args) {
    for (const std::string& word : args) {
        if (word == "--help" || word == "-h") return true;
    }
    return false;
}

// "-o FILE" is the one short option; it becomes "--output FILE".
Words long_options(const Words& args) {
    Words out;
    for (const std::string& word : args) out.push_back(word == "-o" ? "--output" : word);
    return out;
}

Result<AnalysisStore> open_store(const Args& args) {
    const auto path = args.value("db");
    if (!path) return Error{"usage", "--db FILE is required"};
    return AnalysisStore::open(*path);
}

// The common filters of report and export.
Result<ResponseFilters> read_filters(const Args& args) {
    ResponseFilters filters{args.value("site"), args.value("survey"), std::nullopt, std::nullopt};
    for (const char* name : {"from", "to"}) {
        if (const auto text = args.value(name)) {
            const auto day = parse_day(*text);
            if (!day) return Error{"usage", "--" + std::string(name) + " wants a date as YYYY-MM-DD, not \"" + *text + "\""};
            (std::string_view(name) == "from" ? filters.from_day : filters.to_day) = day;
        }
    }
    return filters;
}

// Runs write(stream) on -o FILE or on out.
template <typename Write>
int with_output(const Args& args, std::ostream& out, std::ostream& err, const char* command, Write write) {
    const auto path = args.value("output");
    if (!path) {
        const int status = write(out);
        out.flush();
        if (!out) {  // a full disk or a closed pipe must not look like success
            err << "sada " << command << ": writing the output failed\n";
            return 1;
        }
        return status;
    }
    std::ofstream file(*path, std::ios::binary);
    if (!file) {
        err << "sada " << command << ": cannot write " << *path << "\n";
        return 1;
    }
    const int status = write(file);
    file.close();
    if (!file) {
        err << "sada " << command << ": writing " << *path << " failed\n";
        return 1;
    }
    return status;
}

}  // namespace

int run_import(const Words& words, std::ostream& out, std::ostream& err) {
    if (wants_help(words)) return out << kImportHelp, 0;
    auto args = parse_args(words, {{"db"}, {"lexicons"}});
    if (!args) return usage(err, args.error().message, "import");
    if (args->positional.empty()) return usage(err, "name at least one export file", "import");
    auto classifier = load_classifier(args->value("lexicons"));
    if (!classifier) return err << "sada import: " << classifier.error().message << "\n", 1;
    auto store = open_store(*args);
    if (!store) return store.error().code == "usage" ? usage(err, store.error().message, "import")
                                                     : (err << "sada import: " << store.error().message << "\n", 1);
    int status = 0;
    ImportReport total;
    for (const std::string& path : args->positional) {
        std::ifstream file;
        std::istream* in = &std::cin;
        if (path != "-") {
            file.open(path, std::ios::binary);
            if (!file) {
                err << "sada import: cannot read " << path << "\n";
                status = 1;
                continue;
            }
            in = &file;
        }
        std::string line;
        auto report = import_export(*store, [&]() -> std::optional<std::string_view> {
            if (!std::getline(*in, line)) return std::nullopt;
            return std::string_view(line);
        }, &*classifier);
        if (!report) {
            err << "sada import: " << path << ": " << report.error().message << "\n";
            return 1;
        }
        if (in->bad() || !in->eof()) {  // a read error is not the end of the file
            err << "sada import: " << path << ": reading failed after " << report->added + report->duplicates + report->invalid
                << " lines (those are imported)\n";
            status = 1;
        }
        out << path << ": " << report->added << " new, " << report->duplicates << " duplicate, " << report->invalid
            << " invalid\n";
        for (const InvalidLine& bad : report->invalid_lines) {
            err << path << ":" << bad.line_number << ": " << bad.reason << ": " << bad.message << "\n";
        }
        if (report->invalid > static_cast<std::int64_t>(report->invalid_lines.size())) {
            err << path << ": (and " << report->invalid - static_cast<std::int64_t>(report->invalid_lines.size())
                << " more invalid lines)\n";
        }
        total.added += report->added;
        total.duplicates += report->duplicates;
        total.invalid += report->invalid;
    }
    if (args->positional.size() > 1) {
        out << "total: " << total.added << " new, " << total.duplicates << " duplicate, " << total.invalid << " invalid\n";
    }
    return status;
}

int run_report(const Words& words, std::ostream& out, std::ostream& err) {
    if (wants_help(words)) return out << kReportHelp, 0;
    auto args = parse_args(long_options(words), {{"db"}, {"site"}, {"survey"}, {"from"}, {"to"}, {"by", true, true},
                                                 {"format"}, {"exact", false}, {"scores-only", false}, {"output"}});
    if (!args) return usage(err, args.error().message, "report");
    if (!args->positional.empty()) return usage(err, "unexpected argument \"" + args->positional.front() + "\"", "report");
    auto filters = read_filters(*args);
    if (!filters) return usage(err, filters.error().message, "report");
    const std::string format = args->value("format").value_or("text");
    if (format != "text" && format != "json" && format != "csv" && format != "html") {
        return usage(err, "--format is text, json, csv or html", "report");
    }
    ReportQuery query{*filters, args->all("by"), args->has("exact"), args->has("scores-only")};
    // The HTML report always draws a trend: by month unless a trend breakdown was asked for.
    if (format == "html" && std::none_of(query.by.begin(), query.by.end(), [](const std::string& b) { return b == "week" || b == "month"; })) {
        query.by.push_back("month");
    }
    if (Status ok = check_breakdowns(query); !ok) return usage(err, ok.error().message, "report");
    auto store = open_store(*args);
    if (!store) return store.error().code == "usage" ? usage(err, store.error().message, "report")
                                                     : (err << "sada report: " << store.error().message << "\n", 1);
    auto report = build_report(*store, query);
    if (!report) return err << "sada report: " << report.error().message << "\n", 1;
    return with_output(*args, out, err, "report", [&](std::ostream& to) {
        if (format == "json") to << report->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        else if (format == "csv") to << render_report_csv(*report);
        else if (format == "html") to << render_report_html(*report);
        else to << render_report_text(*report);
        return 0;
    });
}

int run_export(const Words& words, std::ostream& out, std::ostream& err) {
    if (wants_help(words)) return out << kExportHelp, 0;
    auto args = parse_args(long_options(words), {{"db"}, {"site"}, {"survey"}, {"from"}, {"to"}, {"format"}, {"bom", false}, {"output"}});
    if (!args) return usage(err, args.error().message, "export");
    auto filters = read_filters(*args);
    if (!filters) return usage(err, filters.error().message, "export");
    const auto format = args->value("format");
    if (!format) return usage(err, "--format csv|json|ndjson is required", "export");
    ExportFormat chosen;
    if (*format == "csv") chosen = ExportFormat::csv;
    else if (*format == "json") chosen = ExportFormat::json;
    else if (*format == "ndjson") chosen = ExportFormat::ndjson;
    else return usage(err, "--format is csv, json or ndjson", "export");
    auto store = open_store(*args);
    if (!store) return store.error().code == "usage" ? usage(err, store.error().message, "export")
                                                     : (err << "sada export: " << store.error().message << "\n", 1);
    ExportQuery query{*filters, args->has("bom")};
    return with_output(*args, out, err, "export", [&](std::ostream& to) {
        auto written = write_export(*store, query, chosen, to);
        if (!written) return err << "sada export: " << written.error().message << "\n", 1;
        return 0;
    });
}

int run_label(const Words& words, std::ostream& out, std::ostream& err) {
    if (wants_help(words)) return out << kLabelHelp, 0;
    auto args = parse_args(words, {{"db"}});
    if (!args) return usage(err, args.error().message, "label");
    if (args->positional.size() != 2) return usage(err, "give RESPONSE_ID and CATEGORY", "label");
    auto store = open_store(*args);
    if (!store) return store.error().code == "usage" ? usage(err, store.error().message, "label")
                                                     : (err << "sada label: " << store.error().message << "\n", 1);
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    Status labelled = store->label(args->positional[0], args->positional[1], now);
    if (!labelled) {
        if (labelled.error().code == "invalid_category") return usage(err, labelled.error().message, "label");
        return err << "sada label: " << labelled.error().message << "\n", 1;
    }
    out << args->positional[0] << ": " << args->positional[1] << "\n";
    return 0;
}

int run_gen(const Words& words, std::ostream& out, std::ostream& err) {
    if (wants_help(words)) return out << kGenHelp, 0;
    auto args = parse_args(words, {{"db"}, {"n"}, {"seed"}, {"site"}, {"lexicons"}});
    if (!args) return usage(err, args.error().message, "gen");
    auto classifier = load_classifier(args->value("lexicons"));
    if (!classifier) return err << "sada gen: " << classifier.error().message << "\n", 1;
    SyntheticOptions options;
    const auto number = [&](const char* name, auto& target) -> bool {
        const auto text = args->value(name);
        if (!text) return false;
        long long value = 0;
        const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
        if (error != std::errc() || end != text->data() + text->size() || value < 0) return false;
        target = static_cast<std::remove_reference_t<decltype(target)>>(value);
        return true;
    };
    if (!number("n", options.count)) return usage(err, "--n wants a count (an integer >= 0)", "gen");
    if (!number("seed", options.seed)) return usage(err, "--seed wants an integer >= 0", "gen");
    if (const auto site = args->value("site")) options.site = *site;
    auto store = open_store(*args);
    if (!store) return store.error().code == "usage" ? usage(err, store.error().message, "gen")
                                                     : (err << "sada gen: " << store.error().message << "\n", 1);
    ExportImporter importer(*store, &*classifier);
    Status failed;
    generate_export_lines(options, [&](std::string_view line) {
        if (failed) failed = importer.add_line(line);
    });
    if (!failed) return err << "sada gen: " << failed.error().message << "\n", 1;
    auto report = importer.finish();
    if (!report) return err << "sada gen: " << report.error().message << "\n", 1;
    out << "generated " << options.count << " responses: " << report->added << " new, " << report->duplicates
        << " already there\n";
    return report->invalid == 0 ? 0 : (err << "sada gen: " << report->invalid << " generated lines were invalid\n", 1);
}

int run_classify(const Words& words, std::ostream& out, std::ostream& err) {
    if (wants_help(words)) return out << kClassifyHelp, 0;
    auto args = parse_args(words, {{"db"}, {"lexicons"}});
    if (!args) return usage(err, args.error().message, "classify");
    auto classifier = load_classifier(args->value("lexicons"));
    if (!classifier) return err << "sada classify: " << classifier.error().message << "\n", 1;
    auto store = open_store(*args);
    if (!store) return store.error().code == "usage" ? usage(err, store.error().message, "classify")
                                                     : (err << "sada classify: " << store.error().message << "\n", 1);
    auto changed = store->classify_texts(*classifier);
    if (!changed) return err << "sada classify: " << changed.error().message << "\n", 1;
    out << *changed << " texts changed category or sentiment\n";
    return 0;
}

int run(const Words& argv, std::ostream& out, std::ostream& err) {
    if (argv.empty() || argv[0] == "--help" || argv[0] == "-h" || argv[0] == "help") {
        out << kHelp;
        return argv.empty() ? 2 : 0;
    }
    const std::string& command = argv[0];
    const Words rest(argv.begin() + 1, argv.end());
    if (command == "import") return run_import(rest, out, err);
    if (command == "report") return run_report(rest, out, err);
    if (command == "export") return run_export(rest, out, err);
    if (command == "label") return run_label(rest, out, err);
    if (command == "gen") return run_gen(rest, out, err);
    if (command == "classify") return run_classify(rest, out, err);
    err << "sada: unknown command \"" << command << "\"\nRun sada --help for usage.\n";
    return 2;
}

}  // namespace sada::collector
