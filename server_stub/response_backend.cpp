// The SQLite backend: a writer thread doing group commits, and a reader connection for exports.
#include "response_backend.hpp"

#include <iterator>
#include <memory>
#include <span>
#include <utility>

namespace sada::server {

Result<std::unique_ptr<SqliteBackend>> SqliteBackend::open(const std::string& path, Options options) {
    auto writer = ResponseStore::open(path, /*write_ahead_log=*/true);
    if (!writer.ok()) return writer.error();
    if (options.score_stored) {
        if (auto counted = writer->score_unscored(options.score_stored); !counted.ok()) return counted.error();
    }
    auto reader = ResponseStore::open(path, /*write_ahead_log=*/true);
    if (!reader.ok()) return reader.error();
    return std::unique_ptr<SqliteBackend>(new SqliteBackend(std::move(writer).value(), std::move(reader).value(), options));
}

SqliteBackend::SqliteBackend(ResponseStore writer, ResponseStore reader, Options options)
    : writer_store_(std::move(writer)), reader_store_(std::move(reader)), options_(options) {
    writer_ = std::thread([this] { run_writer(); });
}

SqliteBackend::~SqliteBackend() { stop(); }

void SqliteBackend::stop() {
    {
        std::lock_guard lock(queue_mutex_);
        if (stopping_ && !writer_.joinable()) return;
        stopping_ = true;
    }
    queue_signal_.notify_all();
    if (writer_.joinable()) writer_.join();
    std::lock_guard lock(reader_mutex_);
    reader_store_.reset();
    writer_store_.reset();
}

bool SqliteBackend::enqueue(Pending pending) {
    std::lock_guard lock(queue_mutex_);
    if (stopping_) return false;
    queue_.push_back(std::move(pending));
    queue_signal_.notify_one();
    return true;
}

void SqliteBackend::insert(std::vector<StoredResponse> batch, InsertDone done) {
    InsertDone refused = done;
    if (!enqueue({std::move(batch), std::move(done), nullptr})) refused(Error{"storage_unavailable", "the server is shutting down"});
}

void SqliteBackend::erase_visitor(std::string site, std::string visitor, EraseDone done) {
    auto job = [site = std::move(site), visitor = std::move(visitor), done](ResponseStore& store) {
        done(store.erase_visitor(site, visitor));
    };
    if (!enqueue({{}, nullptr, std::move(job)})) done(Error{"storage_unavailable", "the server is shutting down"});
}

void SqliteBackend::run_writer() {
    for (;;) {
        std::vector<Pending> group;
        {
            std::unique_lock lock(queue_mutex_);
            queue_signal_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything queued is done
            if (queue_.front().job) {  // a job runs alone
                group.push_back(std::move(queue_.front()));
                queue_.pop_front();
            } else {
                std::size_t rows = 0;
                while (!queue_.empty() && !queue_.front().job &&
                       (group.empty() || rows + queue_.front().batch.size() <= options_.max_rows_per_commit)) {
                    rows += queue_.front().batch.size();
                    group.push_back(std::move(queue_.front()));
                    queue_.pop_front();
                }
            }
        }
        // Nothing may end this thread early: every waiting request must get its answer.
        try {
            if (group.front().job) {
                group.front().job(*writer_store_);
            } else {
                commit(group);
            }
        } catch (const std::exception& error) {
            for (Pending& pending : group) {
                if (!pending.done) continue;
                try {
                    pending.done(Error{"storage_unavailable", error.what()});
                } catch (...) {
                }
            }
        }
    }
}

void SqliteBackend::commit(std::vector<Pending>& group) {
    std::vector<StoredResponse> rows;
    std::vector<std::size_t> offsets;  // where each pending batch starts in `rows`
    for (Pending& pending : group) {
        offsets.push_back(rows.size());
        std::move(pending.batch.begin(), pending.batch.end(), std::back_inserter(rows));
    }
    offsets.push_back(rows.size());
    const auto slice = [&](std::size_t k) {
        return std::span<const StoredResponse>(rows).subspan(offsets[k], offsets[k + 1] - offsets[k]);
    };
    auto outcomes = writer_store_->insert_batch(rows);
    if (outcomes.ok()) {
        for (std::size_t k = 0; k < group.size(); ++k) {
            const auto begin = outcomes->begin() + static_cast<std::ptrdiff_t>(offsets[k]);
            group[k].done(std::vector<InsertOutcome>(begin, outcomes->begin() + static_cast<std::ptrdiff_t>(offsets[k + 1])));
        }
        return;
    }
    // A constraint failure belongs to one batch: commit each alone, so it cannot fail the others.
    // Any other failure (busy, I/O) would hit each of them again: answer them all now (503).
    if (group.size() == 1 || outcomes.error().code != "constraint_violation") {
        for (Pending& pending : group) pending.done(outcomes.error());
        return;
    }
    for (std::size_t k = 0; k < group.size(); ++k) group[k].done(writer_store_->insert_batch(slice(k)));
}

Result<nlohmann::json> SqliteBackend::rollup_report(const ReportQuery& query) {
    std::lock_guard lock(reader_mutex_);
    if (!reader_store_) return Error{"storage_unavailable", "the store is closed"};
    return build_rollup_report(reader_store_->database(), query);
}

Result<std::vector<StoredResponse>> SqliteBackend::since(std::string_view site, std::int64_t after_seq, int limit) {
    std::lock_guard lock(reader_mutex_);
    if (!reader_store_) return Error{"storage_unavailable", "the store is closed"};
    return reader_store_->since(site, after_seq, limit);
}

}  // namespace sada::server
