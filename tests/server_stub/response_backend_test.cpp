// Tests for the SQLite backend: answers come only after the commit, concurrent batches share group
// commits yet get their own outcomes, erasure runs on the writer, and a stopped backend refuses.
#include "response_backend.hpp"
#include "temp_dir.hpp"

#include "sada/store.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <string>
#include <thread>
#include <vector>

using sada::InsertOutcome;
using sada::StoredResponse;
using sada::server::SqliteBackend;

namespace {

StoredResponse row(int n, const std::string& visitor = "v-1") {
    char id[40];
    std::snprintf(id, sizeof id, "019ab000-0000-7000-a000-%012x", n);
    StoredResponse r;
    r.id = id;
    r.site = "shop";
    r.survey_id = "shop-nps";
    r.survey_version = 1;
    r.submitted_at_ms = 1795410000000 + n;
    r.received_at_ms = 1795410000000 + n;
    r.visitor = visitor;
    r.body = R"({"id":")" + r.id + R"("})";
    return r;
}

// Rows with this id as another connection sees them, i.e. what is committed.
long long committed_count(const std::string& path, const std::string& id) {
    sada::OpenOptions options;
    options.write_ahead_log = true;
    auto db = sada::Database::open(path, options);
    REQUIRE(db.ok());
    auto query = db->prepare("SELECT count(*) FROM responses WHERE id = ?1");
    REQUIRE(query.ok());
    query->bind_text(1, id);
    REQUIRE(*query->step());
    return query->column_int64(0);
}

}  // namespace

TEST_CASE("backend: an insert is answered only once another connection can see it") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const std::string path = dir.file("server.db");
    auto backend = SqliteBackend::open(path);
    REQUIRE(backend.ok());
    std::promise<long long> seen_at_answer;
    (*backend)->insert({row(1)}, [&](sada::Result<std::vector<InsertOutcome>> outcomes) {
        REQUIRE(outcomes.ok());
        seen_at_answer.set_value(committed_count(path, row(1).id));
    });
    CHECK(seen_at_answer.get_future().get() == 1);
}

TEST_CASE("backend: concurrent batches share commits but each gets its own outcomes") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    auto backend = SqliteBackend::open(dir.file("server.db"));
    REQUIRE(backend.ok());
    constexpr int kBatches = 40;
    std::vector<std::promise<std::vector<InsertOutcome>>> answers(kBatches);
    std::vector<std::thread> senders;
    for (int b = 0; b < kBatches; ++b) {
        senders.emplace_back([&, b] {
            // Each batch: two new rows, and row 0, which every batch repeats.
            std::vector<StoredResponse> batch{row(1000 + 2 * b), row(1001 + 2 * b), row(0)};
            (*backend)->insert(std::move(batch), [&, b](sada::Result<std::vector<InsertOutcome>> outcomes) {
                REQUIRE(outcomes.ok());
                answers[b].set_value(*outcomes);
            });
        });
    }
    for (auto& sender : senders) sender.join();
    int first_copies_of_row0 = 0;
    for (auto& answer : answers) {
        const auto outcomes = answer.get_future().get();
        REQUIRE(outcomes.size() == 3);
        CHECK(outcomes[0] == InsertOutcome::inserted);
        CHECK(outcomes[1] == InsertOutcome::inserted);
        if (outcomes[2] == InsertOutcome::inserted) ++first_copies_of_row0;
    }
    CHECK(first_copies_of_row0 == 1);  // stored once, whichever batch came first
    const auto page = (*backend)->since("shop", 0, 1000);
    REQUIRE(page.ok());
    CHECK(page->size() == 2 * kBatches + 1);
}

TEST_CASE("backend: erasure runs on the writer and answers with the count") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    auto backend = SqliteBackend::open(dir.file("server.db"));
    REQUIRE(backend.ok());
    std::promise<void> stored;
    (*backend)->insert({row(1, "alice"), row(2, "alice"), row(3, "bob")}, [&](auto) { stored.set_value(); });
    stored.get_future().get();
    std::promise<sada::Result<std::int64_t>> erased;
    (*backend)->erase_visitor("shop", "alice", [&](sada::Result<std::int64_t> result) { erased.set_value(result); });
    const auto result = erased.get_future().get();
    REQUIRE(result.ok());
    CHECK(*result == 2);
    CHECK((*backend)->since("shop", 0, 10)->size() == 1);
}

TEST_CASE("backend: after stop, writes are refused with storage_unavailable") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    auto backend = SqliteBackend::open(dir.file("server.db"));
    REQUIRE(backend.ok());
    (*backend)->stop();
    std::string code;
    (*backend)->insert({row(1)}, [&](sada::Result<std::vector<InsertOutcome>> outcomes) {
        REQUIRE_FALSE(outcomes.ok());
        code = outcomes.error().code;
    });
    CHECK(code == "storage_unavailable");
    (*backend)->erase_visitor("shop", "alice", [&](sada::Result<std::int64_t> result) { code = result.ok() ? "" : result.error().code + "!"; });
    CHECK(code == "storage_unavailable!");
}
