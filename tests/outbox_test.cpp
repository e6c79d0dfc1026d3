// Tests of the widget's local store (outbox, survey cache, throttle) on real SQLite files.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sada/outbox.hpp"
#include "temp_dir.hpp"

namespace {

using sada::Outbox;
using sada::OutboxItem;

constexpr std::int64_t kDay = 24LL * 60 * 60 * 1000;
constexpr std::int64_t kNow = 1'750'000'000'000;  // a fixed "now" in 2025

Outbox open_outbox(const std::string& path) {
    auto opened = Outbox::open(path);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened).value();
}

// Ids that sort like UUIDv7s made at increasing times.
std::string id_for(int n) {
    std::string digits = std::to_string(n);
    return "0190a000-0000-7000-8000-" + std::string(12 - digits.size(), '0') + digits;
}

OutboxItem item(int n, std::int64_t created_at_ms, std::int64_t next_attempt_at_ms = 0) {
    OutboxItem it;
    it.id = id_for(n);
    it.kind = "response";
    it.body = R"({"id":")" + it.id + R"(","answers":{"q1":9}})";
    it.created_at_ms = created_at_ms;
    it.next_attempt_at_ms = next_attempt_at_ms;
    return it;
}

std::vector<std::string> ids_of(const std::vector<OutboxItem>& items) {
    std::vector<std::string> ids;
    for (const OutboxItem& it : items) ids.push_back(it.id);
    return ids;
}

std::vector<std::string> due_ids(Outbox& outbox, std::int64_t now_ms, int limit = 100) {
    auto due = outbox.due(now_ms, limit);
    REQUIRE(due.ok());
    return ids_of(*due);
}

}  // namespace

TEST_CASE("outbox: due returns stored items oldest id first, with every field intact") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    Outbox outbox = open_outbox(dir.file("widget.db"));

    // Enqueued out of order on purpose.
    for (int n : {3, 1, 2}) REQUIRE(*outbox.enqueue(item(n, kNow + n)));
    OutboxItem message = item(4, kNow + 4);
    message.kind = "message";
    message.body = R"({"text":"سلام \"quoted\""})";
    message.attempts = 2;
    message.last_error = "http_503";
    REQUIRE(*outbox.enqueue(message));
    CHECK(*outbox.count() == 4);

    auto due = outbox.due(kNow, 10);
    REQUIRE(due.ok());
    REQUIRE(due->size() == 4);
    CHECK(ids_of(*due) == std::vector<std::string>{id_for(1), id_for(2), id_for(3), id_for(4)});
    const OutboxItem& back = (*due)[3];
    CHECK(back.kind == "message");
    CHECK(back.body == message.body);
    CHECK(back.created_at_ms == kNow + 4);
    CHECK(back.attempts == 2);
    CHECK(back.next_attempt_at_ms == 0);
    CHECK(back.last_error == std::optional<std::string>("http_503"));
    CHECK((*due)[0].last_error == std::nullopt);

    SUBCASE("limit") {
        CHECK(due_ids(outbox, kNow, 2) == std::vector<std::string>{id_for(1), id_for(2)});
        CHECK(due_ids(outbox, kNow, 0).empty());
    }
    SUBCASE("an unknown kind is refused") {
        OutboxItem bad = item(9, kNow);
        bad.kind = "other";
        auto stored = outbox.enqueue(bad);
        REQUIRE_FALSE(stored.ok());
        CHECK(stored.error().code == "invalid_kind");
        CHECK(*outbox.count() == 4);
    }
}

TEST_CASE("outbox: mark_failed counts the attempt and holds the item back until its next attempt time") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    Outbox outbox = open_outbox(dir.file("widget.db"));
    REQUIRE(*outbox.enqueue(item(1, kNow)));
    REQUIRE(*outbox.enqueue(item(2, kNow)));

    REQUIRE(outbox.mark_failed(id_for(1), kNow + 2000, "network_error").ok());
    CHECK(due_ids(outbox, kNow) == std::vector<std::string>{id_for(2)});
    CHECK(due_ids(outbox, kNow + 1999) == std::vector<std::string>{id_for(2)});
    auto due = outbox.due(kNow + 2000, 10);
    REQUIRE(due.ok());
    REQUIRE(due->size() == 2);
    CHECK((*due)[0].id == id_for(1));
    CHECK((*due)[0].attempts == 1);
    CHECK((*due)[0].next_attempt_at_ms == kNow + 2000);
    CHECK((*due)[0].last_error == std::optional<std::string>("network_error"));

    REQUIRE(outbox.mark_failed(id_for(1), kNow + 6000, "http_429").ok());
    due = outbox.due(kNow + 6000, 10);
    REQUIRE(due.ok());
    CHECK((*due)[0].attempts == 2);
    CHECK((*due)[0].last_error == std::optional<std::string>("http_429"));

    CHECK(outbox.mark_failed(id_for(99), kNow, "gone").ok());  // unknown id: nothing to do
    CHECK(*outbox.count() == 2);
}

