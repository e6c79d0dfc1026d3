// Tests for the sites file: a realistic file loads, the served document and its ETag are canonical,
// and every rule violation is refused with the offending JSON path in the message.
#include "auth.hpp"
#include "sites.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

using nlohmann::json;
using sada::server::parse_sites;

namespace {

json nps_survey() {
    return json::parse(R"({
      "id": "shop-nps", "version": 2,
      "title": {"en": "Quick question", "fa": "یک سؤال کوتاه"},
      "questions": [
        {"id": "nps", "type": "nps", "required": true,
         "text": {"en": "How likely are you to recommend us?", "fa": "چقدر احتمال دارد ما را پیشنهاد کنید؟"}},
        {"id": "why_low", "type": "text", "max_length": 500,
         "text": {"en": "What went wrong?", "fa": "چه مشکلی پیش آمد؟"},
         "show_if": {"question": "nps", "op": "lte", "value": 6}},
        {"id": "why_high", "type": "text",
         "text": {"en": "What did you like most?", "fa": "چه چیزی را بیشتر پسندیدید؟"},
         "show_if": {"question": "nps", "op": "gte", "value": 9}}
      ]})");
}

json csat_survey() {
    return json::parse(R"({
      "id": "support-csat", "version": 1, "title": {"en": "How did we do?"},
      "questions": [{"id": "csat", "type": "csat", "required": true, "text": {"en": "How satisfied are you?"}}],
      "trigger": {"on": "event", "event": "chat_closed"}})");
}

json valid_document() {
    json old_nps = nps_survey();
    old_nps["version"] = 1;
    old_nps["questions"] = json::array({old_nps["questions"][0]});
    json retired = csat_survey();
    retired["id"] = "old-poll";
    return json{{"sites",
                 json::array({json{{"id", "shop"},
                                   {"origins", {"https://shop.example", "http://127.0.0.1:8080"}},
                                   {"admin_token_sha256", sada::server::sha256_hex("secret-token")},
                                   {"surveys", {nps_survey(), csat_survey()}},
                                   {"archived_surveys", {old_nps, retired}},
                                   {"limits", {{"max_body_bytes", 32768}, {"requests_per_second", 5}, {"burst", 20}}}},
                              json{{"id", "blog_2"},
                                   {"origins", {"https://blog.example"}},
                                   {"admin_token_sha256", sada::server::sha256_hex("other")},
                                   {"surveys", json::array()}}})}};
}

sada::Result<sada::server::SitesConfig> parse(const json& document) { return parse_sites(document.dump()); }

// The document must be refused as invalid_sites with `path` (and `also`, when given) in the message.
void check_refused(const json& document, const std::string& path, const std::string& also = "") {
    const auto result = parse(document);
    REQUIRE_FALSE(result.ok());
    INFO(result.error().message);
    CHECK(result.error().code == "invalid_sites");
    CHECK(result.error().message.find(path + ":") != std::string::npos);
    if (!also.empty()) CHECK(result.error().message.find(also) != std::string::npos);
}

}  // namespace

TEST_CASE("a valid sites file with two sites loads with its surveys, limits and defaults") {
    const auto result = parse(valid_document());
    INFO((result.ok() ? std::string() : result.error().message));
    REQUIRE(result.ok());
    REQUIRE(result->sites.size() == 2);
    const sada::server::Site* shop = result->find("shop");
    REQUIRE(shop != nullptr);
    CHECK(shop->origins.size() == 2);
    CHECK(shop->admin_token_sha256 == sada::server::sha256_hex("secret-token"));
    REQUIRE(shop->surveys.size() == 2);
    CHECK(shop->surveys[0].id == "shop-nps");
    CHECK(shop->surveys[0].title.resolve("fa") == "یک سؤال کوتاه");
    CHECK(shop->archived_surveys.size() == 2);
    CHECK(shop->limits.max_body_bytes == 32768);
    CHECK(shop->limits.requests_per_second == 5);
    CHECK(shop->limits.burst == 20);

    const sada::server::Site* blog = result->find("blog_2");
    REQUIRE(blog != nullptr);
    CHECK(blog->surveys.empty());
    CHECK(blog->limits.max_body_bytes == 65536);
    CHECK(blog->limits.requests_per_second == 10);
    CHECK(blog->limits.burst == 30);
    CHECK(blog->surveys_json == R"({"messages":true,"surveys":[]})");
    CHECK(result->find("nope") == nullptr);
}

