// Tests of the synthetic export generator: determinism, order, validity against the demo shop's
// surveys, ids, and the structure (scores, segments, texts) the analysts' demos rely on.
#include "sada/json_text.hpp"
#include "sada/message.hpp"
#include "sada/response.hpp"
#include "sada/response_id.hpp"
#include "sada/survey.hpp"
#include "sada/synthetic.hpp"
#include "sada/timestamp.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using nlohmann::json;

namespace {

std::vector<std::string> generate(std::int64_t count, std::uint64_t seed = 1, std::string site = "demo") {
    sada::SyntheticOptions options;
    options.count = count;
    options.seed = seed;
    options.site = std::move(site);
    std::vector<std::string> lines;
    sada::generate_export_lines(options, [&](std::string_view line) { lines.emplace_back(line); });
    return lines;
}

json parse_line(const std::string& line) {
    auto parsed = sada::parse_json_text(line);
    REQUIRE_MESSAGE(parsed.ok(), line);
    return std::move(parsed).value();
}

// The demo shop's surveys from host_page/sites.json, by id, and the built-in message survey.
// Empty when the file cannot be read (the wasm build runs without the host's file system).
std::map<std::string, sada::SurveyDefinition> demo_surveys() {
    std::ifstream file(SADA_TEST_DATA_DIR "/../../host_page/sites.json");
    if (!file) return {};
    std::stringstream text;
    text << file.rdbuf();
    auto document = sada::parse_json_text(text.str());
    REQUIRE(document.ok());
    std::map<std::string, sada::SurveyDefinition> surveys;
    for (const json& survey : document.value()["sites"][0]["surveys"]) {
        auto parsed = sada::parse_survey(survey);
        REQUIRE(parsed.ok());
        surveys.emplace(parsed.survey->id, *parsed.survey);
    }
    surveys.emplace(std::string(sada::kMessageSurveyId), sada::message_survey());
    return surveys;
}

std::int64_t time_ms(const std::string& text) {
    const auto ms = sada::parse_rfc3339_ms(text);
    REQUIRE(ms.has_value());
    return *ms;
}

// The members the statistics need, read by position: the lines have one fixed layout, and parsing
// tens of thousands of whole lines is slow under the sanitizers (the validity test parses fully).
struct Fields {
    std::string survey, device, locale, plan, country, visitor, id, submitted_at;
    json answers;
};

std::string member(const std::string& line, const std::string& key) {
    const std::string pattern = "\"" + key + "\":\"";
    const std::size_t start = line.find(pattern);
    if (start == std::string::npos) return {};
    const std::size_t from = start + pattern.size();
    return line.substr(from, line.find('"', from) - from);
}

Fields fields(const std::string& line) {
    Fields f{member(line, "survey_id"), member(line, "device"),  member(line, "locale"),  member(line, "plan"),
             member(line, "country"),   member(line, "visitor"), member(line, "id"),      member(line, "submitted_at"),
             json()};
    const std::size_t from = line.find("\"answers\":") + 10, to = line.find(",\"context\":");
    auto parsed = sada::parse_json_text(std::string_view(line).substr(from, to - from));
    REQUIRE_MESSAGE(parsed.ok(), line);
    f.answers = std::move(parsed).value();
    return f;
}

std::vector<Fields> generate_fields(std::int64_t count, std::uint64_t seed) {
    std::vector<Fields> out;
    for (const std::string& line : generate(count, seed)) out.push_back(fields(line));
    return out;
}

bool has_arabic_script(std::string_view text) {  // U+0600..U+06FF: lead bytes 0xD8..0xDB
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0xD8 && byte <= 0xDB) return true;
    }
    return false;
}

double mean(const std::vector<int>& values) {
    double sum = 0;
    for (int v : values) sum += v;
    return values.empty() ? 0 : sum / static_cast<double>(values.size());
}

