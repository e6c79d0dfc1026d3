// Synthetic admin-export lines: the demo shop's surveys and messages, with the structure the
// header describes, written straight into one reused string (no JSON trees) for speed.
#include "sada/synthetic.hpp"

#include "sada/timestamp.hpp"
#include "synthetic_texts.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <span>

namespace sada {
namespace {

// ---------------------------------------------------------------- randomness (xoshiro256**)

std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        for (auto& word : s_) word = splitmix64(seed);
    }
    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    bool chance(double p) { return uniform() < p; }
    std::uint64_t below(std::uint64_t n) {  // [0, n), n >= 1
        return std::min(n - 1, static_cast<std::uint64_t>(uniform() * static_cast<double>(n)));
    }
    int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo + 1))); }
    // Standard normal, approximately (Irwin-Hall of 4): only + - * so every platform agrees. The
    // draws are sequenced: the operands of + may be evaluated in any order.
    double normal() {
        double sum = uniform();
        for (int i = 0; i < 3; ++i) sum += uniform();
        return (sum - 2.0) * 1.7320508075688772;
    }
    template <std::size_t N>
    int pick(const std::array<double, N>& weights) {
        double total = 0;
        for (double w : weights) total += w;
        double u = uniform() * total;
        for (std::size_t i = 0; i + 1 < N; ++i) {
            if (u < weights[i]) return static_cast<int>(i);
            u -= weights[i];
        }
        return static_cast<int>(N - 1);
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<std::uint64_t, 4> s_{};
};

int scale_score(Rng& rng, double mean, double sd, int lo, int hi) {
    const double value = std::floor(mean + sd * rng.normal() + 0.5);
    return static_cast<int>(std::clamp(value, static_cast<double>(lo), static_cast<double>(hi)));
}

using namespace synthetic_texts;

// ---------------------------------------------------------------- the shop's model

enum Kind { home_nps, product_csat, cart_exit, checkout_ces, support_csat, message, kKinds };
constexpr std::array<double, kKinds> kKindWeights{0.28, 0.20, 0.12, 0.16, 0.11, 0.13};
constexpr std::string_view kSurveyIds[kKinds] = {"home-nps", "product-csat", "cart-exit", "checkout-ces",
                                                 "support-csat", "_message"};
// sada::question_summary of each definition, as nlohmann::json dumps it (keys sorted).
constexpr std::string_view kQuestions[kKinds] = {
    R"({"nps":{"max":10,"min":0,"type":"nps"},"why_high":{"type":"text"},"why_low":{"type":"text"}})",
    R"({"csat":{"max":5,"min":1,"type":"csat"},"missing":{"type":"multi_choice"}})",
    R"({"more":{"type":"text"},"stopper":{"type":"single_choice"}})",
    R"({"ces":{"max":7,"min":1,"type":"ces"}})",
    R"({"comment":{"type":"text"},"csat":{"max":5,"min":1,"type":"csat"}})",
    R"({"message":{"type":"text"}})"};

enum Stage { awareness, research, pre_purchase, purchase, post_purchase };
constexpr std::string_view kStages[] = {"awareness", "research", "pre-purchase", "purchase", "post-purchase"};
constexpr std::string_view kPages[2][5] = {
    {"/", "/product.html", "/cart.html", "/checkout.html", "/orders.html"},
    {"/fa/", "/fa/product.html", "/fa/cart.html", "/fa/checkout.html", "/fa/orders.html"}};
constexpr Stage kKindStage[kKinds] = {awareness, research, pre_purchase, purchase, post_purchase, awareness};
constexpr std::array<double, 5> kMessageStageWeights{0.20, 0.20, 0.10, 0.20, 0.30};
// Message intents (praise, complaint, technical, question, request) by stage.
constexpr std::array<double, 5> kMessageIntents[5] = {
    {0.15, 0.10, 0.10, 0.45, 0.20}, {0.10, 0.10, 0.10, 0.50, 0.20}, {0.05, 0.20, 0.20, 0.40, 0.15},
    {0.05, 0.20, 0.45, 0.20, 0.10}, {0.15, 0.35, 0.10, 0.25, 0.15}};

