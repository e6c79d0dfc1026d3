// Tests pinning NPS, CSAT and CES to the definitions in PRODUCT.md with hand-computed cases.
#include "sada/metrics.hpp"

#include <doctest/doctest.h>

#include <vector>

using doctest::Approx;

TEST_CASE("NPS of ten answers matches the hand computation") {
    // 10,10,10,9,9 promoters (5); 8,7 passives (2); 6,3,0 detractors (3).
    sada::NpsAccumulator nps;
    for (int score : {10, 10, 10, 9, 9, 8, 7, 6, 3, 0}) CHECK(nps.add(score));
    const auto s = nps.summary();
    CHECK(s.n == 10);
    CHECK(s.promoters == 5);
    CHECK(s.passives == 2);
    CHECK(s.detractors == 3);
    CHECK(s.nps == Approx(20.0));
    // 1.96 * 100 * sqrt((0.5 + 0.3 - 0.2^2) / 10) = 196 * sqrt(0.076)
    CHECK(s.margin == Approx(54.0334711).epsilon(1e-8));
    CHECK(s.interval.low == Approx(-34.0334711).epsilon(1e-8));
    CHECK(s.interval.high == Approx(74.0334711).epsilon(1e-8));
    CHECK(s.distribution[10] == 3);
    CHECK(s.distribution[0] == 1);
    CHECK(s.distribution[5] == 0);
}

TEST_CASE("NPS bounds: all promoters, all detractors, and an interval clamped to [-100, 100]") {
    sada::NpsAccumulator promoters, detractors, mixed;
    for (int i = 0; i < 4; ++i) promoters.add(10), detractors.add(0);
    CHECK(promoters.summary().nps == Approx(100));
    CHECK(promoters.summary().margin == Approx(0));
    CHECK(detractors.summary().nps == Approx(-100));
    mixed.add(10), mixed.add(10), mixed.add(0);  // NPS 33.3, margin 1.96*100*sqrt((1 - 1/9)/3) = 106.6889
    const auto s = mixed.summary();
    CHECK(s.nps == Approx(100.0 / 3));
    CHECK(s.margin == Approx(106.688887).epsilon(1e-5));
    CHECK(s.interval.high == Approx(100));
    CHECK(s.interval.low == Approx(100.0 / 3 - 106.688887).epsilon(1e-5));
}

TEST_CASE("empty, skipped and invalid answers never count in N") {
    sada::NpsAccumulator nps;
    CHECK_FALSE(nps.add(11));
    CHECK_FALSE(nps.add(-1));
    CHECK_FALSE(nps.add_answer(nullptr));
    CHECK_FALSE(nps.add_answer(""));
    CHECK_FALSE(nps.add_answer("9"));
    CHECK_FALSE(nps.add_answer(8.5));
    CHECK(nps.add_answer(9.0));
    CHECK(nps.n() == 1);
    const auto empty = sada::NpsAccumulator().summary();
    CHECK(empty.n == 0);
    CHECK(nlohmann::json(empty)["nps"].is_null());  // no score is shown without answers
}

TEST_CASE("CSAT counts the top two boxes, with a Wilson interval and the mean") {
    auto csat = sada::csat_accumulator();
    for (int score : {5, 5, 4, 4, 4, 3, 2, 1, 5, 4}) CHECK(csat.add(score));
    CHECK_FALSE(csat.add(6));
    CHECK_FALSE(csat.add(0));
    const auto s = csat.summary();
    CHECK(s.n == 10);
    CHECK(s.in_box == 7);
    CHECK(s.percent == Approx(70));
    // Wilson 95% for 7/10: [39.677, 89.221]
    CHECK(s.percent_interval.low == Approx(39.677322).epsilon(1e-5));
    CHECK(s.percent_interval.high == Approx(89.221071).epsilon(1e-5));
    CHECK(s.mean == Approx(3.7));
    // sample sd = sqrt(16.1 / 9) = 1.337494; half-width 1.96 * 1.337494 / sqrt(10) = 0.828988
    CHECK(s.mean_interval.low == Approx(2.871012).epsilon(1e-6));
    CHECK(s.mean_interval.high == Approx(4.528988).epsilon(1e-6));
    CHECK(s.distribution == std::vector<std::int64_t>{1, 1, 1, 4, 3});
}

