// TempDir: a fresh, uniquely named directory for one test, removed with its contents at scope exit.
#pragma once

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <system_error>

namespace sada::test {

// Uses only the error_code overloads of std::filesystem (tests are built without exceptions too)
// and falls back to /tmp, which also exists in emscripten's in-memory file system.
class TempDir {
public:
    TempDir() {
        std::error_code ec;
        std::filesystem::path base = std::filesystem::temp_directory_path(ec);
        if (ec || base.empty()) base = "/tmp";
        std::random_device random;
        const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
        for (int attempt = 0; attempt < 100 && path_.empty(); ++attempt) {
            std::filesystem::path candidate =
                base / ("sada-test-" + std::to_string(ticks) + "-" + std::to_string(random()));
            if (std::filesystem::create_directory(candidate, ec) && !ec) path_ = candidate;
        }
    }
    ~TempDir() {
        if (path_.empty()) return;
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    bool ok() const { return !path_.empty(); }
    const std::filesystem::path& path() const { return path_; }
    // The path of a file named name inside the directory (the file is not created).
    std::string file(std::string_view name) const { return (path_ / std::string(name)).string(); }

private:
    std::filesystem::path path_;
};

}  // namespace sada::test