TEST_CASE("the example sites file loads and its token is change-me") {
    const auto result = sada::server::load_sites(std::string(SADA_SOURCE_DIR) + "/server_stub/sites.example.json");
    INFO((result.ok() ? std::string() : result.error().message));
    REQUIRE(result.ok());
    const sada::server::Site* shop = result->find("shop");
    REQUIRE(shop != nullptr);
    CHECK(shop->origin_allowed("http://127.0.0.1:8080"));
    CHECK(shop->origin_allowed("http://localhost:8080"));
    CHECK(shop->surveys.size() == 2);
    CHECK(shop->find_survey("shop-nps", 1) != nullptr);
    CHECK(shop->find_survey("support-csat", 1) != nullptr);
    CHECK(sada::server::check_bearer("Bearer change-me", shop->admin_token_sha256) == sada::server::AuthOutcome::ok);
}

TEST_CASE("the served document holds the canonical active surveys only") {
    const auto result = parse(valid_document());
    REQUIRE(result.ok());
    const auto& shop = *result->find("shop");
    const json served = json::parse(shop.surveys_json);
    REQUIRE(served.is_object());
    CHECK(served.size() == 2);
    CHECK(served["messages"] == true);  // the default
    REQUIRE(served["surveys"].size() == 2);
    CHECK(served["surveys"][0]["id"] == "shop-nps");
    CHECK(served["surveys"][0]["version"] == 2);
    CHECK(served["surveys"][0]["throttle"]["not_again_for_days"] == 30);  // defaults filled in
    CHECK(served["surveys"][1]["id"] == "support-csat");
    CHECK(shop.surveys_json.find("old-poll") == std::string::npos);
}

TEST_CASE("the ETag depends only on the served surveys") {
    const auto first = parse(valid_document());
    REQUIRE(first.ok());
    const std::string etag = first->find("shop")->surveys_etag;
    REQUIRE(etag.size() == 34);
    CHECK(etag.front() == '"');
    CHECK(etag.back() == '"');
    CHECK(etag.substr(1, 32) == sada::server::sha256_hex(first->find("shop")->surveys_json).substr(0, 32));

    SUBCASE("same content, same ETag, even formatted differently") {
        const auto again = parse_sites(valid_document().dump(2));
        REQUIRE(again.ok());
        CHECK(again->find("shop")->surveys_etag == etag);
    }
    SUBCASE("a changed survey title changes it") {
        json document = valid_document();
        document["sites"][0]["surveys"][0]["title"]["en"] = "One quick question";
        const auto changed = parse(document);
        REQUIRE(changed.ok());
        CHECK(changed->find("shop")->surveys_etag != etag);
    }
    SUBCASE("a removed survey changes it") {
        json document = valid_document();
        document["sites"][0]["surveys"].erase(1);
        const auto changed = parse(document);
        REQUIRE(changed.ok());
        CHECK(changed->find("shop")->surveys_etag != etag);
    }
    SUBCASE("an archived survey does not change it") {
        json document = valid_document();
        document["sites"][0]["archived_surveys"].erase(1);
        const auto changed = parse(document);
        REQUIRE(changed.ok());
        CHECK(changed->find("shop")->surveys_etag == etag);
    }
}

