// Storage faults: SQLite's allocations and file operations fail, one step after another, while the
// server's response store and the widget's outbox write. Each call completes or reports an error;
// afterwards the file passes PRAGMA integrity_check, holds everything stored before, and holds a
// failed write entirely or not at all, and the same store object works again once faults stop.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "sada/outbox.hpp"
#include "sada/response_store.hpp"
#include "sqlite_faults.hpp"
#include "temp_dir.hpp"

namespace {

using sada::Outbox;
using sada::OutboxItem;
using sada::ResponseStore;
using sada::StoredResponse;
using sada::test::FaultInjection;
using sada::test::FaultKind;
using sada::test::FaultPlan;

bool sqlite_has_wal() { return sqlite3_compileoption_used("OMIT_WAL") == 0; }

std::string id_for(int n) {
    std::string digits = std::to_string(n);
    return "0190b000-0000-7000-8000-" + std::string(12 - digits.size(), '0') + digits;
}

StoredResponse scored_response(int n, const std::string& visitor) {
    StoredResponse r;
    r.id = id_for(n);
    r.site = "example.com";
    r.survey_id = "nps-1";
    r.survey_version = 1;
    r.submitted_at_ms = 1'750'000'000'000 + n * 3'600'000;
    r.received_at_ms = r.submitted_at_ms + 500;
    r.visitor = visitor;
    r.body = R"({"id":")" + r.id + R"(","answers":{"q1":)" + std::to_string(n % 11) + R"(,"why":"متن آزاد"}})";
    r.scores = {sada::ScoreAnswer{"q1", "nps", n % 11, 0, 10}};
    r.stage = n % 2 == 0 ? "checkout" : "awareness";
    r.device = "mobile";
    r.locale = "fa";
    return r;
}

std::vector<StoredResponse> responses(int from, int to, const std::string& visitor) {
    std::vector<StoredResponse> batch;
    for (int n = from; n <= to; ++n) batch.push_back(scored_response(n, visitor));
    return batch;
}

std::int64_t scalar(sada::Database& db, const std::string& sql) {
    auto query = db.prepare(sql);
    REQUIRE(query.ok());
    auto row = query->step();
    REQUIRE(row.ok());
    REQUIRE(*row);
    return query->column_int64(0);
}

std::string integrity(sada::Database& db) {
    auto query = db.prepare("PRAGMA integrity_check");
    REQUIRE(query.ok());
    REQUIRE(*query->step());
    return query->column_text(0);
}

// How many of ids n in [from, to] the store holds.
std::int64_t present(ResponseStore& store, int from, int to) {
    std::int64_t found = 0;
    for (int n = from; n <= to; ++n) {
        auto has = store.contains(id_for(n));
        REQUIRE(has.ok());
        found += *has ? 1 : 0;
    }
    return found;
}

// The rollups count exactly the scores of the responses stored.
void check_rollups_match_scores(ResponseStore& store) {
    sada::Database& db = store.database();
    const std::int64_t counted = scalar(db, "SELECT coalesce(sum(count), 0) FROM rollups");
    const std::int64_t scores = scalar(db, "SELECT count(*) FROM scores s JOIN responses r ON r.seq = s.seq");
    CHECK(counted == scores);
    CHECK(scalar(db, "SELECT count(*) FROM scores WHERE seq NOT IN (SELECT seq FROM responses)") == 0);
}

// Copies the prepared file (and nothing else: it was closed, so its journal or WAL is gone).
std::string fresh_copy(const sada::test::TempDir& dir, const std::string& prepared, std::int64_t step) {
    const std::string copy = dir.file("step-" + std::to_string(step) + ".db");
    std::error_code error;
    std::filesystem::copy_file(prepared, copy, std::filesystem::copy_options::overwrite_existing, error);
    REQUIRE_FALSE(error);
    return copy;
}

// Runs `attempt` on a fresh copy of `prepared` with the 1st, 2nd, 3rd... operation of `kind`
// failing (once, or from then on), until a run in which no failure was needed because the attempt
// needs fewer operations; then `verify` checks the file. Returns the number of steps tried.
std::int64_t at_every_step(FaultInjection& faults, FaultKind kind, bool persistent, const std::string& prepared,
                           const sada::test::TempDir& dir, const std::function<void(const std::string&)>& attempt,
                           const std::function<void(const std::string&)>& verify) {
    std::int64_t step = 1;
    for (;; ++step) {
        const std::string path = fresh_copy(dir, prepared, step);
        faults.arm(FaultPlan{kind, step, persistent});
        attempt(path);
        const std::int64_t fired = faults.disarm();
        INFO("failing operation ", step, persistent ? " and every later one" : " only");
        verify(path);
        std::error_code error;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path + suffix, error);
        if (fired == 0 || step > 200'000) break;
    }
    return step;
}

struct Mode {
    const char* name;
    FaultKind kind;
    bool persistent;
};
constexpr Mode kModes[] = {
    {"one allocation fails", FaultKind::allocation, false},
    {"every allocation from one on fails", FaultKind::allocation, true},
    {"one file operation fails", FaultKind::file_io, false},
    {"every file operation from one on fails", FaultKind::file_io, true},
};

}  // namespace