enum Device { mobile, desktop, tablet };
constexpr std::string_view kDevices[] = {"mobile", "desktop", "tablet"};
constexpr std::array<double, 3> kDeviceWeights{0.60, 0.35, 0.05};
constexpr std::string_view kBrowsers[] = {"chrome", "firefox", "safari", "edge", "samsung"};
constexpr std::array<double, 5> kBrowserWeights[3] = {
    {0.52, 0.03, 0.30, 0.01, 0.14}, {0.62, 0.12, 0.12, 0.14, 0.0}, {0.38, 0.02, 0.55, 0.01, 0.04}};
constexpr std::string_view kPlans[] = {"free", "plus", "gold"};
constexpr std::array<double, 3> kPlanWeights{0.60, 0.28, 0.12};
constexpr std::string_view kCountries[] = {"IR", "DE", "US", "TR", "AE"};
constexpr std::array<double, 5> kCountryWeights[2] = {{0.12, 0.28, 0.30, 0.14, 0.16},   // en
                                                     {0.78, 0.08, 0.03, 0.06, 0.05}};  // fa

// Score shifts: by device (mobile, desktop, tablet) and by plan (free, plus, gold).
constexpr double kNpsDevice[] = {-0.35, 0.25, -0.10};
constexpr double kNpsPlan[] = {-0.10, 0.20, 0.60};
constexpr double kCsatDevice[] = {-0.10, 0.10, 0.0};
constexpr double kCesDevice[] = {4.5, 5.9, 5.4};  // checkout-ces means: the friction is mobile

// Visitors per hour of the day (UTC); Iran (UTC+3:30) evenings are busiest.
constexpr std::array<double, 24> kHourWeights{2.0, 1.5, 1.2, 1.5, 2.5, 3.5, 4.5, 5.0, 5.5, 5.5, 5.5, 5.5,
                                              6.0, 6.0, 6.5, 7.0, 7.5, 7.5, 7.0, 6.0, 5.0, 4.0, 3.0, 2.5};

// What stays the same for one synthetic visitor, derived from the seed and the visitor's number.
struct Visitor {
    char id[24];
    int fa, device, browser, plan, country;
    double disposition;  // ~N(0, 1): some people rate higher than others
};

Visitor make_visitor(std::uint64_t seed, std::uint64_t number) {
    Rng rng(seed ^ (number * 0xD1B54A32D192ED03ULL + 0x8CB92BA72F3D8DD7ULL));
    Visitor v{};
    static constexpr char kHex[] = "0123456789abcdef";
    const std::uint64_t a = rng.next(), b = rng.next();
    for (int i = 0; i < 16; ++i) v.id[i] = kHex[(a >> (60 - 4 * i)) & 0xF];
    for (int i = 0; i < 8; ++i) v.id[16 + i] = kHex[(b >> (60 - 4 * i)) & 0xF];
    v.fa = rng.chance(0.45) ? 1 : 0;
    v.device = rng.pick(kDeviceWeights);
    v.browser = rng.pick(kBrowserWeights[v.device]);
    v.plan = rng.pick(kPlanWeights);
    v.country = rng.pick(kCountryWeights[v.fa]);
    v.disposition = rng.normal();
    return v;
}

// ---------------------------------------------------------------- writing

void append_int(std::string& out, std::int64_t value) {
    char buffer[24];
    out.append(buffer, static_cast<std::size_t>(std::to_chars(buffer, buffer + sizeof buffer, value).ptr - buffer));
}

void append_digits(std::string& out, unsigned value, int width) {
    char buffer[8];
    for (int i = width - 1; i >= 0; --i, value /= 10) buffer[i] = static_cast<char>('0' + value % 10);
    out.append(buffer, static_cast<std::size_t>(width));
}

