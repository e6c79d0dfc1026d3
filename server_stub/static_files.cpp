// Static files: percent-decoding, traversal refusal, root containment and content types.
#include "static_files.hpp"

#include "http_types.hpp"

#include <zlib.h>

#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

namespace sada::server {

namespace {

// True when `inner` is `outer` or lies below it (both canonical).
bool is_within(const std::filesystem::path& outer, const std::filesystem::path& inner) {
    auto o = outer.begin();
    auto i = inner.begin();
    for (; o != outer.end(); ++o, ++i) {
        if (i == inner.end() || *o != *i) {
            // A trailing empty element (root given as "/srv/www/") matches anything.
            if (o->empty() && std::next(o) == outer.end()) return true;
            return false;
        }
    }
    return true;
}

}  // namespace

std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& root,
                                                         std::string_view url_path) {
    try {
        if (url_path.empty() || url_path.front() != '/') return std::nullopt;
        const std::optional<std::string> decoded = percent_decode(url_path);  // refuses a decoded NUL
        if (!decoded) return std::nullopt;
        if (decoded->find('\0') != std::string::npos || decoded->find('\\') != std::string::npos) {
            return std::nullopt;
        }

        std::filesystem::path relative;
        std::size_t start = 1;
        while (start <= decoded->size()) {
            std::size_t end = decoded->find('/', start);
            if (end == std::string::npos) end = decoded->size();
            const std::string_view segment = std::string_view(*decoded).substr(start, end - start);
            // ".", ".." and hidden files (.env, .git/...) are never served.
            if (!segment.empty() && segment.front() == '.') return std::nullopt;
            if (!segment.empty()) relative /= std::string(segment);
            start = end + 1;
        }
        if (decoded->back() == '/') relative /= "index.html";
        if (relative.empty()) return std::nullopt;

        std::error_code ec;
        const std::filesystem::path canonical_root = std::filesystem::canonical(root, ec);
        if (ec) return std::nullopt;
        const std::filesystem::path resolved = std::filesystem::weakly_canonical(canonical_root / relative, ec);
        if (ec || !is_within(canonical_root, resolved)) return std::nullopt;
        if (!std::filesystem::is_regular_file(resolved, ec) || ec) return std::nullopt;
        return resolved;
    } catch (...) {
        return std::nullopt;  // allocation failure: refuse rather than throw
    }
}

std::string_view content_type_for(const std::filesystem::path& file) {
    std::string extension = file.extension().string();
    for (char& c : extension) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (extension == ".html" || extension == ".htm") return "text/html; charset=utf-8";
    if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
    if (extension == ".css") return "text/css; charset=utf-8";
    if (extension == ".txt") return "text/plain; charset=utf-8";
    if (extension == ".json" || extension == ".map") return "application/json";
    if (extension == ".wasm") return "application/wasm";
    if (extension == ".svg") return "image/svg+xml";
    if (extension == ".png") return "image/png";
    if (extension == ".ico") return "image/x-icon";
    return "application/octet-stream";
}

bool accepts_gzip(std::string_view accept_encoding) {
    const auto trim = [](std::string_view text) {
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
        return text;
    };
    bool accepted = false;
    while (!accept_encoding.empty()) {
        const auto comma = accept_encoding.find(',');
        std::string_view item = accept_encoding.substr(0, comma);
        accept_encoding = comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
        const auto semicolon = item.find(';');
        std::string name(trim(item.substr(0, semicolon)));
        for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        if (name != "gzip" && name != "*") continue;
        bool refused = false;
        if (semicolon != std::string_view::npos) {
            std::string_view parameter = trim(item.substr(semicolon + 1));
            if (parameter.starts_with("q=") || parameter.starts_with("Q=")) {
                parameter.remove_prefix(2);
                refused = !parameter.empty() && parameter.find_first_not_of("0.") == std::string_view::npos;
            }
        }
        if (name == "gzip") return !refused;  // an explicit gzip entry decides
        accepted = !refused;
    }
    return accepted;
}

bool is_compressible(std::string_view content_type) {
    return content_type.starts_with("text/") || content_type.starts_with("application/json") ||
           content_type == "application/wasm" || content_type == "image/svg+xml";
}

std::shared_ptr<const std::string> gzip_bytes(std::string_view bytes) {
    z_stream stream{};
    // 15 window bits + 16: a gzip header and trailer rather than zlib's.
    if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return nullptr;
    auto out = std::make_shared<std::string>(deflateBound(&stream, static_cast<uLong>(bytes.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<uInt>(bytes.size());
    stream.next_out = reinterpret_cast<Bytef*>(out->data());
    stream.avail_out = static_cast<uInt>(out->size());
    const int result = deflate(&stream, Z_FINISH);
    out->resize(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END) return nullptr;
    return out;
}

StaticFile StaticFileCache::read(const std::filesystem::path& file) {
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    if (error) return {};
    const auto modified = std::filesystem::last_write_time(file, error);
    if (error) return {};
    {
        std::lock_guard lock(mutex_);
        const auto found = entries_.find(file);
        if (found != entries_.end() && found->second.size == size && found->second.modified == modified) {
            return found->second.served;
        }
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return {};
    StaticFile served;
    served.bytes = std::make_shared<std::string>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return {};
    const std::uintmax_t cost = served.bytes->size();
    std::lock_guard lock(mutex_);
    auto found = entries_.find(file);
    if (found != entries_.end()) {
        cached_bytes_ -= found->second.served.bytes->size();
        entries_.erase(found);
    }
    if (cached_bytes_ + cost > max_cached_bytes_) return served;  // not cached: not compressed either
    // Compressed once, here (a few milliseconds for the widget), under the lock so that tabs
    // asking at once do not all compress it.
    if (is_compressible(content_type_for(file)) && cost > 256) {
        auto gzipped = gzip_bytes(*served.bytes);
        if (gzipped && gzipped->size() < cost) served.gzipped = std::move(gzipped);
    }
    cached_bytes_ += cost;
    entries_[file] = Entry{modified, size, served};
    return served;
}

}  // namespace sada::server