double share(const std::vector<int>& values, int from, int to) {
    int hits = 0;
    for (int v : values) hits += v >= from && v <= to ? 1 : 0;
    return values.empty() ? 0 : static_cast<double>(hits) / static_cast<double>(values.size());
}

double nps(const std::vector<int>& scores) { return 100 * (share(scores, 9, 10) - share(scores, 0, 6)); }

}  // namespace

TEST_CASE("synthetic: the same seed and options give byte-identical lines; another seed differs") {
    const auto first = generate(2000, 7);
    CHECK(first == generate(2000, 7));

    const auto other = generate(2000, 8);
    REQUIRE(other.size() == first.size());
    int same = 0;
    for (std::size_t i = 0; i < first.size(); ++i) same += first[i] == other[i] ? 1 : 0;
    CHECK(same == 0);
}

TEST_CASE("synthetic: count lines with seq 1..count in order, one line each, the site as given") {
    CHECK(generate(0).empty());
    CHECK(generate(-5).empty());

    const auto lines = generate(500, 3, "shop \"north\"");
    REQUIRE(lines.size() == 500);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        CHECK(lines[i].find('\n') == std::string::npos);
        const json line = parse_line(lines[i]);
        CHECK(line["seq"] == static_cast<std::int64_t>(i + 1));
        CHECK(line["site"] == "shop \"north\"");
    }
}

TEST_CASE("synthetic: every line is the server's export line of a response valid against its survey") {
    const auto surveys = demo_surveys();
#ifdef __EMSCRIPTEN__
    if (surveys.empty()) {
        MESSAGE("host_page/sites.json is not readable in this build; checked by the native run");
        return;
    }
#endif
    REQUIRE(surveys.size() == 6);
    const std::map<std::string, std::string> stage_of = {
        {"home-nps", "awareness"}, {"product-csat", "research"}, {"cart-exit", "pre-purchase"},
        {"checkout-ces", "purchase"}, {"support-csat", "post-purchase"}};
    const std::set<std::string> browsers = {"chrome", "firefox", "safari", "edge", "samsung"};
    const sada::SyntheticOptions defaults;
    std::map<std::string, int> seen;
    std::int64_t last_received = 0;

    for (const std::string& text : generate(3000, 11)) {
        const json line = parse_line(text);
        const std::string survey_id = line["response"]["survey_id"].get<std::string>();
        const auto survey = surveys.find(survey_id);
        REQUIRE_MESSAGE(survey != surveys.end(), survey_id);
        ++seen[survey_id];

        auto parsed = sada::parse_response(line["response"]);
        REQUIRE_MESSAGE(parsed.ok(), text);
        const sada::Response& response = *parsed.response;
        const sada::Problems problems = sada::validate_response(response, survey->second);
        CHECK_MESSAGE(problems.empty(), text);

        // Byte for byte what sada-server's export writes for this stored response.
        const std::int64_t received = time_ms(line["received_at"].get<std::string>());
        const json client{{"device_class", line["client"]["device_class"]}, {"browser", line["client"]["browser"]}};
        const std::string expected = "{\"seq\":" + std::to_string(line["seq"].get<std::int64_t>()) +
                                     ",\"site\":" + json("demo").dump() + ",\"received_at\":\"" +
                                     sada::format_rfc3339_ms(received) + "\",\"client\":" + client.dump() +
                                     ",\"response\":" + json(response).dump() +
                                     ",\"questions\":" + sada::question_summary(survey->second).dump() + "}";
        CHECK(text == expected);

        const sada::ResponseContext& ctx = response.context;
        CHECK(ctx.device == line["client"]["device_class"]);
        CHECK(browsers.count(line["client"]["browser"].get<std::string>()) == 1);
        CHECK(ctx.channel == "web");
        CHECK((ctx.locale == "en" || ctx.locale == "fa"));
        CHECK((ctx.page.rfind("/fa/", 0) == 0) == (ctx.locale == "fa"));
        if (survey_id != "_message") CHECK(ctx.stage == stage_of.at(survey_id));
        CHECK(sada::journey_stage_from_string(ctx.stage).has_value());
        CHECK(ctx.visitor.size() == 24);
        CHECK(ctx.attributes.size() == 2);
        const std::string plan = ctx.attributes["plan"].get<std::string>();
        const std::string country = ctx.attributes["country"].get<std::string>();
        CHECK(std::set<std::string>{"free", "plus", "gold"}.count(plan) == 1);
        CHECK(std::set<std::string>{"IR", "DE", "US", "TR", "AE"}.count(country) == 1);

        CHECK(response.submitted_at_ms >= defaults.start_ms);
        CHECK(response.submitted_at_ms < defaults.end_ms);
        CHECK(received - response.submitted_at_ms >= 100);
        CHECK(received - response.submitted_at_ms <= 6000);
        CHECK(received >= last_received);  // seq order is the order the server received them
        last_received = received;
    }
    CHECK(seen.size() == 6);  // every survey and messages appear
}