// "YYYY-MM-DDTHH:MM:SS.mmmZ", as format_rfc3339_ms writes it, without a temporary string.
void append_time(std::string& out, std::int64_t ms) {
    const std::int64_t days = utc_day(ms);
    const std::int64_t rest = ms - days * kDayMs;
    int year = 0;
    unsigned month = 0, day = 0;
    civil_from_days(days, year, month, day);
    const auto in_day = static_cast<unsigned>(rest);
    append_digits(out, static_cast<unsigned>(std::clamp(year, 0, 9999)), 4);
    out += '-', append_digits(out, month, 2), out += '-', append_digits(out, day, 2);
    out += 'T', append_digits(out, in_day / 3'600'000, 2), out += ':', append_digits(out, in_day / 60'000 % 60, 2);
    out += ':', append_digits(out, in_day / 1000 % 60, 2), out += '.', append_digits(out, in_day % 1000, 3);
    out += 'Z';
}

void append_json_string(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\', out += c;
        } else if (byte < 0x20) {
            out += "\\u00", out += kHex[byte >> 4], out += kHex[byte & 0xF];
        } else {
            out += c;
        }
    }
    out += '"';
}

// The lowercase UUIDv7 text: 48-bit ms, version 7, 12-bit counter, variant 10, 62 random bits.
void append_uuid_v7(std::string& out, std::int64_t ms, unsigned counter, std::uint64_t random) {
    static constexpr char kHex[] = "0123456789abcdef";
    const auto time = static_cast<std::uint64_t>(ms);
    const std::uint64_t high = (time << 16) | 0x7000 | (counter & 0xFFF);
    const std::uint64_t low = (random >> 2) | 0x8000000000000000ULL;
    for (int i = 0; i < 16; ++i) {
        if (i == 8 || i == 12) out += '-';
        out += kHex[(high >> (60 - 4 * i)) & 0xF];
    }
    for (int i = 0; i < 16; ++i) {
        if (i == 0 || i == 4) out += '-';
        out += kHex[(low >> (60 - 4 * i)) & 0xF];
    }
}

// Digits as the visitor typed them: Persian writers often use Persian digits (U+06F0..U+06F9).
void append_number(std::string& out, std::int64_t value, bool persian_digits) {
    char buffer[24];
    const char* end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    for (const char* c = buffer; c != end; ++c) {
        if (persian_digits && *c >= '0' && *c <= '9') {
            out += '\xDB', out += static_cast<char>(0xB0 + (*c - '0'));
        } else {
            out += *c;
        }
    }
}

class LineWriter {
public:
    explicit LineWriter(const SyntheticOptions& options) : options_(options), rng_(options.seed) {
        append_json_string(site_json_, options.site);
        span_ = std::max<std::int64_t>(1, options.end_ms - options.start_ms);
        visitors_ = static_cast<std::uint64_t>(std::max<std::int64_t>(1, options.count / 4));
        double total = 0;
        for (double w : kHourWeights) total += w;
        for (std::size_t h = 0; h < 24; ++h) hour_cdf_[h + 1] = hour_cdf_[h] + kHourWeights[h] / total;
        hour_cdf_[24] = 1.0;
        shaped_start_ = to_shaped(static_cast<double>(options.start_ms));
        shaped_span_ = to_shaped(static_cast<double>(options.start_ms + span_)) - shaped_start_;
        line_.reserve(1024);
    }

    std::string_view line(std::int64_t index);

private:
    double to_shaped(double t) const;
    double from_shaped(double s) const;
    std::int64_t submitted_ms(double x) const;
    void append_text(Intent intent, bool fa, std::size_t first = 0, std::size_t limit = 0);
    void append_message(Stage stage, bool fa, int device, double progress);
    void append_answers(Kind kind, const Visitor& visitor, int device, double progress);

    const SyntheticOptions& options_;
    Rng rng_;
    std::string site_json_, line_;
    std::int64_t span_ = 1;
    std::uint64_t visitors_ = 1;
    std::array<double, 25> hour_cdf_{};
    double shaped_start_ = 0, shaped_span_ = 1;
    std::int64_t last_ms_ = INT64_MIN, last_received_ms_ = INT64_MIN;
    unsigned counter_ = 0;
};

