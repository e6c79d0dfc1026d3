// Tests for the sync protocol: request and reply both ways, batch limits, and the retry rules.
#include "fixtures.hpp"
#include "sada/protocol.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using nlohmann::json;
using sada::ItemStatus;
using sada::Reason;

TEST_CASE("a request built by the client is read back by the server item by item") {
    json good = sada::test::promoter_response();
    json bad = sada::test::promoter_response();
    bad["id"] = "0193a5c2-7b4e-7c3d-9f10-000000000002";
    bad["submitted_at"] = "yesterday";
    json no_id = sada::test::promoter_response();
    no_id.erase("id");
    const std::vector<json> responses{good, bad, no_id};
    const std::string body = sada::build_sync_request(responses).dump();

    const auto request = sada::parse_sync_request(body);
    REQUIRE(request.ok());
    REQUIRE(request->items.size() == 3);
    CHECK(request->items[0].response.has_value());
    CHECK(request->items[0].id == good["id"].get<std::string>());
    CHECK_FALSE(request->items[1].response.has_value());
    CHECK(request->items[1].id == "0193a5c2-7b4e-7c3d-9f10-000000000002");  // still named in the reply
    CHECK(request->items[1].problems.front().reason == Reason::invalid_timestamp);
    CHECK_FALSE(request->items[2].id.has_value());
}

TEST_CASE("the server names an item by its canonical lowercase id") {
    json shouting = sada::test::promoter_response();
    shouting["id"] = "0193A5C2-7B4E-7C3D-9F10-2A3B4C5D6E7F";
    shouting["survey_version"] = "three";  // so the item is rejected and named by the id it carried
    const std::vector<json> responses{shouting};
    const auto request = sada::parse_sync_request(sada::build_sync_request(responses).dump());
    REQUIRE(request.ok());
    CHECK(request->items[0].id == "0193a5c2-7b4e-7c3d-9f10-2a3b4c5d6e7f");
}

TEST_CASE("request-level mistakes are refused with a reason code") {
    std::string body;
    std::string code;
    SUBCASE("not JSON") { body = "{\"responses\": ["; code = "invalid_json"; }
    SUBCASE("not UTF-8") { body = std::string("{\"responses\": [\"\xFF\"]}"); code = "invalid_json"; }
    SUBCASE("not an object") { body = "[]"; code = "wrong_type"; }
    SUBCASE("an answer nested 100,000 levels deep") {
        json response = sada::test::promoter_response();
        response["answers"]["why_high"] = "PLACEHOLDER";
        body = json{{"responses", {response}}}.dump();
        body.replace(body.find("\"PLACEHOLDER\""), 13, std::string(100000, '[') + std::string(100000, ']'));
        code = "too_deep";
    }
    SUBCASE("no responses member") { body = "{}"; code = "missing_field"; }
    SUBCASE("responses not a list") { body = "{\"responses\": {}}"; code = "wrong_type"; }
    SUBCASE("empty batch") { body = "{\"responses\": []}"; code = "empty"; }
    SUBCASE("unknown member") { body = "{\"responses\": [{}], \"extra\": 1}"; code = "unknown_field"; }
    SUBCASE("more than 100 items") {
        json many = json::array();
        for (int i = 0; i < 101; ++i) many.push_back(json::object());
        body = json{{"responses", many}}.dump();
        code = "too_many_items";
    }
    const auto request = sada::parse_sync_request(body);
    REQUIRE_FALSE(request.ok());
    CHECK(request.error().code == code);
    CHECK_FALSE(request.error().message.empty());
}

TEST_CASE("exactly 100 items is a valid batch") {
    json many = json::array();
    for (int i = 0; i < 100; ++i) many.push_back(sada::test::promoter_response());
    const auto request = sada::parse_sync_request(json{{"responses", many}}.dump());
    REQUIRE(request.ok());
    CHECK(request->items.size() == 100);
}