TEST_CASE("outbox: mark_delivered removes exactly the delivered items") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    Outbox outbox = open_outbox(dir.file("widget.db"));
    for (int n = 1; n <= 4; ++n) REQUIRE(*outbox.enqueue(item(n, kNow)));

    const std::vector<std::string> delivered{id_for(1), id_for(3), id_for(77)};
    REQUIRE(outbox.mark_delivered(delivered).ok());
    CHECK(*outbox.count() == 2);
    CHECK(due_ids(outbox, kNow) == std::vector<std::string>{id_for(2), id_for(4)});
    CHECK(outbox.mark_delivered({}).ok());
}

TEST_CASE("outbox: the same id enqueued twice is stored once") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    Outbox outbox = open_outbox(dir.file("widget.db"));
    OutboxItem first = item(1, kNow);
    REQUIRE(*outbox.enqueue(first));

    OutboxItem again = first;
    again.body = R"({"changed":true})";
    auto stored = outbox.enqueue(again);
    REQUIRE(stored.ok());
    CHECK_FALSE(*stored);
    CHECK(*outbox.count() == 1);
    auto due = outbox.due(kNow, 10);
    REQUIRE(due.ok());
    REQUIRE(due->size() == 1);
    CHECK((*due)[0].body == first.body);
}

TEST_CASE("outbox: prune drops items past the age limit, then the oldest beyond the count, and reports them") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    Outbox outbox = open_outbox(dir.file("widget.db"));
    // Items 1..6, created one day apart, item 6 newest (created now).
    for (int n = 1; n <= 6; ++n) REQUIRE(*outbox.enqueue(item(n, kNow - (6 - n) * kDay)));

    SUBCASE("age only") {
        sada::OutboxLimits limits;
        limits.max_age_ms = 3 * kDay;  // items 1 and 2 are 5 and 4 days old; item 3 exactly 3
        auto report = outbox.prune(kNow, limits);
        REQUIRE(report.ok());
        CHECK(report->expired_ids == std::vector<std::string>{id_for(1), id_for(2)});
        CHECK(report->overflow_ids.empty());
        CHECK(report->dropped() == 2);
        CHECK(*outbox.count() == 4);
    }
    SUBCASE("count only") {
        sada::OutboxLimits limits;
        limits.max_items = 2;
        auto report = outbox.prune(kNow, limits);
        REQUIRE(report.ok());
        CHECK(report->expired_ids.empty());
        CHECK(report->overflow_ids == std::vector<std::string>{id_for(1), id_for(2), id_for(3), id_for(4)});
        CHECK(due_ids(outbox, kNow) == std::vector<std::string>{id_for(5), id_for(6)});
    }
    SUBCASE("age first, then count") {
        sada::OutboxLimits limits;
        limits.max_age_ms = 4 * kDay + 1;  // only item 1 (5 days) is too old
        limits.max_items = 3;
        auto report = outbox.prune(kNow, limits);
        REQUIRE(report.ok());
        CHECK(report->expired_ids == std::vector<std::string>{id_for(1)});
        CHECK(report->overflow_ids == std::vector<std::string>{id_for(2), id_for(3)});
        CHECK(due_ids(outbox, kNow) == std::vector<std::string>{id_for(4), id_for(5), id_for(6)});
    }
    SUBCASE("defaults keep everything here") {
        auto report = outbox.prune(kNow);
        REQUIRE(report.ok());
        CHECK(report->dropped() == 0);
        CHECK(*outbox.count() == 6);
        // ...and thirty-one days later everything has expired.
        report = outbox.prune(kNow + 31 * kDay);
        REQUIRE(report.ok());
        CHECK(report->expired_ids.size() == 6);
        CHECK(*outbox.count() == 0);
    }
    SUBCASE("negative limits are refused and drop nothing") {
        sada::OutboxLimits limits;
        limits.max_items = -1;
        auto report = outbox.prune(kNow, limits);
        REQUIRE_FALSE(report.ok());
        CHECK(report.error().code == "invalid_limits");
        CHECK(*outbox.count() == 6);
    }
}

