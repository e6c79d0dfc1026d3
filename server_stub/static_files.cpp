// Static files: percent-decoding, traversal refusal, root containment and content types.
#include "static_files.hpp"

#include "http_types.hpp"

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

std::shared_ptr<const std::string> StaticFileCache::read(const std::filesystem::path& file) {
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    if (error) return nullptr;
    const auto modified = std::filesystem::last_write_time(file, error);
    if (error) return nullptr;
    {
        std::lock_guard lock(mutex_);
        const auto found = entries_.find(file);
        if (found != entries_.end() && found->second.size == size && found->second.modified == modified) {
            return found->second.bytes;
        }
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return nullptr;
    auto bytes = std::make_shared<std::string>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return nullptr;
    std::lock_guard lock(mutex_);
    auto found = entries_.find(file);
    if (found != entries_.end()) {
        cached_bytes_ -= found->second.bytes->size();
        entries_.erase(found);
    }
    if (cached_bytes_ + bytes->size() <= max_cached_bytes_) {
        cached_bytes_ += bytes->size();
        entries_[file] = Entry{modified, size, bytes};
    }
    return bytes;
}

}  // namespace sada::server