TEST_CASE("archived surveys are found by id and version but not served") {
    const auto result = parse(valid_document());
    REQUIRE(result.ok());
    const auto& shop = *result->find("shop");
    const sada::SurveyDefinition* current = shop.find_survey("shop-nps", 2);
    REQUIRE(current != nullptr);
    CHECK(current->questions.size() == 3);
    const sada::SurveyDefinition* older = shop.find_survey("shop-nps", 1);
    REQUIRE(older != nullptr);
    CHECK(older->questions.size() == 1);
    CHECK(shop.find_survey("shop-nps", 3) == nullptr);
    CHECK(shop.find_survey("old-poll", 1) != nullptr);
    CHECK(shop.knows_survey("old-poll"));
    CHECK(shop.knows_survey("shop-nps"));
    CHECK_FALSE(shop.knows_survey("never-existed"));
    CHECK(shop.find_survey("never-existed", 1) == nullptr);
}

TEST_CASE("origins match exactly") {
    const auto result = parse(valid_document());
    REQUIRE(result.ok());
    const auto& shop = *result->find("shop");
    CHECK(shop.origin_allowed("https://shop.example"));
    CHECK(shop.origin_allowed("http://127.0.0.1:8080"));
    CHECK_FALSE(shop.origin_allowed("https://SHOP.example"));
    CHECK_FALSE(shop.origin_allowed("https://shop.example/"));
    CHECK_FALSE(shop.origin_allowed("http://shop.example"));
    CHECK_FALSE(shop.origin_allowed("https://shop.example:8443"));
    CHECK_FALSE(shop.origin_allowed("https://evil.shop.example"));
    CHECK_FALSE(shop.origin_allowed("*"));
    CHECK_FALSE(shop.origin_allowed(""));
    CHECK_FALSE(shop.origin_allowed("null"));
}

TEST_CASE("an upper-case token hash is read in lowercase") {
    json document = valid_document();
    std::string upper = sada::server::sha256_hex("secret-token");
    for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c);
    document["sites"][0]["admin_token_sha256"] = upper;
    const auto result = parse(document);
    REQUIRE(result.ok());
    CHECK(result->find("shop")->admin_token_sha256 == sada::server::sha256_hex("secret-token"));
}

TEST_CASE("the document's shape is enforced") {
    SUBCASE("not an object") { check_refused(json::array(), "(document)"); }
    SUBCASE("no sites") { check_refused(json::object(), "/sites", "missing_field"); }
    SUBCASE("sites not an array") { check_refused(json{{"sites", json::object()}}, "/sites", "wrong_type"); }
    SUBCASE("no site at all") { check_refused(json{{"sites", json::array()}}, "/sites", "empty"); }
    SUBCASE("an unknown top-level member") {
        json document = valid_document();
        document["site"] = 1;
        check_refused(document, "/site", "unknown_field");
    }
    SUBCASE("a site that is not an object") {
        json document = valid_document();
        document["sites"][1] = "blog";
        check_refused(document, "/sites/1", "wrong_type");
    }
    SUBCASE("an unknown site member") {
        json document = valid_document();
        document["sites"][1]["origin"] = "https://blog.example";
        check_refused(document, "/sites/1/origin", "unknown_field");
    }
    SUBCASE("an unknown limits member") {
        json document = valid_document();
        document["sites"][0]["limits"]["rate"] = 3;
        check_refused(document, "/sites/0/limits/rate", "unknown_field");
    }
    SUBCASE("not JSON") {
        const auto result = parse_sites(R"({"sites": [)");
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "invalid_sites");
        CHECK(result.error().message.find("invalid_json") != std::string::npos);
    }
    SUBCASE("nested too deep") {
        const auto result = parse_sites(std::string(200, '[') + std::string(200, ']'));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "invalid_sites");
        CHECK(result.error().message.find("too_deep") != std::string::npos);
    }
}

