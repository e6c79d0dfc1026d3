// SQLite fault injection for tests: an allocator and a VFS that wrap SQLite's own and fail the
// N-th allocation or file operation (once, or from then on), as SQLite's own malloc and I/O
// error tests do. Installed for one scope (FaultInjection); one at a time, on one thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>

namespace sada::test {

enum class FaultKind { allocation, file_io };

// What to fail: the `at`-th operation of `kind` (1-based), and, when `persistent`, every later one.
struct FaultPlan {
    FaultKind kind = FaultKind::allocation;
    std::int64_t at = 0;  // 0: fail nothing, only count
    bool persistent = false;
};

namespace detail {

struct FaultState {
    bool armed = false;
    FaultPlan plan;
    std::int64_t seen = 0;   // operations of plan.kind since arming
    std::int64_t fired = 0;  // failures injected since arming
};

inline FaultState& fault_state() {
    static FaultState state;
    return state;
}

inline bool should_fail(FaultKind kind) {
    FaultState& s = fault_state();
    if (!s.armed || s.plan.kind != kind) return false;
    ++s.seen;
    const bool fail = s.plan.at > 0 && (s.seen == s.plan.at || (s.plan.persistent && s.seen > s.plan.at));
    if (fail) ++s.fired;
    return fail;
}

// ---- allocator ----

inline sqlite3_mem_methods& real_memory() {
    static sqlite3_mem_methods methods{};
    return methods;
}
inline void* faulty_malloc(int n) { return should_fail(FaultKind::allocation) ? nullptr : real_memory().xMalloc(n); }
inline void faulty_free(void* p) { real_memory().xFree(p); }
inline void* faulty_realloc(void* p, int n) {
    return should_fail(FaultKind::allocation) ? nullptr : real_memory().xRealloc(p, n);
}
inline int faulty_size(void* p) { return real_memory().xSize(p); }
inline int faulty_roundup(int n) { return real_memory().xRoundup(n); }
inline int faulty_init(void* data) { return real_memory().xInit(data); }
inline void faulty_shutdown(void* data) { real_memory().xShutdown(data); }

// ---- VFS: every file SQLite opens is wrapped; reads, writes, syncs, truncations, size queries,
// locks and shared-memory maps are counted as file operations, and so are opens, deletes and
// existence checks. ----

struct FaultyFile {
    sqlite3_file base;
    sqlite3_file* real;  // follows this struct in the same allocation
};

inline sqlite3_vfs*& real_vfs() {
    static sqlite3_vfs* vfs = nullptr;
    return vfs;
}
inline sqlite3_file* inner(sqlite3_file* file) { return reinterpret_cast<FaultyFile*>(file)->real; }

inline int file_close(sqlite3_file* f) { return inner(f)->pMethods->xClose(inner(f)); }
inline int file_read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
    if (should_fail(FaultKind::file_io)) return SQLITE_IOERR_READ;
    return inner(f)->pMethods->xRead(inner(f), buffer, amount, offset);
}
inline int file_write(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
    if (should_fail(FaultKind::file_io)) return SQLITE_IOERR_WRITE;
    return inner(f)->pMethods->xWrite(inner(f), buffer, amount, offset);
}
inline int file_truncate(sqlite3_file* f, sqlite3_int64 size) {
    if (should_fail(FaultKind::file_io)) return SQLITE_IOERR_TRUNCATE;
    return inner(f)->pMethods->xTruncate(inner(f), size);
}
inline int file_sync(sqlite3_file* f, int flags) {
    if (should_fail(FaultKind::file_io)) return SQLITE_IOERR_FSYNC;
    return inner(f)->pMethods->xSync(inner(f), flags);
}
inline int file_size(sqlite3_file* f, sqlite3_int64* size) {
    if (should_fail(FaultKind::file_io)) return SQLITE_IOERR_FSTAT;
    return inner(f)->pMethods->xFileSize(inner(f), size);
}
inline int file_lock(sqlite3_file* f, int level) {
    if (should_fail(FaultKind::file_io)) return SQLITE_IOERR_LOCK;
    return inner(f)->pMethods->xLock(inner(f), level);
}
inline int file_unlock(sqlite3_file* f, int level) { return inner(f)->pMethods->xUnlock(inner(f), level); }
inline int file_check_reserved(sqlite3_file* f, int* out) {
    return inner(f)->pMethods->xCheckReservedLock(inner(f), out);
}
inline int file_control(sqlite3_file* f, int op, void* arg) { return inner(f)->pMethods->xFileControl(inner(f), op, arg); }
inline int file_sector_size(sqlite3_file* f) { return inner(f)->pMethods->xSectorSize(inner(f)); }
inline int file_device(sqlite3_file* f) { return inner(f)->pMethods->xDeviceCharacteristics(inner(f)); }
inline int file_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    if (should_fail(FaultKind::file_io)) return SQLITE_IOERR_SHMMAP;
    return inner(f)->pMethods->xShmMap(inner(f), region, size, extend, out);
}
inline int file_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return inner(f)->pMethods->xShmLock(inner(f), offset, n, flags);
}
inline void file_shm_barrier(sqlite3_file* f) { inner(f)->pMethods->xShmBarrier(inner(f)); }
inline int file_shm_unmap(sqlite3_file* f, int delete_flag) { return inner(f)->pMethods->xShmUnmap(inner(f), delete_flag); }
// No memory-mapped reads through the wrapper: every read goes through file_read.
inline int file_fetch(sqlite3_file*, sqlite3_int64, int, void** out) {
    *out = nullptr;
    return SQLITE_OK;
}
inline int file_unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

