// Tests of the server's response store: idempotent batches, paging, erasure and migrations from v1.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include "sada/response_store.hpp"
#include "temp_dir.hpp"

namespace {

using sada::InsertOutcome;
using sada::ResponseStore;
using sada::StoredResponse;

// The browser build of SQLite has no WAL; the server's default asks for it.
bool sqlite_has_wal() { return sqlite3_compileoption_used("OMIT_WAL") == 0; }

ResponseStore open_store(const std::string& path) {
    auto opened = ResponseStore::open(path, sqlite_has_wal());
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened).value();
}

// A second connection; it must ask for the same journal mode as the store, or it would try to
// switch the file out of WAL while the store has it open.
sada::Database open_db(const std::string& path) {
    sada::OpenOptions options;
    options.write_ahead_log = sqlite_has_wal();
    auto opened = sada::Database::open(path, options);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().message));
    return std::move(opened).value();
}

std::string id_for(int n) {
    std::string digits = std::to_string(n);
    return "0190a000-0000-7000-8000-" + std::string(12 - digits.size(), '0') + digits;
}

StoredResponse response(int n, const std::string& site = "example.com", const std::string& visitor = "v-1") {
    StoredResponse r;
    r.id = id_for(n);
    r.site = site;
    r.survey_id = "nps-1";
    r.survey_version = 3;
    r.submitted_at_ms = 1'750'000'000'000 + n;
    r.received_at_ms = 1'750'000'001'000 + n;
    r.visitor = visitor;
    r.body = R"({"id":")" + r.id + R"(","context":{"visitor":")" + visitor + R"("},"answers":{"q1":)" +
             std::to_string(n % 11) + "}}";
    if (n % 2 == 0) r.client = R"({"device_class":"mobile","browser":"firefox"})";
    return r;
}

std::vector<std::string> ids_of(const std::vector<StoredResponse>& rows) {
    std::vector<std::string> ids;
    for (const StoredResponse& r : rows) ids.push_back(r.id);
    return ids;
}

std::vector<InsertOutcome> insert(ResponseStore& store, const std::vector<StoredResponse>& batch) {
    auto outcomes = store.insert_batch(batch);
    REQUIRE_MESSAGE(outcomes.ok(), (outcomes.ok() ? "" : outcomes.error().message));
    return *outcomes;
}

constexpr InsertOutcome kInserted = InsertOutcome::inserted;
constexpr InsertOutcome kDuplicate = InsertOutcome::duplicate;

}  // namespace

TEST_CASE("response store: a batch reports inserted per item and stores every field") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    ResponseStore store = open_store(dir.file("server.db"));

    CHECK(insert(store, {response(1), response(2), response(3, "other.org")}) ==
          std::vector<InsertOutcome>{kInserted, kInserted, kInserted});
    CHECK(*store.count("example.com") == 2);
    CHECK(*store.count("other.org") == 1);
    CHECK(*store.contains(id_for(3)));
    CHECK_FALSE(*store.contains(id_for(4)));
    CHECK(insert(store, {}).empty());

    auto rows = store.since("example.com", 0, 10);
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 2);
    const StoredResponse expected = response(2);
    const StoredResponse& got = (*rows)[1];
    CHECK(got.id == expected.id);
    CHECK(got.site == expected.site);
    CHECK(got.survey_id == expected.survey_id);
    CHECK(got.survey_version == expected.survey_version);
    CHECK(got.submitted_at_ms == expected.submitted_at_ms);
    CHECK(got.received_at_ms == expected.received_at_ms);
    CHECK(got.visitor == expected.visitor);
    CHECK(got.body == expected.body);
    CHECK(got.client == expected.client);
    CHECK_FALSE((*rows)[0].client.has_value());
    CHECK(got.seq > (*rows)[0].seq);
}

TEST_CASE("response store: a repeated id is stored once") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    ResponseStore store = open_store(dir.file("server.db"));

    SUBCASE("across batches (a retried delivery)") {
        CHECK(insert(store, {response(1), response(2)}) == std::vector<InsertOutcome>{kInserted, kInserted});
        StoredResponse retried = response(2);
        retried.body = R"({"retried":true})";
        CHECK(insert(store, {response(3), retried}) == std::vector<InsertOutcome>{kInserted, kDuplicate});
        auto rows = store.since("example.com", 0, 10);
        REQUIRE(rows.ok());
        CHECK(ids_of(*rows) == std::vector<std::string>{id_for(1), id_for(2), id_for(3)});
        CHECK((*rows)[1].body == response(2).body);  // the first copy wins
    }
    SUBCASE("within one batch") {
        CHECK(insert(store, {response(1), response(2), response(1), response(1)}) ==
              std::vector<InsertOutcome>{kInserted, kInserted, kDuplicate, kDuplicate});
        CHECK(*store.count("example.com") == 2);
    }
}

