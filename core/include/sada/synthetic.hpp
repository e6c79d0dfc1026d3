// Synthetic admin-export lines (NDJSON) for the analysts' demos and benchmarks: the demo shop's
// surveys and visitor messages with realistic, deterministic structure (see the comment below).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace sada {

struct SyntheticOptions {
    std::int64_t count = 1000;                  // lines to produce
    std::uint64_t seed = 1;                     // same seed + options -> byte-identical output
    std::int64_t start_ms = 1'767'225'600'000;  // 2026-01-01T00:00:00Z; responses spread over [start_ms, end_ms)
    std::int64_t end_ms = 1'782'864'000'000;    // 2026-07-01T00:00:00Z
    std::string site = "demo";
};

// Calls emit once per line, in increasing "seq" (1..count) order, with one line (no newline) in
// the format of the server's admin export (docs/api.md, "Line format"), byte for byte as the
// server writes it: {"seq","site","received_at","client","response","questions"}.
//
// What the data holds (host_page/sites.json's surveys, each valid against its definition):
// - home-nps (awareness, "/" or "/fa/"), product-csat (research), cart-exit (pre-purchase),
//   checkout-ces (purchase), support-csat (post-purchase) and visitor messages ("_message", from
//   every stage's page), about 28/20/12/16/11/13 percent of lines.
// - Visitors answer several times (about 4 lines each, mostly within a few weeks); a visitor
//   keeps their id, locale (en 55%, fa 45%; Persian pages under /fa/), plan (free/plus/gold),
//   country (IR, DE, US, TR, AE; fa visitors mostly IR) and usually their device (mobile 60%,
//   desktop 35%, tablet 5%) and browser.
// - Friction to find: checkout CES is clearly worse on mobile (mean ~4.5 against ~5.9 on
//   desktop); support CSAT is mixed (a satisfied and a dissatisfied group; worse for TR/AE/US,
//   better for gold); product CSAT (research) is good; gold visitors score higher everywhere.
// - Trend: NPS improves by about ten points over [start_ms, end_ms). Incident: from 55% to 59%
//   of the period a payment outage lowers checkout CES and fills purchase messages with
//   technical issues.
// - Comments (about half of those asked) and messages come from English and Persian templates
//   with slots (products, couriers, order numbers, days), the intent following the score:
//   detractors complain or report technical issues, promoters praise; messages mix questions,
//   complaints, technical issues, requests and praise, by stage.
// - Times follow a daily rhythm (evenings in Iran busiest); ids are UUIDv7 of submitted_at,
//   strictly increasing with seq (past ~4000 lines in one millisecond, times move forward to keep
//   them so); received_at is 0.1 to 6 s after submitted_at and never decreases.
// Deterministic: no clock, no system randomness, integer and IEEE double arithmetic only.
void generate_export_lines(const SyntheticOptions& options, const std::function<void(std::string_view line)>& emit);

}  // namespace sada