TEST_CASE("outbox: the survey cache keeps one body and etag per site") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    Outbox outbox = open_outbox(dir.file("widget.db"));

    auto none = outbox.surveys("example.com");
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());

    REQUIRE(outbox.put_surveys("example.com", "W/\"v1\"", R"({"surveys":[1]})", kNow).ok());
    REQUIRE(outbox.put_surveys("other.org", std::nullopt, R"({"surveys":[]})", kNow + 1).ok());
    auto cached = outbox.surveys("example.com");
    REQUIRE(cached.ok());
    REQUIRE(cached->has_value());
    CHECK((*cached)->site == "example.com");
    CHECK((*cached)->etag == std::optional<std::string>("W/\"v1\""));
    CHECK((*cached)->body == R"({"surveys":[1]})");
    CHECK((*cached)->fetched_at_ms == kNow);

    REQUIRE(outbox.put_surveys("example.com", "\"v2\"", R"({"surveys":[2]})", kNow + 5).ok());
    cached = outbox.surveys("example.com");
    REQUIRE(cached->has_value());
    CHECK((*cached)->etag == std::optional<std::string>("\"v2\""));
    CHECK((*cached)->body == R"({"surveys":[2]})");
    CHECK((*cached)->fetched_at_ms == kNow + 5);

    auto other = outbox.surveys("other.org");
    REQUIRE(other->has_value());
    CHECK((*other)->etag == std::nullopt);
}

TEST_CASE("outbox: throttle state records shows, dismissal and completion per survey") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    Outbox outbox = open_outbox(dir.file("widget.db"));

    auto unknown = outbox.throttle("nps-1");
    REQUIRE(unknown.ok());
    CHECK(unknown->shown_count == 0);
    CHECK(unknown->last_shown_at_ms == std::nullopt);
    CHECK(unknown->last_dismissed_at_ms == std::nullopt);
    CHECK(unknown->completed_at_ms == std::nullopt);

    REQUIRE(outbox.record_shown("nps-1", kNow).ok());
    REQUIRE(outbox.record_dismissed("nps-1", kNow + 10).ok());
    REQUIRE(outbox.record_shown("nps-1", kNow + 100).ok());
    REQUIRE(outbox.record_completed("nps-1", kNow + 150).ok());
    REQUIRE(outbox.record_dismissed("csat-2", kNow + 7).ok());  // dismissed before ever counted shown

    auto state = outbox.throttle("nps-1");
    REQUIRE(state.ok());
    CHECK(state->shown_count == 2);
    CHECK(state->last_shown_at_ms == std::optional<std::int64_t>(kNow + 100));
    CHECK(state->last_dismissed_at_ms == std::optional<std::int64_t>(kNow + 10));
    CHECK(state->completed_at_ms == std::optional<std::int64_t>(kNow + 150));

    auto other = outbox.throttle("csat-2");
    REQUIRE(other.ok());
    CHECK(other->shown_count == 0);
    CHECK(other->last_shown_at_ms == std::nullopt);
    CHECK(other->last_dismissed_at_ms == std::optional<std::int64_t>(kNow + 7));
}

TEST_CASE("outbox: data survives closing and reopening the file") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string path = dir.file("widget.db");
    {
        Outbox outbox = open_outbox(path);
        REQUIRE(*outbox.enqueue(item(1, kNow)));
        REQUIRE(*outbox.enqueue(item(2, kNow)));
        REQUIRE(outbox.mark_failed(id_for(2), kNow + 500, "offline").ok());
        REQUIRE(outbox.put_surveys("example.com", "\"e\"", "{}", kNow).ok());
        REQUIRE(outbox.record_shown("nps-1", kNow).ok());
    }
    Outbox reopened = open_outbox(path);
    CHECK(*reopened.count() == 2);
    auto due = reopened.due(kNow + 500, 10);
    REQUIRE(due.ok());
    REQUIRE(due->size() == 2);
    CHECK((*due)[1].attempts == 1);
    CHECK((*due)[1].last_error == std::optional<std::string>("offline"));
    CHECK(*reopened.enqueue(item(1, kNow)) == false);  // still known after reopening
    auto cached = reopened.surveys("example.com");
    REQUIRE(cached.ok());
    REQUIRE(cached->has_value());
    CHECK((*cached)->etag == std::optional<std::string>("\"e\""));
    CHECK(reopened.throttle("nps-1")->shown_count == 1);
    CHECK(*reopened.database().user_version() == 1);
}

