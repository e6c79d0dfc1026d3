// Where the server keeps responses: an interface, so a shared PostgreSQL backend can be added
// later without touching the handlers (docs/scale.md), and its SQLite implementation.
#pragma once

#include "sada/report.hpp"
#include "sada/response_store.hpp"
#include "sada/result.hpp"

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace sada::server {

class ResponseBackend {
public:
    using InsertDone = std::function<void(Result<std::vector<InsertOutcome>>)>;
    using EraseDone = std::function<void(Result<std::int64_t>)>;

    virtual ~ResponseBackend() = default;

    // Stores a batch; `done` runs once it is durable (committed) or has failed, possibly on another
    // thread. Outcomes are per item, in order; a repeated id is a duplicate, never stored twice.
    virtual void insert(std::vector<StoredResponse> batch, InsertDone done) = 0;
    // A page of a site's responses after `after_seq`, in seq order.
    virtual Result<std::vector<StoredResponse>> since(std::string_view site, std::int64_t after_seq, int limit) = 0;
    // Erases one visitor's responses on one site (and counts them out of the rollups); `done`
    // gets how many, once committed.
    virtual void erase_visitor(std::string site, std::string visitor, EraseDone done) = 0;
    // The scores report from the rollups kept as responses arrive (build_rollup_report).
    virtual Result<nlohmann::json> rollup_report(const ReportQuery& query) = 0;
};

// SQLite (WAL) with group commit: one writer thread takes every batch that is waiting and commits
// them in one transaction, so many concurrent requests share one commit. Every write (erasures
// too) goes through that thread, so HTTP threads never wait for SQLite's write lock. Exports read
// through a second connection, which WAL lets run beside the writer.
class SqliteBackend final : public ResponseBackend {
public:
    struct Options {
        std::size_t max_rows_per_commit = 2000;
        // Fills in the scores of responses stored before the store kept rollups; they are counted
        // in when the backend opens. Unset: they stay uncounted until a backend opens with one.
        std::function<void(StoredResponse&)> score_stored;
    };

    static Result<std::unique_ptr<SqliteBackend>> open(const std::string& path, Options options);
    static Result<std::unique_ptr<SqliteBackend>> open(const std::string& path) { return open(path, Options{}); }
    ~SqliteBackend() override;

    void insert(std::vector<StoredResponse> batch, InsertDone done) override;
    Result<std::vector<StoredResponse>> since(std::string_view site, std::int64_t after_seq, int limit) override;
    void erase_visitor(std::string site, std::string visitor, EraseDone done) override;
    Result<nlohmann::json> rollup_report(const ReportQuery& query) override;

    // Finishes every queued batch, then stops the writer and closes the database. Idempotent.
    void stop();

private:
    // Either a batch to insert (batch + done) or another write to run alone (job).
    struct Pending {
        std::vector<StoredResponse> batch;
        InsertDone done;
        std::function<void(ResponseStore&)> job;
    };

    SqliteBackend(ResponseStore writer, ResponseStore reader, Options options);
    void run_writer();
    void commit(std::vector<Pending>& group);
    bool enqueue(Pending pending);

    std::optional<ResponseStore> writer_store_;  // used only by the writer thread
    std::optional<ResponseStore> reader_store_;  // exports and reports, under reader_mutex_
    std::mutex reader_mutex_;
    Options options_;

    std::mutex queue_mutex_;
    std::condition_variable queue_signal_;
    std::deque<Pending> queue_;
    bool stopping_ = false;
    std::thread writer_;
};

}  // namespace sada::server