TEST_CASE("response store: since pages through one site's responses in seq order") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    ResponseStore store = open_store(dir.file("server.db"));
    std::vector<StoredResponse> batch;
    for (int n = 1; n <= 7; ++n) batch.push_back(response(n, n % 3 == 0 ? "other.org" : "example.com"));
    insert(store, batch);  // example.com: 1 2 4 5 7; other.org: 3 6

    std::vector<std::string> seen;
    std::int64_t after = 0;
    int pages = 0;
    for (;;) {
        auto page = store.since("example.com", after, 2);
        REQUIRE(page.ok());
        if (page->empty()) break;
        ++pages;
        CHECK(page->size() <= 2);
        for (const StoredResponse& r : *page) {
            CHECK(r.seq > after);
            CHECK(r.site == "example.com");
            after = r.seq;
            seen.push_back(r.id);
        }
    }
    CHECK(pages == 3);
    CHECK(seen == std::vector<std::string>{id_for(1), id_for(2), id_for(4), id_for(5), id_for(7)});
    CHECK(store.since("example.com", 0, 0)->empty());

    SUBCASE("a seq is never reused after the newest rows were erased") {
        REQUIRE(*store.erase_visitor("example.com", "v-1") == 5);
        insert(store, {response(8)});
        auto page = store.since("example.com", after, 10);
        REQUIRE(page.ok());
        CHECK(ids_of(*page) == std::vector<std::string>{id_for(8)});
    }
}

TEST_CASE("response store: erase_visitor deletes that visitor's responses on that site only") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    ResponseStore store = open_store(dir.file("server.db"));
    StoredResponse from_body = response(6, "example.com", "alice");
    from_body.visitor = std::nullopt;  // the store takes it from $.context.visitor
    insert(store, {response(1, "example.com", "alice"), response(2, "example.com", "bob"),
                   response(3, "example.com", "alice"), response(4, "other.org", "alice"),
                   response(5, "example.com", "carol"), from_body});

    auto erased = store.erase_visitor("example.com", "alice");
    REQUIRE(erased.ok());
    CHECK(*erased == 3);
    auto rest = store.since("example.com", 0, 10);
    REQUIRE(rest.ok());
    CHECK(ids_of(*rest) == std::vector<std::string>{id_for(2), id_for(5)});
    CHECK(*store.count("other.org") == 1);  // same visitor id on another site is someone else's data
    CHECK(*store.erase_visitor("example.com", "alice") == 0);
    CHECK(*store.erase_visitor("example.com", "nobody") == 0);
}

TEST_CASE("response store migration: a v1 file with rows migrates to the current schema with visitor backfilled") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string path = dir.file("server.db");
    {
        sada::Database v1 = open_db(path);
        REQUIRE(sada::migrate(v1, sada::response_store_migrations().first(1)).ok());
        REQUIRE(*v1.user_version() == 1);
        auto insert_v1 = v1.prepare(
            "INSERT INTO responses (id, site, survey_id, survey_version, submitted_at_ms, received_at_ms, body) "
            "VALUES (?1, 'example.com', 'nps-1', 1, ?2, ?2, ?3)");
        REQUIRE(insert_v1.ok());
        const std::string bodies[] = {
            R"({"context":{"visitor":"alice"},"answers":{"q1":9}})",
            R"({"context":{},"answers":{"q1":3}})",
            R"({"context":{"visitor":42}})",  // not a string: no visitor
            R"(not json at all)",             // must not break the migration
            R"({"context":{"visitor":"bob"}})",
        };
        for (int n = 0; n < 5; ++n) {
            insert_v1->bind_text(1, id_for(n + 1)).bind_int64(2, 1000 + n).bind_text(3, bodies[n]);
            REQUIRE(insert_v1->run().ok());
        }
    }

    ResponseStore store = open_store(path);
    CHECK(*store.database().user_version() == sada::response_store_migrations().back().version);
    auto rows = store.since("example.com", 0, 10);
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 5);
    CHECK(ids_of(*rows) == std::vector<std::string>{id_for(1), id_for(2), id_for(3), id_for(4), id_for(5)});
    CHECK((*rows)[0].visitor == std::optional<std::string>("alice"));
    CHECK((*rows)[1].visitor == std::nullopt);
    CHECK((*rows)[2].visitor == std::nullopt);
    CHECK((*rows)[3].visitor == std::nullopt);
    CHECK((*rows)[3].body == "not json at all");
    CHECK((*rows)[4].visitor == std::optional<std::string>("bob"));
    CHECK((*rows)[0].seq == 1);
    CHECK((*rows)[4].submitted_at_ms == 1004);

    // The new index answers erasure, and new inserts still see old ids.
    {
        auto plan = store.database().prepare(
            "EXPLAIN QUERY PLAN DELETE FROM responses WHERE site = 'example.com' AND visitor = 'alice'");
        REQUIRE(plan.ok());
        REQUIRE(*plan->step());
        CHECK(plan->column_text(3).find("responses_by_visitor") != std::string::npos);
    }  // a statement left mid-step would keep the next transaction from committing
    CHECK(insert(store, {response(1), response(6)}) == std::vector<InsertOutcome>{kDuplicate, kInserted});
    CHECK(*store.erase_visitor("example.com", "alice") == 1);
    CHECK(*store.count("example.com") == 5);
}

