// Static files: mapping a request path to a file under a root folder, safely, and its content type.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace sada::server {

// The file a request path names under `root`, or nullopt. `url_path` is the raw request-target
// path (no query). It must start with "/"; it is percent-decoded (a bad escape refuses it), and
// after decoding it may not hold NUL, a backslash, or a "." or ".." segment. "/" and paths ending
// in "/" name "index.html" in that folder. The result is the canonical path of an existing regular
// file inside the canonical root: a symlink leading outside the root is refused.
std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& root,
                                                         std::string_view url_path);

// The Content-Type for a file by its extension (case-insensitive); text types carry
// "; charset=utf-8". Unknown extensions are application/octet-stream.
std::string_view content_type_for(const std::filesystem::path& file);

// Whether an Accept-Encoding header value accepts gzip ("gzip" or "*", not with q=0).
bool accepts_gzip(std::string_view accept_encoding);

// Whether a type is worth compressing (text, JavaScript, JSON, wasm, SVG; not images).
bool is_compressible(std::string_view content_type);

// gzip (RFC 1952) of bytes; nullptr when zlib fails.
std::shared_ptr<const std::string> gzip_bytes(std::string_view bytes);

// One static file as served: its bytes, and their gzip when that is worth sending (a compressible
// type, and smaller), else nullptr.
struct StaticFile {
    std::shared_ptr<const std::string> bytes;
    std::shared_ptr<const std::string> gzipped;
};

// The bytes of static files (and their gzip), read and compressed once and shared by every
// response that sends them, so a thousand slow readers of the widget hold one copy, not a
// thousand. A file changed on disk (size or modification time) is read again. Files are cached
// while the cache holds at most `max_cached_bytes`; beyond that they are read (and not
// compressed) for each request. Thread-safe.
class StaticFileCache {
public:
    explicit StaticFileCache(std::uintmax_t max_cached_bytes = 64u << 20) : max_cached_bytes_(max_cached_bytes) {}
    // bytes is nullptr when the file cannot be read.
    StaticFile read(const std::filesystem::path& file);

private:
    struct Entry {
        std::filesystem::file_time_type modified;
        std::uintmax_t size = 0;
        StaticFile served;
    };
    std::mutex mutex_;
    std::map<std::filesystem::path, Entry> entries_;
    std::uintmax_t cached_bytes_ = 0;
    std::uintmax_t max_cached_bytes_;
};

}  // namespace sada::server