inline const sqlite3_io_methods& faulty_io_methods() {
    static const sqlite3_io_methods methods = {
        3,           file_close,          file_read,        file_write,        file_truncate,
        file_sync,   file_size,           file_lock,        file_unlock,       file_check_reserved,
        file_control, file_sector_size,   file_device,      file_shm_map,      file_shm_lock,
        file_shm_barrier, file_shm_unmap, file_fetch,       file_unfetch,
    };
    return methods;
}

inline int vfs_open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
    auto* wrapper = reinterpret_cast<FaultyFile*>(file);
    wrapper->base.pMethods = nullptr;  // SQLite does not close a file whose open failed
    if (should_fail(FaultKind::file_io)) return SQLITE_CANTOPEN;
    wrapper->real = reinterpret_cast<sqlite3_file*>(wrapper + 1);
    const int rc = real_vfs()->xOpen(real_vfs(), name, wrapper->real, flags, out_flags);
    if (rc != SQLITE_OK) return rc;
    const int version = wrapper->real->pMethods->iVersion;
    // The wrapper offers what the real file offers (no shared memory without version 2).
    static sqlite3_io_methods v1 = [] {
        sqlite3_io_methods m = faulty_io_methods();
        m.iVersion = 1;
        return m;
    }();
    wrapper->base.pMethods = version >= 2 ? &faulty_io_methods() : &v1;
    return SQLITE_OK;
}
inline int vfs_delete(sqlite3_vfs*, const char* name, int sync_dir) {
    if (should_fail(FaultKind::file_io)) return SQLITE_IOERR_DELETE;
    return real_vfs()->xDelete(real_vfs(), name, sync_dir);
}
inline int vfs_access(sqlite3_vfs*, const char* name, int flags, int* out) {
    if (should_fail(FaultKind::file_io)) return SQLITE_IOERR_ACCESS;
    return real_vfs()->xAccess(real_vfs(), name, flags, out);
}
inline int vfs_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
    return real_vfs()->xFullPathname(real_vfs(), name, size, out);
}
inline int vfs_randomness(sqlite3_vfs*, int n, char* out) { return real_vfs()->xRandomness(real_vfs(), n, out); }
inline int vfs_sleep(sqlite3_vfs*, int microseconds) { return real_vfs()->xSleep(real_vfs(), microseconds); }
inline int vfs_current_time(sqlite3_vfs*, double* out) { return real_vfs()->xCurrentTime(real_vfs(), out); }
inline int vfs_last_error(sqlite3_vfs*, int n, char* out) { return real_vfs()->xGetLastError(real_vfs(), n, out); }
inline int vfs_current_time_ms(sqlite3_vfs*, sqlite3_int64* out) {
    return real_vfs()->xCurrentTimeInt64(real_vfs(), out);
}

inline sqlite3_vfs& faulty_vfs() {
    static sqlite3_vfs vfs{};
    return vfs;
}

}  // namespace detail

// While it lives, SQLite allocates through the faulty allocator and opens files through the
// faulty VFS (the default VFS, so the stores use it without knowing). Nothing fails until arm().
// Create it only while no database connection is open: SQLite must be shut down to swap allocators.
class FaultInjection {
public:
    FaultInjection() {
        using namespace detail;
        sqlite3_initialize();
        sqlite3_shutdown();
        sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_memory());
        static sqlite3_mem_methods faulty = {faulty_malloc, faulty_free,   faulty_realloc,  faulty_size,
                                             faulty_roundup, faulty_init, faulty_shutdown, nullptr};
        installed_ = sqlite3_config(SQLITE_CONFIG_MALLOC, &faulty) == SQLITE_OK;
        sqlite3_initialize();

        real_vfs() = sqlite3_vfs_find(nullptr);
        sqlite3_vfs& vfs = faulty_vfs();
        vfs.iVersion = 2;
        vfs.szOsFile = static_cast<int>(sizeof(FaultyFile)) + real_vfs()->szOsFile;
        vfs.mxPathname = real_vfs()->mxPathname;
        vfs.zName = "sada-faulty";
        vfs.xOpen = vfs_open;
        vfs.xDelete = vfs_delete;
        vfs.xAccess = vfs_access;
        vfs.xFullPathname = vfs_full_pathname;
        vfs.xRandomness = vfs_randomness;
        vfs.xSleep = vfs_sleep;
        vfs.xCurrentTime = vfs_current_time;
        vfs.xGetLastError = vfs_last_error;
        vfs.xCurrentTimeInt64 = vfs_current_time_ms;
        installed_ = installed_ && sqlite3_vfs_register(&vfs, 1) == SQLITE_OK;
    }
    ~FaultInjection() {
        disarm();
        sqlite3_vfs_unregister(&detail::faulty_vfs());
        sqlite3_shutdown();
        sqlite3_config(SQLITE_CONFIG_MALLOC, &detail::real_memory());
        sqlite3_initialize();
    }
    FaultInjection(const FaultInjection&) = delete;
    FaultInjection& operator=(const FaultInjection&) = delete;

    bool installed() const { return installed_; }

    void arm(const FaultPlan& plan) {
        detail::FaultState& s = detail::fault_state();
        s = {};
        s.plan = plan;
        s.armed = true;
    }
    // Stops failing; returns how many failures were injected since arm().
    std::int64_t disarm() {
        detail::FaultState& s = detail::fault_state();
        s.armed = false;
        return s.fired;
    }
    // Operations of the armed kind counted since arm().
    std::int64_t seen() const { return detail::fault_state().seen; }

private:
    bool installed_ = false;
};

}  // namespace sada::test