TEST_CASE("response store: a failure mid-batch leaves nothing of that batch stored") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string path = dir.file("server.db");
    ResponseStore store = open_store(path);
    insert(store, {response(1)});

    {
        // Another connection makes one id unacceptable, as a NOT NULL or CHECK violation would.
        sada::Database other = open_db(path);
        REQUIRE(other.exec("CREATE TRIGGER refuse_poison BEFORE INSERT ON responses WHEN NEW.id = '" + id_for(3) +
                           "' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;")
                    .ok());
    }
    auto failed = store.insert_batch(std::vector<StoredResponse>{response(2), response(1), response(3), response(4)});
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == "constraint_violation");
    CHECK(failed.error().message.find("poisoned row") != std::string::npos);
    CHECK(*store.count("example.com") == 1);
    CHECK_FALSE(*store.contains(id_for(2)));
    CHECK_FALSE(*store.contains(id_for(4)));

    // The connection is not left inside a transaction: the next batch goes through.
    CHECK(insert(store, {response(2), response(4)}) == std::vector<InsertOutcome>{kInserted, kInserted});
    CHECK(*store.count("example.com") == 3);
}

TEST_CASE("response store migration: a file from a newer server is refused") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string path = dir.file("server.db");
    {
        sada::Database db = open_db(path);
        REQUIRE(db.exec("PRAGMA user_version = 99").ok());
    }
    auto opened = ResponseStore::open(path, sqlite_has_wal());
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == "schema_too_new");
}

TEST_CASE("response store: answers without a visitor are never erased by an empty visitor id") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    ResponseStore store = open_store(dir.file("server.db"));
    StoredResponse anonymous = response(1, "example.com", "");
    StoredResponse unnamed = response(2);
    unnamed.visitor.reset();
    unnamed.body = R"({"id":")" + unnamed.id + R"(","context":{"visitor":""},"answers":{}})";
    insert(store, {anonymous, unnamed, response(3, "example.com", "alice")});

    const auto refused = store.erase_visitor("example.com", "");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "invalid_visitor");
    CHECK(*store.count("example.com") == 3);
    const auto rows = *store.since("example.com", 0, 10);
    REQUIRE(rows.size() == 3);
    CHECK_FALSE(rows[0].visitor.has_value());  // stored as NULL, not ''
    CHECK_FALSE(rows[1].visitor.has_value());
    CHECK(rows[2].visitor == "alice");
}

TEST_CASE("response store: an erased visitor's text is gone from the file, not left in free pages") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string path = dir.file("server.db");
    const std::string marker = "ERASE-ME-7f3a9c";
    {
        ResponseStore store = open_store(path);
        std::vector<StoredResponse> batch;
        for (int n = 1; n <= 40; ++n) {
            StoredResponse r = response(n, "example.com", n <= 20 ? "v-gone" : "v-kept");
            if (n <= 20) r.body = R"({"answers":{"why":")" + marker + std::string(200, 'x') + R"("},"context":{"visitor":"v-gone"}})";
            batch.push_back(r);
        }
        insert(store, batch);
        REQUIRE(*store.erase_visitor("example.com", "v-gone") == 20);
        REQUIRE(store.database().exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    }
    std::ifstream file(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    REQUIRE(bytes.size() > 4096);
    CHECK(bytes.find(marker) == std::string::npos);
}
