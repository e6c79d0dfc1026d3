// The analysts' report (see report.hpp and docs/report-format.md): score cells read from the
// rollups or the raw rows, folded into figures per breakdown group and per journey stage.
#include "sada/report.hpp"

#include "report_words.hpp"
#include "sada/metrics.hpp"
#include "sada/response.hpp"
#include "sada/timestamp.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <tuple>
#include <unordered_map>

namespace sada {
namespace {

using nlohmann::json;

constexpr std::int64_t kMinFrictionN = 30;
constexpr std::string_view kUnknown = "(unknown)";

bool is_attribute_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    for (char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    }
    return true;
}

// All scores of one kind and scale, and NPS, for one group of responses.
class Figures {
public:
    void add(const std::string& kind, int scale_min, int scale_max, int value, std::int64_t count) {
        if (kind == "nps") {
            nps_.add(value, count);
            return;
        }
        auto key = std::make_tuple(kind, scale_min, scale_max);
        auto found = boxes_.find(key);
        if (found == boxes_.end()) found = boxes_.emplace(key, accumulator_for(kind, scale_min, scale_max)).first;
        found->second.add(value, count);
    }
    void merge(const Figures& other) {
        nps_.merge(other.nps_);
        for (const auto& [key, box] : other.boxes_) {
            auto found = boxes_.find(key);
            if (found == boxes_.end()) boxes_.emplace(key, box);
            else (void)found->second.merge(box);  // same key, same scale and box: cannot mismatch
        }
    }
    const NpsAccumulator& nps() const { return nps_; }
    // Answers on the unhappy side, over every metric: NPS detractors (0-6), and CSAT, CES and
    // ratings outside their box. The common measure that lets stages with different metrics be
    // compared. Returns (unhappy, n).
    std::pair<std::int64_t, std::int64_t> unhappy() const {
        const NpsSummary nps = nps_.summary();
        std::int64_t bad = nps.detractors, n = nps.n;
        for (const auto& [key, box] : boxes_) {
            const BoxSummary summary = box.summary();
            bad += summary.n - summary.in_box;
            n += summary.n;
        }
        return {bad, n};
    }
    // The summaries of one kind, the most answered scale first.
    std::vector<BoxSummary> boxes(std::string_view kind) const {
        std::vector<BoxSummary> out;
        for (const auto& [key, box] : boxes_) {
            if (std::get<0>(key) == kind && box.n() > 0) out.push_back(box.summary());
        }
        std::stable_sort(out.begin(), out.end(), [](const BoxSummary& a, const BoxSummary& b) { return a.n > b.n; });
        return out;
    }
    json to_json() const {
        json out = json::object();
        out["nps"] = nps_.n() > 0 ? json(nps_.summary()) : json();
        for (const char* kind : {"csat", "ces", "rating"}) {
            json list = json::array();
            for (const BoxSummary& summary : boxes(kind)) list.push_back(summary);
            out[kind] = std::move(list);
        }
        return out;
    }

private:
    static BoxAccumulator accumulator_for(const std::string& kind, int scale_min, int scale_max) {
        if (kind == "csat" && scale_min == 1) return csat_accumulator(scale_max);
        if (kind == "ces" && scale_min == 1 && (scale_max == 5 || scale_max == 7)) return ces_accumulator(scale_max);
        return rating_accumulator(scale_min, scale_max);
    }
    NpsAccumulator nps_;
    std::map<std::tuple<std::string, int, int>, BoxAccumulator> boxes_;
};

// One row of scores: where it belongs and how many answers gave that value.
struct Cell {
    std::int64_t day = 0;
    std::string survey_id, stage, device, locale, page, channel, attributes;
    std::string kind;
    int scale_min = 0, scale_max = 0, value = 0;
    std::int64_t count = 0;
};

std::string text_or_unknown(const std::string& text) { return text.empty() ? std::string(kUnknown) : text; }

std::string attribute_key(const std::string& attributes_json, std::string_view name) {
    const json attributes = json::parse(attributes_json, nullptr, false);
    if (!attributes.is_object()) return std::string(kUnknown);
    const auto found = attributes.find(std::string(name));
    if (found == attributes.end() || found->is_null()) return std::string(kUnknown);
    return found->is_string() ? found->get<std::string>() : found->dump();
}

std::string key_of(const Cell& cell, std::string_view by) {
    if (by == "stage") return text_or_unknown(cell.stage);
    if (by == "device") return text_or_unknown(cell.device);
    if (by == "locale") return text_or_unknown(cell.locale);
    if (by == "survey") return text_or_unknown(cell.survey_id);
    if (by == "page") return text_or_unknown(cell.page);
    if (by == "channel") return text_or_unknown(cell.channel);
    if (by == "week") return iso_week_of_day(cell.day);
    if (by == "month") return month_of_day(cell.day);
    return attribute_key(cell.attributes, by.substr(5));  // attr:NAME
}

// Reads the score cells the query covers: from the rollups, from the scores alone (which carry
// their rollup key), or joined to their responses when page, channel or attributes are wanted.
// Rows are summed here rather than by SQL's GROUP BY, which sorts; the cells come out in a fixed
// order all the same (sorted by their key).
Result<std::vector<Cell>> read_cells(Database& db, const ReportQuery& query, bool from_rollups) {
    const auto wants = [&](std::string_view name) {
        return std::any_of(query.by.begin(), query.by.end(), [&](const std::string& b) { return b == name; });
    };
    const bool any_attribute = std::any_of(query.by.begin(), query.by.end(), [](const std::string& b) { return b.starts_with("attr:"); });
    const bool needs_responses = wants("page") || wants("channel") || any_attribute;
    std::string sql;
    if (from_rollups) {
        sql = "SELECT day, survey_id, stage, device, locale, '', '', '', kind, scale_min, scale_max, value, count FROM rollups r";
    } else if (!needs_responses) {
        sql = "SELECT day, survey_id, stage, device, locale, '', '', '', kind, scale_min, scale_max, value, 1 FROM scores r";
    } else {
        const std::string page = wants("page") ? "r.page" : "''";
        const std::string channel = wants("channel") ? "r.channel" : "''";
        const std::string attributes = any_attribute ? "r.attributes" : "''";
        sql = "SELECT r.day, r.survey_id, r.stage, r.device, r.locale, " + page + ", " + channel + ", " + attributes +
              ", s.kind, s.scale_min, s.scale_max, s.value, 1 FROM scores s JOIN responses r ON r.id = s.response_id";
    }
    sql += " WHERE " + std::string(kResponseFiltersSql);
    Result<Statement> statement = db.prepare(sql);
    if (!statement) return statement.error();
    bind_response_filters(*statement, query);
    std::unordered_map<std::string, Cell> cells;  // few distinct keys; the key buffer is reused row after row
    std::string key;
    for (;;) {
        Result<bool> row = statement->step();
        if (!row) return row.error();
        if (!*row) break;
        key.clear();
        const std::int64_t day = statement->column_int64(0);
        key.append(reinterpret_cast<const char*>(&day), sizeof day);
        for (int column = 1; column <= 8; ++column) {
            key += statement->column_text_view(column);
            key += '\x1f';
        }
        for (int column = 9; column <= 11; ++column) {
            const int number = statement->column_int(column);
            key.append(reinterpret_cast<const char*>(&number), sizeof number);
        }
        const std::int64_t count = statement->column_int64(12);
        auto found = cells.find(key);
        if (found != cells.end()) {
            found->second.count += count;
            continue;
        }
        Cell cell;
        cell.day = day;
        cell.survey_id = statement->column_text(1);
        cell.stage = statement->column_text(2);
        cell.device = statement->column_text(3);
        cell.locale = statement->column_text(4);
        cell.page = statement->column_text(5);
        cell.channel = statement->column_text(6);
        cell.attributes = statement->column_text(7);
        cell.kind = statement->column_text(8);
        cell.scale_min = statement->column_int(9);
        cell.scale_max = statement->column_int(10);
        cell.value = statement->column_int(11);
        cell.count = count;
        cells.emplace(key, std::move(cell));
    }
    std::vector<std::pair<std::string, Cell>> sorted(std::make_move_iterator(cells.begin()), std::make_move_iterator(cells.end()));
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Cell> out;
    out.reserve(sorted.size());
    for (auto& [k, cell] : sorted) out.push_back(std::move(cell));
    return out;
}

// The headline figure of one metric for a group: value, its 95% interval and N.
struct Headline {
    double value = 0;
    Interval interval;
    std::int64_t n = 0;
};

std::optional<Headline> headline(const Figures& figures, std::string_view metric) {
    if (metric == "nps") {
        if (figures.nps().n() == 0) return std::nullopt;
        const NpsSummary s = figures.nps().summary();
        return Headline{s.nps, s.interval, s.n};
    }
    const auto boxes = figures.boxes(metric);
    if (boxes.empty()) return std::nullopt;
    return Headline{boxes.front().percent, boxes.front().percent_interval, boxes.front().n};
}

json journey_map(const std::map<std::string, Figures>& by_stage,
                 const std::map<std::string, std::pair<std::int64_t, std::int64_t>>& complaints) {
    // "All stages together": the five journey stages only, not answers without a stage.
    Figures overall;
    for (JourneyStage stage : kJourneyStages) {
        if (const auto found = by_stage.find(std::string(to_string(stage))); found != by_stage.end()) overall.merge(found->second);
    }
    json stages = json::array();
    for (JourneyStage stage : kJourneyStages) {
        const std::string name(to_string(stage));
        const auto found = by_stage.find(name);
        json entry = found != by_stage.end() ? found->second.to_json() : Figures().to_json();
        entry["stage"] = name;
        const auto [bad, n] = found != by_stage.end() ? found->second.unhappy() : std::pair<std::int64_t, std::int64_t>{0, 0};
        entry["unhappy"] = n > 0 ? json{{"n", n}, {"unhappy", bad}, {"share", 100.0 * static_cast<double>(bad) / static_cast<double>(n)},
                                        {"interval", wilson_interval_percent(bad, n)}}
                                 : json();
        const auto share = complaints.find(name);
        if (share != complaints.end() && share->second.second > 0) {
            entry["complaints"] = {{"n", share->second.second}, {"complaints", share->second.first},
                                   {"share", 100.0 * static_cast<double>(share->second.first) / static_cast<double>(share->second.second)}};
        } else {
            entry["complaints"] = nullptr;
        }
        stages.push_back(std::move(entry));
    }
    // Friction: per metric, the worst stage among those with N >= kMinFrictionN (when at least two
    // qualify), and every stage whose whole 95% interval lies below the figure of all stages together.
    json friction = json::array();
    for (const char* metric : {"nps", "csat", "ces"}) {
        const auto all = headline(overall, metric);
        std::optional<std::pair<std::string, Headline>> worst;
        int qualified = 0;
        for (JourneyStage stage : kJourneyStages) {
            const std::string name(to_string(stage));
            const auto found = by_stage.find(name);
            if (found == by_stage.end()) continue;
            const auto h = headline(found->second, metric);
            if (!h) continue;
            if (all && h->interval.high < all->value) {
                friction.push_back({{"stage", name}, {"metric", metric}, {"value", h->value}, {"n", h->n},
                                    {"reason", "95% interval entirely below the figure of all stages"}});
            }
            if (h->n < kMinFrictionN) continue;
            ++qualified;
            if (!worst || h->value < worst->second.value) worst = std::make_pair(name, *h);
        }
        if (worst && qualified >= 2) {
            const bool listed = std::any_of(friction.begin(), friction.end(), [&](const json& f) {
                return f["stage"] == worst->first && f["metric"] == metric;
            });
            if (!listed) {
                friction.push_back({{"stage", worst->first}, {"metric", metric}, {"value", worst->second.value},
                                    {"n", worst->second.n}, {"reason", "lowest of the stages"}});
            }
        }
    }
    // The same across metrics, on the share of unhappy answers (higher is worse).
    const auto [all_bad, all_n] = overall.unhappy();
    std::optional<std::pair<std::string, double>> most_unhappy;
    int qualified = 0;
    for (JourneyStage stage : kJourneyStages) {
        const std::string name(to_string(stage));
        const auto found = by_stage.find(name);
        if (found == by_stage.end()) continue;
        const auto [bad, n] = found->second.unhappy();
        if (n == 0) continue;
        const double share = 100.0 * static_cast<double>(bad) / static_cast<double>(n);
        const double overall_share = all_n > 0 ? 100.0 * static_cast<double>(all_bad) / static_cast<double>(all_n) : 0;
        if (wilson_interval_percent(bad, n).low > overall_share) {
            friction.push_back({{"stage", name}, {"metric", "unhappy"}, {"value", share}, {"n", n},
                                {"reason", "95% interval entirely above the share of all stages together"}});
        }
        if (n < kMinFrictionN) continue;
        ++qualified;
        if (!most_unhappy || share > most_unhappy->second) most_unhappy = std::make_pair(name, share);
    }
    if (most_unhappy && qualified >= 2) {
        const bool listed = std::any_of(friction.begin(), friction.end(), [&](const json& f) {
            return f["stage"] == most_unhappy->first && f["metric"] == "unhappy";
        });
        if (!listed) {
            const auto [bad, n] = by_stage.at(most_unhappy->first).unhappy();
            (void)bad;
            friction.push_back({{"stage", most_unhappy->first}, {"metric", "unhappy"}, {"value", most_unhappy->second},
                                {"n", n}, {"reason", "highest share of unhappy answers of the stages"}});
        }
    }
    return json{{"stages", std::move(stages)}, {"friction", std::move(friction)},
                {"rule", "a stage is a friction point for a metric (NPS, CSAT %, CES % agree) when its 95% interval lies "
                         "entirely below the figure of all stages together, or when it scores lowest of the stages "
                         "with N >= 30 (at least two such stages); and across metrics, on the share of unhappy answers "
                         "(NPS detractors, CSAT and CES outside their box), when that share's 95% interval lies entirely "
                         "above the share of all stages together, or it is the highest of the stages with N >= 30"}};
}

}  // namespace