// Times follow the hourly weights: each day's hours are stretched or squeezed by their weight.
// to_shaped maps real time to that shaped time axis (monotonic, one day to one day), from_shaped
// back, so a time spread evenly on the shaped axis between the images of start_ms and end_ms
// lands in [start_ms, end_ms) with the daily rhythm, whatever the period's length.
double LineWriter::to_shaped(double t) const {
    const double day = std::floor(t / kDayMs);
    const double hours = std::clamp((t - day * kDayMs) / 3'600'000.0, 0.0, 24.0);
    const auto h = static_cast<std::size_t>(std::min(23.0, std::floor(hours)));
    const double within = (hours - static_cast<double>(h)) * (hour_cdf_[h + 1] - hour_cdf_[h]);
    return day * kDayMs + kDayMs * (hour_cdf_[h] + within);
}

double LineWriter::from_shaped(double s) const {
    const double day = std::floor(s / kDayMs);
    const double u = (s - day * kDayMs) / kDayMs;
    std::size_t h = 0;
    while (h < 23 && u >= hour_cdf_[h + 1]) ++h;
    const double hours = static_cast<double>(h) + (u - hour_cdf_[h]) / (hour_cdf_[h + 1] - hour_cdf_[h]);
    return day * kDayMs + std::clamp(hours, 0.0, 24.0) * 3'600'000.0;
}

// The submitted time for x in [0, 1): monotonic in x, in [start_ms, end_ms).
std::int64_t LineWriter::submitted_ms(double x) const {
    const auto ms = static_cast<std::int64_t>(std::floor(from_shaped(shaped_start_ + x * shaped_span_)));
    return std::clamp(ms, options_.start_ms, options_.start_ms + span_ - 1);
}

// One filled template of `intent` (from [first, first + limit) when limit > 0) into the line.
void LineWriter::append_text(Intent intent, bool fa, std::size_t first, std::size_t limit) {
    const Texts texts = kTexts[intent][fa ? 1 : 0];
    const std::size_t choices = limit > 0 ? limit : texts.size() - first;
    const std::string_view text = texts[first + static_cast<std::size_t>(rng_.below(choices))];
    const bool bad_news = intent == complaint || intent == technical || intent == cart_shipping;
    const bool persian_digits = fa && rng_.chance(0.5);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '{' || i + 2 >= text.size() || text[i + 2] != '}') {
            line_ += text[i];
            continue;
        }
        switch (text[i + 1]) {
            case 'p': line_ += kProducts[fa][rng_.below(12)]; break;
            case 'c': line_ += kCouriers[fa][rng_.below(5)]; break;
            case 'o':
                if (!fa || rng_.chance(0.6)) line_ += '#';
                append_number(line_, rng_.between(10000, 99999), persian_digits);
                break;
            default:
                append_number(line_, bad_news ? rng_.between(4, 14) : rng_.between(2, 5), persian_digits);
                break;
        }
        i += 2;
    }
}

void LineWriter::append_message(Stage stage, bool fa, int device, double progress) {
    std::array<double, 5> weights = kMessageIntents[stage];
    if (device == mobile) weights[technical] *= 1.3;
    if (stage == purchase && progress >= 0.55 && progress < 0.59) weights[technical] *= 4;  // the outage
    const auto intent = static_cast<Intent>(rng_.pick(weights));
    if (rng_.chance(fa ? 0.45 : 0.35)) line_ += kGreetings[fa][rng_.below(3)];
    append_text(intent, fa);
    if (rng_.chance(0.2)) {  // a second sentence: a follow-up of the same kind, or a request
        line_ += ' ';
        append_text(rng_.chance(0.5) ? intent : request, fa);
    }
    const bool asking = intent == question || intent == request || intent == technical;
    if (asking && rng_.chance(fa ? 0.35 : 0.3)) line_ += kSignoffs[fa][rng_.below(3)];
}

