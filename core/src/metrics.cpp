// NPS, CSAT and CES arithmetic: counts per score are the state, every figure derives from them.
#include "sada/metrics.hpp"

#include "json_reader.hpp"

#include <algorithm>
#include <cmath>

namespace sada {

Interval wilson_interval_percent(std::int64_t successes, std::int64_t n, double z) {
    if (n <= 0) return {0, 100};
    const double nn = static_cast<double>(n);
    const double p = static_cast<double>(successes) / nn;
    const double z2 = z * z;
    const double denominator = 1 + z2 / nn;
    const double center = (p + z2 / (2 * nn)) / denominator;
    const double half = z / denominator * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    return {100 * std::max(0.0, center - half), 100 * std::min(1.0, center + half)};
}

std::optional<std::int64_t> score_from_json(const nlohmann::json& answer) { return detail::as_integer(answer); }

bool NpsAccumulator::add(std::int64_t score, std::int64_t count) {
    if (score < 0 || score > 10 || count < 0) return false;
    counts_[static_cast<std::size_t>(score)] += count;
    return true;
}

bool NpsAccumulator::add_answer(const nlohmann::json& answer) {
    const auto score = score_from_json(answer);
    return score && add(*score);
}

void NpsAccumulator::merge(const NpsAccumulator& other) {
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
}

std::int64_t NpsAccumulator::n() const {
    std::int64_t total = 0;
    for (auto count : counts_) total += count;
    return total;
}

NpsSummary NpsAccumulator::summary() const {
    NpsSummary s;
    s.distribution = counts_;
    for (std::size_t score = 0; score <= 10; ++score) {
        if (score >= 9) s.promoters += counts_[score];
        else if (score >= 7) s.passives += counts_[score];
        else s.detractors += counts_[score];
    }
    s.n = s.promoters + s.passives + s.detractors;
    if (s.n == 0) {
        s.interval = {-100, 100};
        return s;
    }
    const double n = static_cast<double>(s.n);
    const double p_promoters = static_cast<double>(s.promoters) / n;
    const double p_detractors = static_cast<double>(s.detractors) / n;
    const double difference = p_promoters - p_detractors;
    s.nps = 100 * difference;
    // The variance term is >= 0 mathematically; guard tiny negative rounding.
    s.margin = kZ95 * 100 * std::sqrt(std::max(0.0, p_promoters + p_detractors - difference * difference) / n);
    s.interval = {std::max(-100.0, s.nps - s.margin), std::min(100.0, s.nps + s.margin)};
    return s;
}

BoxAccumulator::BoxAccumulator(int scale_min, int scale_max, int box_from)
    : scale_min_(scale_min), scale_max_(scale_max), box_from_(box_from),
      counts_(static_cast<std::size_t>(std::max(0, scale_max - scale_min + 1)), 0) {}

bool BoxAccumulator::add(std::int64_t score, std::int64_t count) {
    if (score < scale_min_ || score > scale_max_ || count < 0) return false;
    counts_[static_cast<std::size_t>(score - scale_min_)] += count;
    return true;
}

bool BoxAccumulator::add_answer(const nlohmann::json& answer) {
    const auto score = score_from_json(answer);
    return score && add(*score);
}

Status BoxAccumulator::merge(const BoxAccumulator& other) {
    if (other.scale_min_ != scale_min_ || other.scale_max_ != scale_max_ || other.box_from_ != box_from_) {
        return Error{"scale_mismatch", "cannot merge a " + std::to_string(other.scale_min_) + ".." +
                                           std::to_string(other.scale_max_) + " accumulator into a " +
                                           std::to_string(scale_min_) + ".." + std::to_string(scale_max_) + " one"};
    }
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    return {};
}

std::int64_t BoxAccumulator::n() const {
    std::int64_t total = 0;
    for (auto count : counts_) total += count;
    return total;
}

BoxSummary BoxAccumulator::summary() const {
    BoxSummary s;
    s.scale_min = scale_min_;
    s.scale_max = scale_max_;
    s.box_from = box_from_;
    s.distribution = counts_;
    double sum = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        const int score = scale_min_ + static_cast<int>(i);
        s.n += counts_[i];
        if (score >= box_from_) s.in_box += counts_[i];
        sum += static_cast<double>(counts_[i]) * score;
    }
    s.mean_interval = {static_cast<double>(scale_min_), static_cast<double>(scale_max_)};
    if (s.n == 0) {
        s.percent_interval = {0, 100};
        return s;
    }
    const double n = static_cast<double>(s.n);
    s.percent = 100 * static_cast<double>(s.in_box) / n;
    s.percent_interval = wilson_interval_percent(s.in_box, s.n);
    s.mean = sum / n;
    if (s.n >= 2) {
        double squares = 0;
        for (std::size_t i = 0; i < counts_.size(); ++i) {
            const double deviation = scale_min_ + static_cast<double>(i) - s.mean;
            squares += static_cast<double>(counts_[i]) * deviation * deviation;
        }
        const double half = kZ95 * std::sqrt(squares / (n - 1)) / std::sqrt(n);
        s.mean_interval = {std::max<double>(scale_min_, s.mean - half), std::min<double>(scale_max_, s.mean + half)};
    }
    return s;
}

BoxAccumulator csat_accumulator(int scale_max) { return BoxAccumulator(1, scale_max, scale_max - 1); }

BoxAccumulator ces_accumulator(int scale_max) { return BoxAccumulator(1, scale_max, scale_max == 5 ? 4 : 5); }

BoxAccumulator rating_accumulator(int scale_min, int scale_max) {
    return BoxAccumulator(scale_min, scale_max, scale_max > scale_min ? scale_max - 1 : scale_max);
}

void to_json(nlohmann::json& out, const Interval& interval) { out = nlohmann::json::array({interval.low, interval.high}); }

void to_json(nlohmann::json& out, const NpsSummary& s) {
    const bool known = s.n > 0;
    out = nlohmann::json{{"n", s.n},
                         {"promoters", s.promoters},
                         {"passives", s.passives},
                         {"detractors", s.detractors},
                         {"nps", known ? nlohmann::json(s.nps) : nlohmann::json()},
                         {"margin", known ? nlohmann::json(s.margin) : nlohmann::json()},
                         {"interval", known ? nlohmann::json(s.interval) : nlohmann::json()},
                         {"distribution", s.distribution}};
}

void to_json(nlohmann::json& out, const BoxSummary& s) {
    const bool known = s.n > 0;
    out = nlohmann::json{{"n", s.n},
                         {"scale", {{"min", s.scale_min}, {"max", s.scale_max}}},
                         {"box_from", s.box_from},
                         {"in_box", s.in_box},
                         {"percent", known ? nlohmann::json(s.percent) : nlohmann::json()},
                         {"percent_interval", known ? nlohmann::json(s.percent_interval) : nlohmann::json()},
                         {"mean", known ? nlohmann::json(s.mean) : nlohmann::json()},
                         {"mean_interval", known ? nlohmann::json(s.mean_interval) : nlohmann::json()},
                         {"distribution", s.distribution}};
}

}  // namespace sada