TEST_CASE("synthetic: ids are unique lower-case UUIDv7s of submitted_at, increasing with seq") {
    // 5000 lines in one second: several per millisecond, so the counter must keep them ordered.
    sada::SyntheticOptions options;
    options.count = 5000;
    options.end_ms = options.start_ms + 1000;
    std::vector<std::string> lines;
    sada::generate_export_lines(options, [&](std::string_view line) { lines.emplace_back(line); });
    std::string last_id;
    std::int64_t last_submitted = 0;
    std::set<std::string> ids;
    for (const std::string& line : lines) {
        const std::string id = member(line, "id");
        REQUIRE(sada::is_uuid(id));
        CHECK(id == sada::canonical_uuid(id));
        CHECK(id[14] == '7');
        const std::int64_t submitted = time_ms(member(line, "submitted_at"));
        CHECK(sada::uuid_v7_timestamp_ms(id) == submitted);
        CHECK(submitted >= last_submitted);
        CHECK(id > last_id);
        CHECK(submitted >= options.start_ms);
        CHECK(submitted < options.end_ms);
        ids.insert(id);
        last_id = id;
        last_submitted = submitted;
    }
    CHECK(ids.size() == lines.size());
}

TEST_CASE("synthetic: scores have the friction, segments and trend a journey map should find") {
    const auto lines = generate_fields(30000, 5);
    std::map<std::string, std::vector<int>> ces_by_device, nps_by_plan;
    std::vector<int> research_csat, support_csat, nps_early, nps_late;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const Fields& line = lines[i];
        if (line.survey == "checkout-ces") ces_by_device[line.device].push_back(line.answers["ces"].get<int>());
        if (line.survey == "product-csat") research_csat.push_back(line.answers["csat"].get<int>());
        if (line.survey == "support-csat") support_csat.push_back(line.answers["csat"].get<int>());
        if (line.survey == "home-nps") {
            const int score = line.answers["nps"].get<int>();
            nps_by_plan[line.plan].push_back(score);
            if (i < lines.size() / 3) nps_early.push_back(score);
            if (i >= lines.size() * 2 / 3) nps_late.push_back(score);
        }
    }
    // Purchase on mobile is the friction point: lower CES, fewer agree than on desktop.
    CHECK(mean(ces_by_device["mobile"]) < mean(ces_by_device["desktop"]) - 1.0);
    CHECK(share(ces_by_device["mobile"], 5, 7) < share(ces_by_device["desktop"], 5, 7) - 0.2);
    // Research is good: CSAT's top two boxes beat mobile checkout's agreement clearly.
    CHECK(mean(research_csat) > 3.9);
    CHECK(share(research_csat, 4, 5) > share(ces_by_device["mobile"], 5, 7) + 0.15);
    // Post-purchase support is mixed: a real dissatisfied group next to a satisfied one.
    CHECK(share(support_csat, 1, 2) > 0.2);
    CHECK(share(support_csat, 4, 5) > 0.45);
    // NPS improves over the period, and gold customers are happier than free ones.
    CHECK(nps(nps_late) > nps(nps_early) + 4);
    CHECK(nps(nps_by_plan["gold"]) > nps(nps_by_plan["free"]) + 10);
}