void bind_response_filters(Statement& statement, const ResponseFilters& filters) {
    statement.bind_text(1, filters.site);
    statement.bind_text(2, filters.survey);
    statement.bind_int64(3, filters.from_day.value_or(std::numeric_limits<std::int64_t>::min()));
    statement.bind_int64(4, filters.to_day.value_or(std::numeric_limits<std::int64_t>::max()));
}

Status check_breakdown(std::string_view by) {
    for (std::string_view known : {"stage", "page", "device", "locale", "channel", "survey", "week", "month"}) {
        if (by == known) return {};
    }
    if (by.starts_with("attr:") && is_attribute_name(by.substr(5))) return {};
    return Error{"invalid_breakdown", "\"" + std::string(by) +
                                          "\" is not a breakdown: use stage, page, device, locale, channel, survey, "
                                          "week, month or attr:NAME"};
}

namespace {
// Each breakdown at most once: a repeat would only cost another pass over the same cells (and
// a report URL can repeat one thousands of times).
Status check_no_repeats(const ReportQuery& query) {
    for (std::size_t i = 0; i < query.by.size(); ++i) {
        if (std::find(query.by.begin(), query.by.begin() + static_cast<std::ptrdiff_t>(i), query.by[i]) !=
            query.by.begin() + static_cast<std::ptrdiff_t>(i)) {
            return Error{"invalid_breakdown", "\"" + query.by[i] + "\" is asked for more than once"};
        }
    }
    return {};
}
}  // namespace