TEST_CASE("storage faults: a batch stored by the server's store is all there or not at all, and the file stays intact") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string prepared = dir.file("prepared.db");
    {
        auto store = ResponseStore::open(prepared, sqlite_has_wal());
        REQUIRE(store.ok());
        REQUIRE(store->insert_batch(responses(1, 6, "v-1")).ok());  // acknowledged before the faults
    }
    FaultInjection faults;
    REQUIRE(faults.installed());
    // A new batch of 8, one of them a retry of an answer already stored.
    std::vector<StoredResponse> batch = responses(7, 13, "v-2");
    batch.push_back(scored_response(3, "v-1"));

    for (const Mode& mode : kModes) {
        INFO(std::string(mode.name));
        bool reported_ok = false;
        bool recovered = false;
        const auto attempt = [&](const std::string& path) {
            reported_ok = recovered = false;
            auto store = ResponseStore::open(path, sqlite_has_wal());
            if (!store.ok()) return;  // an error reported: nothing was written
            auto stored = store->insert_batch(batch);
            reported_ok = stored.ok();
            if (!reported_ok) {
                CHECK_FALSE(stored.error().code.empty());
                CHECK_FALSE(stored.error().message.empty());
                // The server keeps this store open: once the disk or memory is back, it works again.
                faults.disarm();
                auto retried = store->insert_batch(batch);
                CHECK_MESSAGE(retried.ok(), (retried.ok() ? "" : retried.error().message));
                recovered = retried.ok();
            }
        };
        const auto verify = [&](const std::string& path) {
            auto store = ResponseStore::open(path, sqlite_has_wal());
            REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().message));
            REQUIRE(integrity(store->database()) == "ok");
            CHECK(present(*store, 1, 6) == 6);
            const std::int64_t new_ones = present(*store, 7, 13);
            if (reported_ok || recovered) {
                CHECK(new_ones == 7);
            } else {
                CHECK(new_ones == 0);
            }
            CHECK(*store->count("example.com") == 6 + new_ones);
            check_rollups_match_scores(*store);
        };
        const std::int64_t steps = at_every_step(faults, mode.kind, mode.persistent, prepared, dir, attempt, verify);
        MESSAGE(std::string(mode.name), ": ", steps, " steps");
        CHECK(steps > 5);  // the loop really injected faults
    }
}