TEST_CASE("synthetic: locales, devices and returning visitors who keep their traits") {
    const auto lines = generate_fields(12000, 9);
    std::map<std::string, int> locales, devices;
    std::map<std::string, std::string> traits;  // visitor -> locale, plan, country
    int changed = 0;
    for (const Fields& line : lines) {
        ++locales[line.locale];
        ++devices[line.device];
        const std::string trait = line.locale + "/" + line.plan + "/" + line.country;
        const auto [it, inserted] = traits.emplace(line.visitor, trait);
        changed += !inserted && it->second != trait ? 1 : 0;
    }
    const double n = static_cast<double>(lines.size());
    CHECK(locales["en"] / n == doctest::Approx(0.55).epsilon(0.1));
    CHECK(locales["fa"] / n == doctest::Approx(0.45).epsilon(0.1));
    CHECK(devices["mobile"] / n == doctest::Approx(0.60).epsilon(0.1));
    CHECK(devices["desktop"] / n == doctest::Approx(0.35).epsilon(0.1));
    CHECK(devices["tablet"] / n == doctest::Approx(0.05).epsilon(0.3));
    CHECK(traits.size() < lines.size() / 2);  // visitors answer several times
    CHECK(changed == 0);
}

TEST_CASE("synthetic: comments and messages follow the locale and the score, and vary") {
    const auto lines = generate_fields(12000, 13);
    int detractors = 0, promoters = 0, why_low = 0, why_high = 0, messages = 0, questions = 0, zwnj = 0;
    std::set<std::string> low_texts, high_texts, message_texts;
    for (const Fields& line : lines) {
        const bool fa = line.locale == "fa";
        for (const auto& [question, value] : line.answers.items()) {
            if (!value.is_string() || question == "stopper") continue;
            const std::string text = value.get<std::string>();
            CHECK_MESSAGE(has_arabic_script(text) == fa, text);
            if (fa) {
                // Persian letters, not their Arabic look-alikes (U+064A yeh, U+0643 kaf).
                CHECK(text.find("\xD9\x8A") == std::string::npos);
                CHECK(text.find("\xD9\x83") == std::string::npos);
                zwnj += text.find("\xE2\x80\x8C") != std::string::npos ? 1 : 0;
            }
        }
        if (line.survey == "home-nps") {
            const int score = line.answers["nps"].get<int>();
            detractors += score <= 6 ? 1 : 0;
            promoters += score >= 9 ? 1 : 0;
            if (line.answers.contains("why_low")) {
                ++why_low;
                low_texts.insert(line.answers["why_low"].get<std::string>());
            }
            if (line.answers.contains("why_high")) {
                ++why_high;
                high_texts.insert(line.answers["why_high"].get<std::string>());
            }
        }
        if (line.survey == "_message") {
            const std::string text = line.answers["message"].get<std::string>();
            ++messages;
            message_texts.insert(text);
            questions += text.find('?') != std::string::npos || text.find("؟") != std::string::npos ? 1 : 0;
        }
    }
    // About half of those asked write a comment.
    CHECK(static_cast<double>(why_low) / detractors == doctest::Approx(0.55).epsilon(0.2));
    CHECK(static_cast<double>(why_high) / promoters == doctest::Approx(0.45).epsilon(0.2));
    // Detractors and promoters never say the same thing.
    for (const std::string& text : low_texts) CHECK(high_texts.count(text) == 0);
    CHECK(zwnj > 100);
    // Messages vary, and mix questions with other intents.
    CHECK(message_texts.size() > static_cast<std::size_t>(messages) / 2);
    CHECK(static_cast<double>(questions) / messages > 0.2);
    CHECK(static_cast<double>(questions) / messages < 0.7);
}
