// bench/text: how well the lexicon classifier labels customer texts. Reads lexicon files and
// labelled JSONL datasets ({"text", "category", "sentiment", ...} per line) and prints, per
// dataset, per-category precision, recall and F1, macro-F1, sentiment accuracy and speed, as
// Markdown. Usage: sada-bench-text LEXICON_EN LEXICON_FA DATASET.jsonl...
#include "sada/analysis_store.hpp"
#include "sada/text_classify.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string read_file(const char* path, bool& ok) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    ok = static_cast<bool>(in) || in.eof();
    return buffer.str();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s LEXICON_EN LEXICON_FA DATASET.jsonl...\n", argv[0]);
        return 2;
    }
    sada::Lexicon lexicons[2];
    for (int i = 0; i < 2; ++i) {
        bool ok = false;
        const std::string text = read_file(argv[1 + i], ok);
        auto parsed = sada::parse_lexicon(text);
        if (!ok || !parsed) {
            std::fprintf(stderr, "%s: %s\n", argv[1 + i], ok ? parsed.error().message.c_str() : "cannot read");
            return 1;
        }
        lexicons[i] = std::move(parsed).value();
    }
    const sada::TextClassifier classifier(std::move(lexicons[0]), std::move(lexicons[1]));
    for (int d = 3; d < argc; ++d) {
        std::ifstream in(argv[d]);
        if (!in) {
            std::fprintf(stderr, "%s: cannot read\n", argv[d]);
            return 1;
        }
        std::map<std::string, int> true_positive, predicted, actual;
        int lines = 0, sentiment_right = 0;
        double seconds = 0;
        std::vector<std::string> confusions;
        for (std::string line; std::getline(in, line);) {
            if (line.empty()) continue;
            const auto item = nlohmann::json::parse(line, nullptr, false);
            if (!item.is_object() || !item.contains("text") || !item.contains("category")) {
                std::fprintf(stderr, "%s: line %d is not {\"text\", \"category\", ...}\n", argv[d], lines + 1);
                return 1;
            }
            const std::string text = item["text"].get<std::string>();
            const std::string truth = item["category"].get<std::string>();
            const auto started = std::chrono::steady_clock::now();
            const sada::TextClassification got = classifier.classify(text);
            seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            ++lines;
            ++actual[truth];
            ++predicted[got.category];
            if (got.category == truth) ++true_positive[truth];
            else if (confusions.size() < 400) confusions.push_back(truth + " -> " + got.category + ": " + text);
            if (item.contains("sentiment") && item["sentiment"] == got.sentiment) ++sentiment_right;
        }
        std::printf("\n#### %s (%d texts)\n\n| category | n | precision | recall | F1 |\n|---|---:|---:|---:|---:|\n", argv[d], lines);
        double macro = 0;
        for (std::string_view category : sada::kTextCategories) {
            const std::string name(category);
            const double tp = true_positive[name];
            const double precision = predicted[name] > 0 ? tp / predicted[name] : 0;
            const double recall = actual[name] > 0 ? tp / actual[name] : 0;
            const double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            macro += f1;
            std::printf("| %s | %d | %.2f | %.2f | %.2f |\n", name.c_str(), actual[name], precision, recall, f1);
        }
        macro /= static_cast<double>(std::size(sada::kTextCategories));
        std::printf("\nmacro-F1 **%.3f**; sentiment accuracy %.3f; %.1f µs per text\n", macro,
                    lines > 0 ? static_cast<double>(sentiment_right) / lines : 0, lines > 0 ? 1e6 * seconds / lines : 0);
        if (std::getenv("SADA_BENCH_CONFUSIONS") != nullptr) {
            for (const std::string& c : confusions) std::printf("  %s\n", c.c_str());
        }
    }
    return 0;
}