TEST_CASE("CSAT on longer scales takes its top two boxes") {
    SUBCASE("1-7: 6 and 7") {
        auto csat = sada::csat_accumulator(7);
        for (int score : {7, 6, 5, 4}) csat.add(score);
        CHECK(csat.summary().in_box == 2);
    }
    SUBCASE("1-10: 9 and 10") {
        auto csat = sada::csat_accumulator(10);
        for (int score : {10, 9, 8, 1}) csat.add(score);
        CHECK(csat.summary().in_box == 2);
        CHECK(csat.summary().percent == Approx(50));
    }
}

TEST_CASE("CES reports the mean and the share agreeing") {
    SUBCASE("CES 2.0 on 1-7: agree is 5-7") {
        auto ces = sada::ces_accumulator();
        for (int score : {7, 6, 5, 5, 4, 3, 7, 2, 6, 1}) CHECK(ces.add(score));
        const auto s = ces.summary();
        CHECK(s.n == 10);
        CHECK(s.in_box == 6);
        CHECK(s.percent == Approx(60));
        CHECK(s.mean == Approx(4.6));
        // Wilson 95% for 6/10: [31.267, 83.182]
        CHECK(s.percent_interval.low == Approx(31.2670).epsilon(1e-4));
        CHECK(s.percent_interval.high == Approx(83.1821).epsilon(1e-4));
    }
    SUBCASE("the 1-5 variant: agree is 4-5") {
        auto ces = sada::ces_accumulator(5);
        for (int score : {5, 4, 3, 2, 1}) ces.add(score);
        CHECK_FALSE(ces.add(6));
        CHECK(ces.summary().in_box == 2);
        CHECK(ces.summary().percent == Approx(40));
        CHECK(ces.summary().mean == Approx(3));
    }
}

TEST_CASE("merged accumulators give the same figures as one over all answers") {
    const std::vector<int> scores{10, 10, 10, 9, 9, 8, 7, 6, 3, 0, 4, 9, 10};
    sada::NpsAccumulator all, left, right;
    auto csat_all = sada::csat_accumulator(10), csat_left = sada::csat_accumulator(10), csat_right = sada::csat_accumulator(10);
    for (std::size_t i = 0; i < scores.size(); ++i) {
        all.add(scores[i]);
        (i % 3 == 0 ? left : right).add(scores[i]);
        if (scores[i] >= 1) {
            csat_all.add(scores[i]);
            (i % 2 == 0 ? csat_left : csat_right).add(scores[i]);
        }
    }
    left.merge(right);
    CHECK(left.summary().nps == Approx(all.summary().nps));
    CHECK(left.summary().margin == Approx(all.summary().margin));
    CHECK(left.summary().distribution == all.summary().distribution);
    REQUIRE(csat_left.merge(csat_right).ok());
    CHECK(csat_left.summary().percent == Approx(csat_all.summary().percent));
    CHECK(csat_left.summary().mean_interval.low == Approx(csat_all.summary().mean_interval.low));
}

TEST_CASE("accumulators on different scales refuse to merge") {
    auto csat5 = sada::csat_accumulator(5);
    csat5.add(5);
    const auto csat7 = sada::csat_accumulator(7);
    const auto merged = csat5.merge(csat7);
    CHECK_FALSE(merged.ok());
    CHECK(merged.error().code == "scale_mismatch");
    CHECK(csat5.n() == 1);  // unchanged
}

TEST_CASE("a single answer gives the whole scale as the mean interval") {
    auto ces = sada::ces_accumulator();
    ces.add(6);
    const auto s = ces.summary();
    CHECK(s.mean == Approx(6));
    CHECK(s.mean_interval.low == Approx(1));
    CHECK(s.mean_interval.high == Approx(7));
}