TEST_CASE("site ids are checked and unique") {
    json document = valid_document();
    SUBCASE("missing") {
        document["sites"][1].erase("id");
        check_refused(document, "/sites/1/id", "missing_field");
    }
    SUBCASE("not a string") {
        document["sites"][1]["id"] = 7;
        check_refused(document, "/sites/1/id", "wrong_type");
    }
    SUBCASE("bad characters") {
        document["sites"][1]["id"] = "my blog";
        check_refused(document, "/sites/1/id", "invalid_value");
    }
    SUBCASE("empty") {
        document["sites"][1]["id"] = "";
        check_refused(document, "/sites/1/id", "invalid_value");
    }
    SUBCASE("too long") {
        document["sites"][1]["id"] = std::string(65, 'a');
        check_refused(document, "/sites/1/id", "invalid_value");
    }
    SUBCASE("used twice") {
        document["sites"][1]["id"] = "shop";
        check_refused(document, "/sites/1/id", "duplicate_id");
    }
}

TEST_CASE("origins must be scheme://host[:port] values") {
    json document = valid_document();
    auto origin_refused = [&](const json& origins, const std::string& path, const std::string& reason) {
        document["sites"][0]["origins"] = origins;
        check_refused(document, path, reason);
    };
    SUBCASE("missing") {
        document["sites"][0].erase("origins");
        check_refused(document, "/sites/0/origins", "missing_field");
    }
    SUBCASE("not an array") { origin_refused("https://shop.example", "/sites/0/origins", "wrong_type"); }
    SUBCASE("empty") { origin_refused(json::array(), "/sites/0/origins", "empty"); }
    SUBCASE("not a string") { origin_refused({"https://shop.example", 5}, "/sites/0/origins/1", "wrong_type"); }
    SUBCASE("a wildcard") { origin_refused({"*"}, "/sites/0/origins/0", "not supported"); }
    SUBCASE("no scheme") { origin_refused({"shop.example"}, "/sites/0/origins/0", "invalid_value"); }
    SUBCASE("another scheme") { origin_refused({"ftp://shop.example"}, "/sites/0/origins/0", "invalid_value"); }
    SUBCASE("a trailing slash") { origin_refused({"https://shop.example/"}, "/sites/0/origins/0", "invalid_value"); }
    SUBCASE("a path") { origin_refused({"https://shop.example/app"}, "/sites/0/origins/0", "invalid_value"); }
    SUBCASE("user info") { origin_refused({"https://me@shop.example"}, "/sites/0/origins/0", "invalid_value"); }
    SUBCASE("upper case") { origin_refused({"https://Shop.example"}, "/sites/0/origins/0", "lowercase"); }
    SUBCASE("the default port") { origin_refused({"https://shop.example:443"}, "/sites/0/origins/0", "default port"); }
    SUBCASE("a bad port") { origin_refused({"http://localhost:99999"}, "/sites/0/origins/0", "invalid port"); }
    SUBCASE("an empty port") { origin_refused({"http://localhost:"}, "/sites/0/origins/0", "invalid port"); }
    SUBCASE("an empty label") { origin_refused({"https://shop..example"}, "/sites/0/origins/0", "empty host label"); }
    SUBCASE("IPv6 and ports are fine") {
        document["sites"][0]["origins"] = {"http://[::1]:8080", "https://xn--mgbh0fb.example", "http://localhost:3000"};
        const auto result = parse(document);
        INFO((result.ok() ? std::string() : result.error().message));
        CHECK(result.ok());
    }
}

TEST_CASE("the admin token hash must be 64 hexadecimal digits") {
    json document = valid_document();
    SUBCASE("missing") {
        document["sites"][0].erase("admin_token_sha256");
        check_refused(document, "/sites/0/admin_token_sha256", "missing_field");
    }
    SUBCASE("too short") {
        document["sites"][0]["admin_token_sha256"] = std::string(63, 'a');
        check_refused(document, "/sites/0/admin_token_sha256", "invalid_value");
    }
    SUBCASE("not hexadecimal") {
        document["sites"][0]["admin_token_sha256"] = std::string(63, 'a') + "g";
        check_refused(document, "/sites/0/admin_token_sha256", "invalid_value");
    }
    SUBCASE("the token itself instead of its hash") {
        document["sites"][0]["admin_token_sha256"] = "secret-token";
        check_refused(document, "/sites/0/admin_token_sha256", "sha256sum");
    }
    SUBCASE("not a string") {
        document["sites"][0]["admin_token_sha256"] = json::array();
        check_refused(document, "/sites/0/admin_token_sha256", "wrong_type");
    }
}

