// Export lines into AnalysedResponse, and the idempotent import loop (see export_import.hpp).
#include "sada/export_import.hpp"

#include "sada/json_text.hpp"
#include "sada/message.hpp"
#include "sada/metrics.hpp"
#include "sada/survey.hpp"
#include "sada/timestamp.hpp"

#include <nlohmann/json.hpp>

namespace sada {
namespace {

using nlohmann::json;

Error line_error(std::string code, std::string message) { return Error{std::move(code), std::move(message)}; }

bool is_blank(std::string_view text) {
    for (char c : text) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    }
    return true;
}

bool is_text_question(const json* questions, const std::string& question_id) {
    if (questions == nullptr || !questions->is_object()) return true;  // nothing known: any string is text
    const auto entry = questions->find(question_id);
    if (entry == questions->end() || !entry->is_object()) return false;
    const auto type = entry->find("type");
    return type != entry->end() && type->is_string() && type->get_ref<const std::string&>() == "text";
}

}  // namespace

Result<AnalysedResponse> read_export_line(std::string_view line) {
    Result<json> parsed = parse_json_text(line);
    if (!parsed) return line_error("invalid_json", parsed.error().message);
    json& document = *parsed;
    if (!document.is_object()) return line_error("invalid_line", "an export line is a JSON object");
    const auto site = document.find("site");
    if (site == document.end() || !site->is_string() || site->get_ref<const std::string&>().empty()) {
        return line_error("invalid_line", "\"site\" is missing or not a string");
    }
    const auto response = document.find("response");
    if (response == document.end() || !response->is_object()) {
        return line_error("invalid_line", "\"response\" is missing or not an object");
    }
    std::optional<std::int64_t> received_at_ms;
    if (const auto received = document.find("received_at"); received != document.end() && !received->is_null()) {
        if (received->is_string()) received_at_ms = parse_rfc3339_ms(received->get_ref<const std::string&>());
        if (!received_at_ms) return line_error("invalid_line", "\"received_at\" is not an RFC 3339 time");
    }
    const json* questions = nullptr;
    if (const auto found = document.find("questions"); found != document.end() && !found->is_null()) {
        if (!found->is_object()) return line_error("invalid_line", "\"questions\" must be an object or null");
        questions = &*found;
    }

    AnalysedResponse out;
    out.body = response->dump();
    ResponseParse read = parse_response(std::move(*response));
    if (!read.ok()) {
        const Problem& first = read.problems.front();
        return line_error("invalid_response", first.path.empty() ? first.message : first.path + ": " + first.message);
    }
    Response& r = *read.response;
    out.id = r.id;
    out.site = site->get_ref<const std::string&>();
    out.survey_id = r.survey_id;
    out.survey_version = r.survey_version;
    out.received_at_ms = received_at_ms;
    out.time_ms = received_at_ms ? effective_time_ms(r, *received_at_ms) : r.submitted_at_ms;
    const bool message = is_message_survey(r.survey_id);
    for (const auto& [question_id, answer] : r.answers.items()) {
        if (!answer.is_string()) continue;
        const std::string& text = answer.get_ref<const std::string&>();
        if (!is_blank(text) && is_text_question(questions, question_id)) out.texts.push_back({question_id, text, message, std::nullopt, std::nullopt});
    }
    if (questions != nullptr) out.scores = score_answers(r.answers, *questions);
    out.context = std::move(r.context);
    return out;
}

Status ExportImporter::add_line(std::string_view line) {
    ++line_number_;
    if (is_blank(line)) {
        ++report_.blank;
        return {};
    }
    Result<AnalysedResponse> read = read_export_line(line);
    if (!read) {
        ++report_.invalid;
        if (report_.invalid_lines.size() < ImportReport::kMaxReportedInvalidLines) {
            report_.invalid_lines.push_back({line_number_, read.error().code, read.error().message});
        }
        return {};
    }
    if (classifier_ != nullptr) {
        for (TextAnswer& text : read->texts) {
            const TextClassification got = classifier_->classify(text.text);
            text.category = got.category;
            text.sentiment = got.sentiment;
        }
    }
    if (!transaction_) {
        Result<Transaction> begun = Transaction::begin(store_.database());
        if (!begun) return begun.error();
        transaction_.emplace(std::move(begun).value());
    }
    Result<AddOutcome> added = store_.add(*read);
    if (!added) return added.error();
    ++(*added == AddOutcome::added ? report_.added : report_.duplicates);
    if (++in_batch_ >= batch_lines_) {
        in_batch_ = 0;
        Status committed = transaction_->commit();
        transaction_.reset();
        if (!committed) return committed;
    }
    return {};
}

Result<ImportReport> ExportImporter::finish() {
    if (transaction_) {
        Status committed = transaction_->commit();
        transaction_.reset();
        if (!committed) return committed.error();
    }
    return report_;
}

Result<ImportReport> import_export(AnalysisStore& store, const std::function<std::optional<std::string_view>()>& next_line,
                                   const TextClassifier* classifier, int batch_lines) {
    ExportImporter importer(store, classifier, batch_lines);
    while (const std::optional<std::string_view> line = next_line()) {
        if (Status added = importer.add_line(*line); !added) return added.error();
    }
    return importer.finish();
}

}  // namespace sada