Status check_breakdowns(const ReportQuery& query) {
    for (const std::string& by : query.by) {
        if (Status ok = check_breakdown(by); !ok) return ok.error();
    }
    return check_no_repeats(query);
}

bool rollups_answer(const ReportQuery& query) {
    if (query.exact) return false;
    for (const std::string& by : query.by) {
        if (by != "survey" && by != "stage" && by != "device" && by != "locale" && by != "week" && by != "month") return false;
    }
    return true;
}

std::optional<std::int64_t> parse_day(std::string_view date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8};
    const std::size_t lengths[3] = {4, 2, 2};
    for (int i = 0; i < 3; ++i) {
        for (std::size_t k = 0; k < lengths[i]; ++k) {
            const char c = date[starts[i] + k];
            if (c < '0' || c > '9') return std::nullopt;
            parts[i] = parts[i] * 10 + (c - '0');
        }
    }
    if (parts[1] < 1 || parts[1] > 12 || parts[2] < 1) return std::nullopt;
    const std::int64_t day = days_from_civil(parts[0], static_cast<unsigned>(parts[1]), static_cast<unsigned>(parts[2]));
    int year = 0;
    unsigned month = 0, dom = 0;
    civil_from_days(day, year, month, dom);
    if (dom != static_cast<unsigned>(parts[2])) return std::nullopt;  // e.g. 2026-02-30
    return day;
}