// The "answers" object, keys in sorted order (as the server stores it).
void LineWriter::append_answers(Kind kind, const Visitor& visitor, int device, double progress) {
    const bool fa = visitor.fa != 0;
    const bool outage = progress >= 0.55 && progress < 0.59;
    switch (kind) {
        case home_nps: {
            const double mean = 7.85 + 0.45 * progress + 0.6 * visitor.disposition + kNpsDevice[device] +
                                kNpsPlan[visitor.plan];
            const int nps = scale_score(rng_, mean, 1.9, 0, 10);
            line_ += "{\"nps\":", append_int(line_, nps);
            if (nps >= 9 && rng_.chance(0.45)) {
                line_ += ",\"why_high\":\"", append_text(praise, fa), line_ += '"';
            } else if (nps <= 6 && rng_.chance(0.55)) {
                line_ += ",\"why_low\":\"";
                append_text(rng_.chance(device == desktop ? 0.2 : 0.4) ? technical : complaint, fa);
                line_ += '"';
            }
            line_ += '}';
            return;
        }
        case product_csat: {
            const int csat = scale_score(rng_, 4.15 + kCsatDevice[device] + 0.3 * visitor.disposition, 0.85, 1, 5);
            line_ += "{\"csat\":", append_int(line_, csat);
            if (csat <= 3 && rng_.chance(0.65)) {
                static constexpr std::string_view kOptions[] = {"size", "photos", "reviews"};
                const std::array<double, 3> weights{fa ? 0.40 : 0.25, device == desktop ? 0.30 : 0.50, 0.30};
                const int first = rng_.pick(weights);
                const int second = rng_.chance(0.3) ? rng_.pick(weights) : first;
                line_ += ",\"missing\":[\"", line_ += kOptions[std::min(first, second)], line_ += '"';
                if (second != first) line_ += ",\"", line_ += kOptions[std::max(first, second)], line_ += '"';
                line_ += ']';
            }
            line_ += '}';
            return;
        }
        case cart_exit: {
            static constexpr std::string_view kStoppers[] = {"price", "shipping", "browsing"};
            // Shipping stops visitors abroad more often; on a phone many are just looking.
            const std::array<double, 3> weights{0.34, visitor.country == 0 ? 0.30 : 0.45,
                                                device == mobile ? 0.40 : 0.30};
            const int stopper = rng_.pick(weights);
            line_ += '{';
            if (rng_.chance(stopper == 2 ? 0.2 : 0.4)) {
                line_ += "\"more\":\"", append_text(static_cast<Intent>(cart_price + stopper), fa), line_ += "\",";
            }
            line_ += "\"stopper\":\"", line_ += kStoppers[stopper], line_ += "\"}";
            return;
        }
        case checkout_ces: {
            double mean = kCesDevice[device] + 0.3 * visitor.disposition + (visitor.plan == 2 ? 0.3 : 0.0);
            if (outage) mean -= device == mobile ? 1.8 : 1.0;
            line_ += "{\"ces\":", append_int(line_, scale_score(rng_, mean, 1.2, 1, 7)), line_ += '}';
            return;
        }
        case support_csat: {
            // Two groups: satisfied, and let down (more often abroad: US, TR, AE; less for gold).
            const double unhappy =
                0.38 - 0.10 * progress + (visitor.country >= 2 ? 0.15 : 0.0) - (visitor.plan == 2 ? 0.15 : 0.0);
            const bool bad = rng_.chance(unhappy);
            const int csat = scale_score(rng_, (bad ? 1.9 : 4.5) + 0.2 * visitor.disposition, bad ? 0.8 : 0.6, 1, 5);
            line_ += '{';
            if (rng_.chance(bad ? 0.6 : 0.4)) {
                line_ += "\"comment\":\"";
                if (csat <= 2) {
                    append_text(complaint, fa, 0, kSupportComplaints);
                } else {
                    append_text(csat == 3 ? request : praise, fa);
                }
                line_ += "\",";
            }
            line_ += "\"csat\":", append_int(line_, csat), line_ += '}';
            return;
        }
        default: return;
    }
}