TEST_CASE("storage faults: erasing a visitor removes all of their answers or none, and the rollups follow") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string prepared = dir.file("prepared.db");
    {
        auto store = ResponseStore::open(prepared, sqlite_has_wal());
        REQUIRE(store.ok());
        REQUIRE(store->insert_batch(responses(1, 5, "v-1")).ok());
        REQUIRE(store->insert_batch(responses(6, 9, "v-2")).ok());
    }
    FaultInjection faults;
    REQUIRE(faults.installed());
    for (const Mode& mode : kModes) {
        INFO(std::string(mode.name));
        bool erased = false;
        const auto attempt = [&](const std::string& path) {
            erased = false;
            auto store = ResponseStore::open(path, sqlite_has_wal());
            if (!store.ok()) return;
            auto result = store->erase_visitor("example.com", "v-1");
            if (result.ok()) {
                CHECK(*result == 5);
                erased = true;
            } else {
                faults.disarm();
                auto retried = store->erase_visitor("example.com", "v-1");
                REQUIRE(retried.ok());
                CHECK(*retried == 5);
                erased = true;
            }
        };
        const auto verify = [&](const std::string& path) {
            auto store = ResponseStore::open(path, sqlite_has_wal());
            REQUIRE(store.ok());
            REQUIRE(integrity(store->database()) == "ok");
            const std::int64_t left = present(*store, 1, 5);
            CHECK((left == 0 || left == 5));
            if (erased) CHECK(left == 0);
            CHECK(present(*store, 6, 9) == 4);
            check_rollups_match_scores(*store);
        };
        const std::int64_t steps = at_every_step(faults, mode.kind, mode.persistent, prepared, dir, attempt, verify);
        MESSAGE(std::string(mode.name), ": ", steps, " steps");
        CHECK(steps > 5);
    }
}

TEST_CASE("storage faults: the widget's outbox keeps every queued answer through failed writes") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string prepared = dir.file("prepared.db");
    const auto item = [](int n) {
        OutboxItem i;
        i.id = id_for(n);
        i.kind = "response";
        i.body = R"({"id":")" + i.id + R"(","answers":{"q1":9}})";
        i.created_at_ms = 1'750'000'000'000 + n;
        return i;
    };
    {
        auto outbox = Outbox::open(prepared);
        REQUIRE(outbox.ok());
        for (int n = 1; n <= 4; ++n) REQUIRE(outbox->enqueue(item(n)).ok());
    }
    FaultInjection faults;
    REQUIRE(faults.installed());
    for (const Mode& mode : kModes) {
        INFO(std::string(mode.name));
        bool queued = false;
        bool delivered = false;
        const auto attempt = [&](const std::string& path) {
            queued = delivered = false;
            auto outbox = Outbox::open(path);
            if (!outbox.ok()) return;
            // A new answer is queued, then the two oldest are marked delivered.
            auto added = outbox->enqueue(item(5));
            if (!added.ok()) {
                faults.disarm();
                added = outbox->enqueue(item(5));
                REQUIRE_MESSAGE(added.ok(), (added.ok() ? "" : added.error().message));
            }
            queued = true;
            const std::vector<std::string> sent = {id_for(1), id_for(2)};
            delivered = outbox->mark_delivered(sent).ok();
        };
        const auto verify = [&](const std::string& path) {
            auto outbox = Outbox::open(path);
            REQUIRE_MESSAGE(outbox.ok(), (outbox.ok() ? "" : outbox.error().message));
            REQUIRE(integrity(outbox->database()) == "ok");
            const std::int64_t has_new = scalar(outbox->database(), "SELECT count(*) FROM outbox WHERE id = '" + id_for(5) + "'");
            const std::int64_t old_left = scalar(outbox->database(), "SELECT count(*) FROM outbox WHERE id IN ('" +
                                                                         id_for(1) + "', '" + id_for(2) + "')");
            const std::int64_t untouched = scalar(outbox->database(), "SELECT count(*) FROM outbox WHERE id IN ('" +
                                                                          id_for(3) + "', '" + id_for(4) + "')");
            if (queued) CHECK(has_new == 1);
            CHECK((old_left == 0 || old_left == 2));  // one transaction
            if (delivered) CHECK(old_left == 0);
            if (!queued) CHECK(old_left == 2);
            CHECK(untouched == 2);  // never delivered, never lost
        };
        const std::int64_t steps = at_every_step(faults, mode.kind, mode.persistent, prepared, dir, attempt, verify);
        MESSAGE(std::string(mode.name), ": ", steps, " steps");
        CHECK(steps > 5);
    }
}
