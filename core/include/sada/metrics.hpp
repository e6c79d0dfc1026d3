// NPS, CSAT and CES exactly as docs/metrics.md defines them, as accumulators that can be merged.
#pragma once

#include "sada/result.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace sada {

inline constexpr double kZ95 = 1.96;  // two-sided 95% normal quantile, as the definitions state it

struct Interval {
    double low = 0;
    double high = 0;
};

// Wilson score interval for a proportion `successes / n`, in percent (0..100). n must be > 0.
Interval wilson_interval_percent(std::int64_t successes, std::int64_t n, double z = kZ95);

// The integer value of a JSON answer when it is a whole number; anything else (null, text,
// fractions) is not a score.
std::optional<std::int64_t> score_from_json(const nlohmann::json& answer);

struct NpsSummary {
    std::int64_t n = 0;
    std::int64_t promoters = 0;   // 9-10
    std::int64_t passives = 0;    // 7-8
    std::int64_t detractors = 0;  // 0-6
    double nps = 0;               // 100 * (P - D) / N, in [-100, 100]
    double margin = 0;            // 1.96 * 100 * sqrt((pP + pD - (pP - pD)^2) / N)
    Interval interval;            // nps -/+ margin, clamped to [-100, 100]
    std::array<std::int64_t, 11> distribution{};  // count of each score 0..10
};

class NpsAccumulator {
public:
    // Counts a score 0..10 (count times, e.g. from a histogram); anything else, or a negative
    // count, is not counted and returns false.
    bool add(std::int64_t score, std::int64_t count = 1);
    bool add_answer(const nlohmann::json& answer);
    void merge(const NpsAccumulator& other);
    std::int64_t n() const;
    NpsSummary summary() const;

private:
    std::array<std::int64_t, 11> counts_{};
};

// A "top box" metric on a 1..max scale: CSAT (share of the top two boxes) and CES (share agreeing).
struct BoxSummary {
    int scale_min = 1;
    int scale_max = 5;
    int box_from = 4;               // scores >= box_from are in the box
    std::int64_t n = 0;
    std::int64_t in_box = 0;
    double percent = 0;             // 100 * in_box / n
    Interval percent_interval;      // Wilson 95%
    double mean = 0;
    Interval mean_interval;         // mean -/+ 1.96 * s / sqrt(n) (sample s), clamped to the scale;
                                    // the whole scale when n < 2
    std::vector<std::int64_t> distribution;  // count of each score scale_min..scale_max
};

class BoxAccumulator {
public:
    BoxAccumulator(int scale_min, int scale_max, int box_from);

    bool add(std::int64_t score, std::int64_t count = 1);
    bool add_answer(const nlohmann::json& answer);
    // Fails with "scale_mismatch" when the other accumulator measures another scale or box.
    Status merge(const BoxAccumulator& other);
    std::int64_t n() const;
    BoxSummary summary() const;

private:
    int scale_min_;
    int scale_max_;
    int box_from_;
    std::vector<std::int64_t> counts_;
};

// CSAT on 1..scale_max (5 by default; 7 and 10 allowed): CSAT% counts the top two boxes.
BoxAccumulator csat_accumulator(int scale_max = 5);
// CES 2.0 on 1..7 (agree = 5..7), or the 1..5 variant (agree = 4..5).
BoxAccumulator ces_accumulator(int scale_max = 7);
// A plain rating scale min..max: the mean, and the share in the top two points.
BoxAccumulator rating_accumulator(int scale_min, int scale_max);

void to_json(nlohmann::json& out, const Interval& interval);
void to_json(nlohmann::json& out, const NpsSummary& summary);
void to_json(nlohmann::json& out, const BoxSummary& summary);

}  // namespace sada