TEST_CASE("an invalid survey is refused with its path in the file and the validator's reason") {
    json document = valid_document();
    SUBCASE("a bad question type in an active survey") {
        document["sites"][0]["surveys"][1]["questions"][0]["type"] = "stars";
        check_refused(document, "/sites/0/surveys/1/questions/0/type", "\"stars\" is not one of");
        check_refused(document, "/sites/0/surveys/1/questions/0/type", "(invalid_value)");
    }
    SUBCASE("a typo in an archived survey") {
        document["sites"][0]["archived_surveys"][0]["requried"] = true;
        check_refused(document, "/sites/0/archived_surveys/0/requried", "unknown_field");
    }
    SUBCASE("a survey that is not an object") {
        document["sites"][0]["surveys"][0] = 3;
        check_refused(document, "/sites/0/surveys/0", "wrong_type");
    }
    SUBCASE("surveys missing") {
        document["sites"][1].erase("surveys");
        check_refused(document, "/sites/1/surveys", "missing_field");
    }
    SUBCASE("surveys not an array") {
        document["sites"][0]["surveys"] = nps_survey();
        check_refused(document, "/sites/0/surveys", "wrong_type");
    }
}

TEST_CASE("survey ids and versions are unique within a site") {
    json document = valid_document();
    SUBCASE("the same survey active twice, even in two versions") {
        json again = nps_survey();
        again["version"] = 5;
        document["sites"][0]["surveys"].push_back(again);
        check_refused(document, "/sites/0/surveys/2/id", "duplicate_id");
    }
    SUBCASE("an archived version equal to the active one") {
        document["sites"][0]["archived_surveys"].push_back(nps_survey());
        check_refused(document, "/sites/0/archived_surveys/2/version", "already defined at /sites/0/surveys/0");
    }
    SUBCASE("the same archived version twice") {
        const json copy = document["sites"][0]["archived_surveys"][1];
        document["sites"][0]["archived_surveys"].push_back(copy);
        check_refused(document, "/sites/0/archived_surveys/2/version", "already defined at /sites/0/archived_surveys/1");
    }
    SUBCASE("the same survey id on two sites is fine") {
        document["sites"][1]["surveys"].push_back(nps_survey());
        CHECK(parse(document).ok());
    }
}

TEST_CASE("limits are checked") {
    json document = valid_document();
    auto& limits = document["sites"][0]["limits"];
    SUBCASE("not an object") {
        limits = 5;
        check_refused(document, "/sites/0/limits", "wrong_type");
    }
    SUBCASE("a body limit too small") {
        limits["max_body_bytes"] = 1023;
        check_refused(document, "/sites/0/limits/max_body_bytes", "out_of_range");
    }
    SUBCASE("a body limit too large") {
        limits["max_body_bytes"] = 10485761;
        check_refused(document, "/sites/0/limits/max_body_bytes", "out_of_range");
    }
    SUBCASE("a negative body limit") {
        limits["max_body_bytes"] = -1;
        check_refused(document, "/sites/0/limits/max_body_bytes", "out_of_range");
    }
    SUBCASE("a fractional body limit") {
        limits["max_body_bytes"] = 2048.5;
        check_refused(document, "/sites/0/limits/max_body_bytes", "wrong_type");
    }
    SUBCASE("a zero rate") {
        limits["requests_per_second"] = 0;
        check_refused(document, "/sites/0/limits/requests_per_second", "out_of_range");
    }
    SUBCASE("a rate too high") {
        limits["requests_per_second"] = 2e6;
        check_refused(document, "/sites/0/limits/requests_per_second", "out_of_range");
    }
    SUBCASE("a rate as text") {
        limits["requests_per_second"] = "10";
        check_refused(document, "/sites/0/limits/requests_per_second", "wrong_type");
    }
    SUBCASE("a burst below one") {
        limits["burst"] = 0.5;
        check_refused(document, "/sites/0/limits/burst", "out_of_range");
    }
    SUBCASE("fractional rates are fine") {
        limits = {{"requests_per_second", 0.5}, {"burst", 1}};
        const auto result = parse(document);
        REQUIRE(result.ok());
        CHECK(result->find("shop")->limits.requests_per_second == 0.5);
        CHECK(result->find("shop")->limits.max_body_bytes == 65536);
    }
}