std::string_view LineWriter::line(std::int64_t index) {
    // When: spread over the period in order, each line a little after the one before.
    const double x = (static_cast<double>(index) + rng_.uniform()) / static_cast<double>(options_.count);
    std::int64_t ms = std::max(submitted_ms(x), last_ms_);
    if (ms == last_ms_) {
        if (++counter_ > 0xFFF) ++ms, counter_ = static_cast<unsigned>(rng_.below(256));
    } else {
        counter_ = static_cast<unsigned>(rng_.below(512));
    }
    last_ms_ = ms;
    const double late = rng_.uniform();
    const std::int64_t delay = 100 + static_cast<std::int64_t>(late * late * late * 5900.0);
    const std::int64_t received_ms = std::max(last_received_ms_, ms + delay);
    last_received_ms_ = received_ms;
    const double progress =
        std::clamp(static_cast<double>(ms - options_.start_ms) / static_cast<double>(span_), 0.0, 1.0);

    // Who: mostly a visitor active around this time, sometimes a loyal one from any time.
    std::uint64_t number;
    if (rng_.chance(0.15)) {
        number = rng_.below(visitors_);
    } else {
        const double window = std::max(2.0, static_cast<double>(visitors_) * 0.08);
        const double last = static_cast<double>(visitors_ - 1);
        double centre = x * last + (rng_.uniform() - 0.5) * window;
        // Reflected at both ends, so the first and last visitors are not crowded.
        if (centre < 0) centre = -centre;
        if (centre > last) centre = std::max(0.0, 2 * last - centre);
        number = static_cast<std::uint64_t>(std::clamp(centre, 0.0, last));
    }
    const Visitor visitor = make_visitor(options_.seed, number);
    int device = visitor.device, browser = visitor.browser;
    if (rng_.chance(0.1)) device = rng_.pick(kDeviceWeights), browser = rng_.pick(kBrowserWeights[device]);

    // What: a survey at its stage's page, or a message from any stage.
    const auto kind = static_cast<Kind>(rng_.pick(kKindWeights));
    const auto stage = kind == message ? static_cast<Stage>(rng_.pick(kMessageStageWeights)) : kKindStage[kind];
    const bool fa = visitor.fa != 0;

    line_.clear();
    line_ += "{\"seq\":", append_int(line_, index + 1);
    line_ += ",\"site\":", line_ += site_json_;
    line_ += ",\"received_at\":\"", append_time(line_, received_ms);
    line_ += "\",\"client\":{\"browser\":\"", line_ += kBrowsers[browser];
    line_ += "\",\"device_class\":\"", line_ += kDevices[device];
    line_ += "\"},\"response\":{\"answers\":";
    if (kind == message) {
        line_ += "{\"message\":\"", append_message(stage, fa, device, progress), line_ += "\"}";
    } else {
        append_answers(kind, visitor, device, progress);
    }
    line_ += ",\"context\":{\"attributes\":{\"country\":\"", line_ += kCountries[visitor.country];
    line_ += "\",\"plan\":\"", line_ += kPlans[visitor.plan];
    line_ += "\"},\"channel\":\"web\",\"device\":\"", line_ += kDevices[device];
    line_ += "\",\"locale\":\"", line_ += fa ? "fa" : "en";
    line_ += "\",\"page\":\"";
    const bool index_html = kind == home_nps && rng_.chance(0.08);
    line_ += index_html ? std::string_view(fa ? "/fa/index.html" : "/index.html") : kPages[fa][stage];
    line_ += "\",\"stage\":\"", line_ += kStages[stage];
    line_ += "\",\"visitor\":\"", line_.append(visitor.id, sizeof visitor.id);

    line_ += "\"},\"id\":\"", append_uuid_v7(line_, ms, counter_, rng_.next());
    line_ += "\",\"submitted_at\":\"", append_time(line_, ms);
    line_ += "\",\"survey_id\":\"", line_ += kSurveyIds[kind];
    line_ += "\",\"survey_version\":1},\"questions\":", line_ += kQuestions[kind];
    line_ += '}';
    return line_;
}

}  // namespace

void generate_export_lines(const SyntheticOptions& options, const std::function<void(std::string_view line)>& emit) {
    if (options.count <= 0 || !emit) return;
    LineWriter writer(options);
    for (std::int64_t index = 0; index < options.count; ++index) emit(writer.line(index));
}

}  // namespace sada
