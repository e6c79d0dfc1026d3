// The raw SQLite insert rate bench/ingest compares sada-server with: the same tables, indexes,
// statements, journal settings and rows (each response, its NPS score and its rollup count),
// with no HTTP, JSON or validation in the way.
#include "sada/response_store.hpp"
#include "sada/store.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// A response body like the ones bench/ingest/post.lua sends (Persian text included).
std::string body_for(long n, const std::string& id) {
    return R"({"answers":{"nps":)" + std::to_string(n % 7) + R"(,"why_low":"ارسال خیلی دیر شد"},"context":{"device":"mobile","locale":"fa","page":"/checkout","stage":"purchase","visitor":"v-)" +
           std::to_string(n % 1000) + R"("},"id":")" + id + R"(","submitted_at":"2026-11-23T05:00:00Z","survey_id":"shop-nps","survey_version":1})";
}

std::string id_for(long n) {
    char id[40];
    std::snprintf(id, sizeof id, "019ab000-0000-7000-a000-%012lx", static_cast<unsigned long>(n));
    return id;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: sada-bench-sqlite-raw ROWS ROWS_PER_TRANSACTION DB_FILE\n");
        return 2;
    }
    const long rows = std::atol(argv[1]);
    const long per_transaction = std::atol(argv[2]);
    const std::string path = argv[3];
    {
        auto store = sada::ResponseStore::open(path, true);  // creates the server's schema, WAL
        if (!store.ok()) {
            std::fprintf(stderr, "%s\n", store.error().message.c_str());
            return 1;
        }
    }
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return 1;
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO responses (id, site, survey_id, survey_version, submitted_at_ms, received_at_ms, "
                       "visitor, body, client) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING",
                       -1, &insert, nullptr);
    sqlite3_stmt* score = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO scores (seq, question_id, day, stage, device, locale, kind, value, scale_min, scale_max) "
                       "VALUES (?1, 'nps', ?2, 'purchase', 'mobile', 'fa', 'nps', ?3, 0, 10)",
                       -1, &score, nullptr);
    sqlite3_stmt* rollup = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO rollups (day, site, survey_id, stage, device, locale, kind, scale_min, scale_max, value, count) "
                       "VALUES (?1, 'shop', 'shop-nps', 'purchase', 'mobile', 'fa', 'nps', 0, 10, ?2, 1) "
                       "ON CONFLICT DO UPDATE SET count = count + excluded.count",
                       -1, &rollup, nullptr);
    if (insert == nullptr || score == nullptr || rollup == nullptr) {
        std::fprintf(stderr, "prepare failed: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    const std::string client = R"({"device_class":"desktop","browser":"other"})";
    const auto started = std::chrono::steady_clock::now();
    for (long n = 0; n < rows;) {
        sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        for (long k = 0; k < per_transaction && n < rows; ++k, ++n) {
            const std::string id = id_for(n);
            const std::string body = body_for(n, id);
            const std::string visitor = "v-" + std::to_string(n % 1000);
            sqlite3_bind_text(insert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 2, "shop", -1, SQLITE_STATIC);
            sqlite3_bind_text(insert, 3, "shop-nps", -1, SQLITE_STATIC);
            sqlite3_bind_int(insert, 4, 1);
            sqlite3_bind_int64(insert, 5, 1795410000000 + n);
            sqlite3_bind_int64(insert, 6, 1795410000000 + n);
            sqlite3_bind_text(insert, 7, visitor.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 8, body.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 9, client.c_str(), -1, SQLITE_STATIC);
            if (sqlite3_step(insert) != SQLITE_DONE) {
                std::fprintf(stderr, "insert failed: %s\n", sqlite3_errmsg(db));
                return 1;
            }
            sqlite3_reset(insert);
            const std::int64_t day = (1795410000000 + n) / 86400000;
            sqlite3_bind_int64(score, 1, sqlite3_last_insert_rowid(db));
            sqlite3_bind_int64(score, 2, day);
            sqlite3_bind_int(score, 3, static_cast<int>(n % 7));
            sqlite3_bind_int64(rollup, 1, day);
            sqlite3_bind_int(rollup, 2, static_cast<int>(n % 7));
            if (sqlite3_step(score) != SQLITE_DONE || sqlite3_step(rollup) != SQLITE_DONE) {
                std::fprintf(stderr, "score insert failed: %s\n", sqlite3_errmsg(db));
                return 1;
            }
            sqlite3_reset(score);
            sqlite3_reset(rollup);
        }
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    sqlite3_finalize(insert);
    sqlite3_finalize(score);
    sqlite3_finalize(rollup);
    sqlite3_close(db);
    std::printf("%.0f\n", static_cast<double>(rows) / seconds);  // rows per second
    return 0;
}