std::string iso_week_of_day(std::int64_t day) {
    const std::int64_t weekday = ((day % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday; Monday = 0
    const std::int64_t thursday = day - weekday + 3;        // the ISO year is the year of this Thursday
    int year = 0;
    unsigned month = 0, dom = 0;
    civil_from_days(thursday, year, month, dom);
    const std::int64_t week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
    char text[48];
    std::snprintf(text, sizeof text, "%04d-W%02d", year, static_cast<int>(week));
    return text;
}

std::string iso_date_of_day(std::int64_t day) {
    int year = 0;
    unsigned month = 0, dom = 0;
    civil_from_days(day, year, month, dom);
    char text[48];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", year, month, dom);
    return text;
}

std::string month_of_day(std::int64_t day) { return iso_date_of_day(day).substr(0, 7); }

namespace {

// The figures of the report: overall, each breakdown, and the journey map.
struct ScoreSections {
    json overall, breakdowns, journey;
};

ScoreSections score_sections(const std::vector<Cell>& cells, const ReportQuery& query,
                             const std::map<std::string, std::pair<std::int64_t, std::int64_t>>& complaints) {
    Figures overall;
    std::map<std::string, Figures> by_stage;
    std::vector<std::map<std::string, Figures>> groups(query.by.size());
    for (const Cell& cell : cells) {
        overall.add(cell.kind, cell.scale_min, cell.scale_max, cell.value, cell.count);
        by_stage[cell.stage].add(cell.kind, cell.scale_min, cell.scale_max, cell.value, cell.count);
        for (std::size_t i = 0; i < query.by.size(); ++i) {
            groups[i][key_of(cell, query.by[i])].add(cell.kind, cell.scale_min, cell.scale_max, cell.value, cell.count);
        }
    }

    json breakdowns = json::array();
    for (std::size_t i = 0; i < query.by.size(); ++i) {
        std::vector<std::string> keys;
        for (const auto& [key, figures] : groups[i]) keys.push_back(key);
        if (query.by[i] == "stage") {  // journey order, then anything else
            const auto rank = [](const std::string& key) {
                const auto stage = journey_stage_from_string(key);
                return stage ? static_cast<int>(*stage) : static_cast<int>(kJourneyStages.size());
            };
            std::stable_sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
        }
        json list = json::array();
        for (const std::string& key : keys) {
            json group = groups[i][key].to_json();
            group["key"] = key;
            list.push_back(std::move(group));
        }
        breakdowns.push_back({{"by", query.by[i]}, {"groups", std::move(list)}});
    }
    return ScoreSections{overall.to_json(), std::move(breakdowns), journey_map(by_stage, complaints)};
}

json filters_json(const ResponseFilters& query) {
    json filters = json::object();
    filters["site"] = query.site ? json(*query.site) : json();
    filters["survey"] = query.survey ? json(*query.survey) : json();
    filters["from"] = query.from_day ? json(iso_date_of_day(*query.from_day)) : json();
    filters["to"] = query.to_day ? json(iso_date_of_day(*query.to_day)) : json();
    return filters;
}

}  // namespace

namespace {

// The report from one database in one read transaction, so every section sees the same data even
// while an import runs; texts are read only for a whole report.
Result<json> report_from(Database& db, const ReportQuery& query, bool from_rollups) {
    Result<Transaction> snapshot = Transaction::begin(db, TransactionMode::deferred);
    if (!snapshot) return snapshot.error();
    Result<std::vector<Cell>> cells = read_cells(db, query, from_rollups);
    if (!cells) return cells.error();
    json report = {{"report_format", kReportFormatVersion}, {"source", from_rollups ? "rollups" : "exact"}, {"filters", filters_json(query)}};
    if (query.scores_only) {
        ScoreSections scores = score_sections(*cells, query, {});
        report["overall"] = std::move(scores.overall);
        report["breakdowns"] = std::move(scores.breakdowns);
        report["journey"] = std::move(scores.journey);
        return report;
    }
    Result<TextCounts> texts = count_texts(db, query, from_rollups);
    if (!texts) return texts.error();
    Result<std::vector<NewestText>> newest = newest_texts(db, query, kWordsTextLimit);
    if (!newest) return newest.error();
    ScoreSections scores = score_sections(*cells, query, texts->complaints_by_stage);
    report["overall"] = std::move(scores.overall);
    report["breakdowns"] = std::move(scores.breakdowns);
    report["journey"] = std::move(scores.journey);
    report["comments"] = comment_samples(*texts, *newest, 5);
    report["words"] = words_section(*texts, *newest);
    return report;
}

}  // namespace

Result<json> build_report(AnalysisStore& store, const ReportQuery& query) {
    if (Status ok = check_breakdowns(query); !ok) return ok.error();
    return report_from(store.database(), query, rollups_answer(query));
}

Result<json> build_rollup_report(Database& db, const ReportQuery& query) {
    if (Status ok = check_no_repeats(query); !ok) return ok.error();
    for (const std::string& by : query.by) {
        ReportQuery one;
        one.by = {by};
        if (!rollups_answer(one)) {
            return Error{"invalid_breakdown", "\"" + by + "\" is not a breakdown the rollups keep: use survey, stage, device, locale, week or month"};
        }
    }
    if (query.exact) return Error{"invalid_breakdown", "only the rollups are kept here, not the raw rows"};
    ReportQuery scores = query;
    scores.scores_only = true;
    return report_from(db, scores, true);
}

}  // namespace sada
