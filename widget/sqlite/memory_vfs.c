/* The widget SQLite's whole "OS layer" (it is built with SQLITE_OS_OTHER=1): a VFS that opens no
 * files. Databases live in memory (memdb, through sqlite3_deserialize) and the widget's JS saves
 * their image to IndexedDB, so SQLite needs from the platform only time and randomness. Leaving
 * out SQLite's Unix VFS also leaves out Emscripten's file system, which the widget does not load. */
#include <sqlite3.h>

#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int no_files_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  (void)vfs; (void)name; (void)flags; (void)out_flags;
  file->pMethods = 0;
  return SQLITE_CANTOPEN;
}

static int no_files_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  (void)vfs; (void)name; (void)sync_dir;
  return SQLITE_IOERR_DELETE_NOENT;
}

static int no_files_access(sqlite3_vfs* vfs, const char* name, int flags, int* result) {
  (void)vfs; (void)name; (void)flags;
  *result = 0;
  return SQLITE_OK;
}

static int full_pathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  (void)vfs;
  if ((int)strlen(name) >= size) return SQLITE_CANTOPEN;
  sqlite3_snprintf(size, out, "%s", name);
  return SQLITE_OK;
}

/* Seeds SQLite's pseudo-random generator (used for random() and temporary names). The browser's
 * crypto.getRandomValues is behind getentropy; should it fail, the seed stays zero, which only
 * makes random() predictable (the outbox never uses it). */
static int randomness(sqlite3_vfs* vfs, int size, char* out) {
  (void)vfs;
  memset(out, 0, (size_t)size);
  for (int done = 0; done < size;) {
    int chunk = size - done > 256 ? 256 : size - done;
    if (getentropy(out + done, (size_t)chunk) != 0) break;
    done += chunk;
  }
  return size;
}

/* Nothing here ever waits for a lock held by someone else: the database is private to this page. */
static int no_sleep(sqlite3_vfs* vfs, int microseconds) {
  (void)vfs; (void)microseconds;
  return 0;
}

static int current_time_ms(sqlite3_vfs* vfs, sqlite3_int64* julian_day_ms) {
  (void)vfs;
  struct timespec now;
  if (clock_gettime(CLOCK_REALTIME, &now) != 0) return SQLITE_ERROR;
  const sqlite3_int64 unix_epoch_julian_ms = 210866760000000LL;
  *julian_day_ms = unix_epoch_julian_ms + (sqlite3_int64)now.tv_sec * 1000 + now.tv_nsec / 1000000;
  return SQLITE_OK;
}

static int current_time(sqlite3_vfs* vfs, double* julian_day) {
  sqlite3_int64 ms = 0;
  int rc = current_time_ms(vfs, &ms);
  *julian_day = (double)ms / 86400000.0;
  return rc;
}

static int last_error(sqlite3_vfs* vfs, int size, char* out) {
  (void)vfs;
  if (size > 0) out[0] = 0;
  return 0;
}

static sqlite3_vfs memory_only_vfs = {
  2,                  /* iVersion: has xCurrentTimeInt64 */
  sizeof(sqlite3_file), /* szOsFile: SQLite sizes every pager's file handle by this, even unopened */
  1024,               /* mxPathname */
  0,                  /* pNext */
  "sada-memory",      /* zName */
  0,                  /* pAppData */
  no_files_open, no_files_delete, no_files_access, full_pathname,
  0, 0, 0, 0,         /* no extensions to load */
  randomness, no_sleep, current_time, last_error,
  current_time_ms,
  0, 0, 0,            /* no system-call overrides */
};

int sqlite3_os_init(void) { return sqlite3_vfs_register(&memory_only_vfs, 1); }

int sqlite3_os_end(void) { return SQLITE_OK; }
