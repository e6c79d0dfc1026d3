// Static files: mapping a request path to a file under a root folder, safely, and its content type.
#pragma once

#include <filesystem>
#include <optional>
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

}  // namespace sada::server