TEST_CASE("outbox: an in-memory outbox carries everything over through its image") {
    std::vector<std::uint8_t> saved;
    {
        auto fresh = Outbox::open_image({});
        REQUIRE(fresh.ok());
        Outbox outbox = std::move(fresh).value();
        REQUIRE(*outbox.enqueue(item(1, kNow)));
        REQUIRE(outbox.mark_failed(id_for(1), kNow + 500, "offline").ok());
        REQUIRE(outbox.record_completed("nps-1", kNow).ok());
        auto image = outbox.image();
        REQUIRE(image.ok());
        saved = std::move(image).value();
    }
    REQUIRE(saved.size() >= 512);  // at least the header page of a real SQLite database
    CHECK(std::string(saved.begin(), saved.begin() + 15) == "SQLite format 3");

    auto reopened = Outbox::open_image(saved);
    REQUIRE(reopened.ok());
    CHECK(*reopened->count() == 1);
    auto due = reopened->due(kNow + 500, 10);
    REQUIRE(due.ok());
    REQUIRE(due->size() == 1);
    CHECK((*due)[0].attempts == 1);
    CHECK(*reopened->enqueue(item(1, kNow)) == false);
    CHECK(reopened->throttle("nps-1")->completed_at_ms == std::optional<std::int64_t>(kNow));

    SUBCASE("a change after reopening shows in the next image, not in the one it came from") {
        REQUIRE(*reopened->enqueue(item(2, kNow)));
        auto next = reopened->image();
        REQUIRE(next.ok());
        CHECK(*Outbox::open_image(*next)->count() == 2);
        CHECK(*Outbox::open_image(saved)->count() == 1);
    }
}

TEST_CASE("outbox: an image that is not an outbox database is refused with an error") {
    SUBCASE("random bytes") {
        std::vector<std::uint8_t> junk(4096, 0x5a);
        auto opened = Outbox::open_image(junk);
        REQUIRE_FALSE(opened.ok());
        CHECK(!opened.error().message.empty());
    }
    SUBCASE("a truncated image") {
        auto outbox = Outbox::open_image({});
        REQUIRE(outbox.ok());
        REQUIRE(*outbox->enqueue(item(1, kNow)));
        auto image = outbox->image();
        REQUIRE(image.ok());
        image->resize(100);
        auto opened = Outbox::open_image(*image);
        CHECK_FALSE(opened.ok());
    }
}

TEST_CASE("outbox: an image damaged past its first page (cut short, or overwritten) is refused as corrupt when opened") {
    auto fresh = Outbox::open_image({});
    REQUIRE(fresh.ok());
    for (int n = 1; n <= 200; ++n) {
        OutboxItem queued = item(n, kNow);
        queued.body.append(400, 'x');  // 200 answers of about half a kilobyte: many pages
        REQUIRE(*fresh->enqueue(queued));
    }
    auto image = fresh->image();
    REQUIRE(image.ok());
    std::vector<std::uint8_t> damaged = *image;
    REQUIRE(damaged.size() > 16 * 4096);
    SUBCASE("cut to half its length") { damaged.resize(damaged.size() / 2); }
    SUBCASE("its last pages overwritten") { std::fill(damaged.end() - 3 * 4096, damaged.end(), std::uint8_t{0xa5}); }
    SUBCASE("a page in the middle zeroed") {
        const std::size_t middle = (damaged.size() / 4096 / 2) * 4096;
        std::fill(damaged.begin() + static_cast<std::ptrdiff_t>(middle), damaged.begin() + static_cast<std::ptrdiff_t>(middle + 4096),
                  std::uint8_t{0});
    }
    auto opened = Outbox::open_image(damaged);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == "corrupt");
    CHECK(Outbox::open_image(*image).ok());  // the undamaged image still opens
}