TEST_CASE("many problems are listed up to five, then counted") {
    json document = valid_document();
    for (int i = 0; i < 8; ++i) document["sites"][0]["extra" + std::to_string(i)] = i;
    const auto result = parse(document);
    REQUIRE_FALSE(result.ok());
    INFO(result.error().message);
    CHECK(result.error().message.find("/sites/0/extra4:") != std::string::npos);
    CHECK(result.error().message.find("/sites/0/extra5:") == std::string::npos);
    CHECK(result.error().message.find("(and 3 more)") != std::string::npos);
}

TEST_CASE("loading a sites file") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    SUBCASE("a missing file is unreadable, with its path and reason") {
        const std::string path = dir.file("absent.json");
        const auto result = sada::server::load_sites(path);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "unreadable");
        CHECK(result.error().message.find(path) != std::string::npos);
        CHECK(result.error().message.find("No such file") != std::string::npos);
    }
    SUBCASE("a directory is unreadable") {
        const auto result = sada::server::load_sites(dir.path().string());
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "unreadable");
    }
    SUBCASE("a written file loads; invalid content names the file") {
        const std::string path = dir.file("sites.json");
        auto write = [&](const std::string& text) {
            std::FILE* file = std::fopen(path.c_str(), "wb");
            REQUIRE(file != nullptr);
            CHECK(std::fwrite(text.data(), 1, text.size(), file) == text.size());
            std::fclose(file);
        };
        write(valid_document().dump(2));
        CHECK(sada::server::load_sites(path).ok());
        write(R"({"sites": []})");
        const auto result = sada::server::load_sites(path);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == "invalid_sites");
        CHECK(result.error().message.rfind(path + ": /sites:", 0) == 0);
    }
}

TEST_CASE("visitor messages: accepted by default as the built-in survey, refused when a site turns them off") {
    json document = valid_document();
    document["sites"][1]["messages"] = false;
    const auto result = parse(document);
    REQUIRE(result.ok());
    const auto& shop = *result->find("shop");
    const auto& blog = *result->find("blog_2");
    CHECK(shop.accepts_messages);
    REQUIRE(shop.find_survey("_message", 1) != nullptr);
    CHECK(shop.find_survey("_message", 1)->questions[0].id == "message");
    CHECK(shop.find_survey("_message", 2) == nullptr);
    CHECK(shop.knows_survey("_message"));
    CHECK_FALSE(blog.accepts_messages);
    CHECK(blog.find_survey("_message", 1) == nullptr);
    CHECK_FALSE(blog.knows_survey("_message"));
    CHECK(json::parse(blog.surveys_json)["messages"] == false);

    SUBCASE("\"messages\" must be a boolean") {
        document["sites"][1]["messages"] = "no";
        check_refused(document, "/sites/1/messages", "true or false");
    }
    SUBCASE("a site's survey may not use the reserved id") {
        document["sites"][0]["surveys"][1]["id"] = "_message";
        check_refused(document, "/sites/0/surveys/1/id", "reserved");
    }
}