TEST_CASE("a reply built by the server is read back by the client") {
    sada::SyncReply reply;
    reply.results.push_back({std::string("a"), ItemStatus::accepted, std::nullopt, "", ""});
    reply.results.push_back({std::string("b"), ItemStatus::duplicate, std::nullopt, "", ""});
    reply.results.push_back(sada::rejected_result(std::string("c"),
                                                  {{"/answers/nps", Reason::out_of_range, "11 is outside 0..10"},
                                                   {"/answers/csat", Reason::out_of_range, "9 is outside 1..5"}}));
    reply.results.push_back(sada::rejected_result(std::nullopt, {{"/id", Reason::missing_field, "\"id\" is required"}}));
    const json written = sada::build_sync_reply(reply);
    CHECK(written["results"][0] == json{{"id", "a"}, {"status", "accepted"}});
    CHECK(written["results"][2]["reason"] == "out_of_range");
    CHECK(written["results"][2]["path"] == "/answers/nps");
    CHECK(written["results"][3]["id"].is_null());

    const auto read = sada::parse_sync_reply(written.dump());
    REQUIRE(read.ok());
    REQUIRE(read->results.size() == 4);
    CHECK(read->results[1].status == ItemStatus::duplicate);
    CHECK(read->results[2].reason == Reason::out_of_range);
    CHECK(read->results[2].message == "11 is outside 0..10 (and 1 more)");
}

TEST_CASE("the client keeps unanswered items, drops delivered and rejected ones") {
    const auto reply = sada::parse_sync_reply(R"({"results": [
        {"id": "a", "status": "accepted"}, {"id": "b", "status": "duplicate"},
        {"id": "c", "status": "rejected", "reason": "a_reason_from_a_newer_server"}]})");
    REQUIRE(reply.ok());
    const std::vector<std::string> sent{"a", "b", "c", "d"};
    const auto outcome = sada::classify_reply(sent, *reply);
    CHECK(outcome.delivered == std::vector<std::string>{"a", "b"});
    REQUIRE(outcome.rejected.size() == 1);
    CHECK_FALSE(outcome.rejected[0].reason.has_value());
    CHECK(outcome.rejected[0].message == "a_reason_from_a_newer_server");
    CHECK(outcome.unanswered == std::vector<std::string>{"d"});
}

TEST_CASE("an unreadable reply is an error, not an empty success") {
    CHECK_FALSE(sada::parse_sync_reply("<html>502 Bad Gateway</html>").ok());
    CHECK_FALSE(sada::parse_sync_reply(R"({"results": [{"id": "a", "status": "maybe"}]})").ok());
    CHECK(sada::parse_sync_reply("{}").error().code == "invalid_reply");
}

TEST_CASE("retries back off exponentially with jitter up to 30 minutes") {
    CHECK(sada::retry_delay_ms(1, 0.5) == 2000);
    CHECK(sada::retry_delay_ms(2, 0.5) == 4000);
    CHECK(sada::retry_delay_ms(5, 0.5) == 32000);
    CHECK(sada::retry_delay_ms(1, 0.0) == 1000);   // -50%
    CHECK(sada::retry_delay_ms(1, 0.999) == 2998);  // almost +50%
    CHECK(sada::retry_delay_ms(30, 0.5) == 30 * 60 * 1000);
    CHECK(sada::retry_delay_ms(1000, 0.0) == 15 * 60 * 1000);
    CHECK(sada::retry_delay_ms(1000, 1.0) == 30 * 60 * 1000);  // never past the cap
}

TEST_CASE("only network errors, 429 and 5xx are retried; Retry-After is honoured") {
    CHECK(sada::is_retryable_status(0));
    CHECK(sada::is_retryable_status(429));
    CHECK(sada::is_retryable_status(503));
    CHECK_FALSE(sada::is_retryable_status(400));
    CHECK_FALSE(sada::is_retryable_status(413));
    CHECK_FALSE(sada::is_retryable_status(404));
    CHECK(sada::retry_after_ms("120") == 120000);
    CHECK(sada::retry_after_ms(" 5 ") == 5000);
    CHECK(sada::retry_after_ms("999999") == 30 * 60 * 1000);
    CHECK_FALSE(sada::retry_after_ms("Wed, 21 Oct 2026 07:28:00 GMT").has_value());
    CHECK_FALSE(sada::retry_after_ms("").has_value());
}
