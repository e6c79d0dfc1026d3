// Tests for static files: request paths map into the root only, never out of it.
#include "static_files.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using sada::server::content_type_for;
using sada::server::resolve_static_path;

namespace {

void write_file(const fs::path& path, const std::string& text) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    std::FILE* file = std::fopen(path.c_str(), "wb");
    REQUIRE(file != nullptr);
    CHECK(std::fwrite(text.data(), 1, text.size(), file) == text.size());
    std::fclose(file);
}

// A temporary folder holding root/ (the served tree) and secret.txt beside it.
struct Tree {
    sada::test::TempDir dir;
    fs::path root;
    Tree() {
        REQUIRE(dir.ok());
        root = dir.path() / "root";
        write_file(root / "index.html", "<h1>home</h1>");
        write_file(root / "app.js", "console.log(1)");
        write_file(root / "docs" / "index.html", "docs");
        write_file(root / "docs" / "a b.txt", "space");
        write_file(root / "a" / "b", "b");
        write_file(dir.path() / "secret.txt", "secret");
    }
    fs::path in_root(const std::string& relative) const { return fs::canonical(root) / relative; }
};

}  // namespace

TEST_CASE("files under the root are found") {
    Tree tree;
    CHECK(resolve_static_path(tree.root, "/app.js") == tree.in_root("app.js"));
    CHECK(resolve_static_path(tree.root, "/a/b") == tree.in_root("a/b"));
    CHECK(resolve_static_path(tree.root, "/docs/a%20b.txt") == tree.in_root("docs/a b.txt"));
    CHECK(resolve_static_path(tree.root, "/%61pp.js") == tree.in_root("app.js"));
    CHECK(resolve_static_path(tree.root, "//app.js") == tree.in_root("app.js"));
}

TEST_CASE("folders map to their index.html") {
    Tree tree;
    CHECK(resolve_static_path(tree.root, "/") == tree.in_root("index.html"));
    CHECK(resolve_static_path(tree.root, "/docs/") == tree.in_root("docs/index.html"));
    SUBCASE("a folder without the slash is not a file") { CHECK_FALSE(resolve_static_path(tree.root, "/docs")); }
    SUBCASE("a folder without index.html") { CHECK_FALSE(resolve_static_path(tree.root, "/a/")); }
}

TEST_CASE("missing files and malformed paths give nothing") {
    Tree tree;
    CHECK_FALSE(resolve_static_path(tree.root, "/missing.js"));
    CHECK_FALSE(resolve_static_path(tree.root, "/app.js/"));
    CHECK_FALSE(resolve_static_path(tree.root, ""));
    CHECK_FALSE(resolve_static_path(tree.root, "app.js"));
    CHECK_FALSE(resolve_static_path(tree.root / "nope", "/app.js"));
    SUBCASE("bad percent escapes") {
        CHECK_FALSE(resolve_static_path(tree.root, "/app.js%"));
        CHECK_FALSE(resolve_static_path(tree.root, "/app.js%4"));
        CHECK_FALSE(resolve_static_path(tree.root, "/%zzapp.js"));
    }
}

TEST_CASE("traversal attempts are refused") {
    Tree tree;
    SUBCASE("plain dot-dot") { CHECK_FALSE(resolve_static_path(tree.root, "/../secret.txt")); }
    SUBCASE("dot-dot deeper in") { CHECK_FALSE(resolve_static_path(tree.root, "/docs/../../secret.txt")); }
    SUBCASE("dot-dot even when it stays inside") { CHECK_FALSE(resolve_static_path(tree.root, "/docs/../app.js")); }
    SUBCASE("encoded dots") {
        CHECK_FALSE(resolve_static_path(tree.root, "/%2e%2e/secret.txt"));
        CHECK_FALSE(resolve_static_path(tree.root, "/%2E%2E/secret.txt"));
        CHECK_FALSE(resolve_static_path(tree.root, "/.%2e/secret.txt"));
    }
    SUBCASE("an encoded slash") { CHECK_FALSE(resolve_static_path(tree.root, "/a/%2E%2E%2Fb")); }
    SUBCASE("a single dot segment") {
        CHECK_FALSE(resolve_static_path(tree.root, "/./app.js"));
        CHECK_FALSE(resolve_static_path(tree.root, "/%2e/app.js"));
    }
    SUBCASE("a NUL byte") {
        CHECK_FALSE(resolve_static_path(tree.root, "/app.js%00.png"));
        CHECK_FALSE(resolve_static_path(tree.root, std::string("/app.js\0", 8)));
    }
    SUBCASE("backslashes") {
        CHECK_FALSE(resolve_static_path(tree.root, "/..\\secret.txt"));
        CHECK_FALSE(resolve_static_path(tree.root, "/a%5Cb"));
    }
    SUBCASE("an absolute path after decoding stays under the root") {
        CHECK_FALSE(resolve_static_path(tree.root, "/%2Fetc%2Fpasswd"));
    }
}

TEST_CASE("symlinks leading out of the root are refused") {
    Tree tree;
    std::error_code ec;
    fs::create_symlink(tree.dir.path() / "secret.txt", tree.root / "leak.txt", ec);
    REQUIRE_FALSE(ec);
    fs::create_directory_symlink(tree.dir.path(), tree.root / "up", ec);
    REQUIRE_FALSE(ec);
    fs::create_symlink(tree.root / "app.js", tree.root / "alias.js", ec);
    REQUIRE_FALSE(ec);
    CHECK_FALSE(resolve_static_path(tree.root, "/leak.txt"));
    CHECK_FALSE(resolve_static_path(tree.root, "/up/secret.txt"));
    SUBCASE("a symlink inside the root is followed") {
        CHECK(resolve_static_path(tree.root, "/alias.js") == tree.in_root("app.js"));
    }
    SUBCASE("a root that is itself a symlink works") {
        fs::create_directory_symlink(tree.root, tree.dir.path() / "link-root", ec);
        REQUIRE_FALSE(ec);
        CHECK(resolve_static_path(tree.dir.path() / "link-root", "/app.js") == tree.in_root("app.js"));
        CHECK_FALSE(resolve_static_path(tree.dir.path() / "link-root", "/leak.txt"));
    }
}

TEST_CASE("content types follow the extension") {
    CHECK(content_type_for("index.html") == "text/html; charset=utf-8");
    CHECK(content_type_for("/x/INDEX.HTML") == "text/html; charset=utf-8");
    CHECK(content_type_for("sada.js") == "text/javascript; charset=utf-8");
    CHECK(content_type_for("sada.mjs") == "text/javascript; charset=utf-8");
    CHECK(content_type_for("style.css") == "text/css; charset=utf-8");
    CHECK(content_type_for("robots.txt") == "text/plain; charset=utf-8");
    CHECK(content_type_for("surveys.json") == "application/json");
    CHECK(content_type_for("sada.js.map") == "application/json");
    CHECK(content_type_for("sada.wasm") == "application/wasm");
    CHECK(content_type_for("logo.svg") == "image/svg+xml");
    CHECK(content_type_for("logo.png") == "image/png");
    CHECK(content_type_for("favicon.ico") == "image/x-icon");
    CHECK(content_type_for("archive.tar.gz") == "application/octet-stream");
    CHECK(content_type_for("Makefile") == "application/octet-stream");
}

TEST_CASE("hidden files and folders are never served") {
    Tree tree;
    write_file(tree.root / ".env", "SECRET=1");
    write_file(tree.root / ".git" / "config", "[core]");
    CHECK_FALSE(resolve_static_path(tree.root, "/.env"));
    CHECK_FALSE(resolve_static_path(tree.root, "/.git/config"));
    CHECK_FALSE(resolve_static_path(tree.root, "/%2egit/config"));
}

TEST_CASE("static file cache: one shared copy per file, read again when the file changes") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    const fs::path file = dir.path() / "sada.js";
    write_file(file, "first");
    sada::server::StaticFileCache cache;
    const auto first = cache.read(file).bytes;
    REQUIRE(first);
    CHECK(*first == "first");
    CHECK(cache.read(file).bytes == first);  // the same bytes, not a copy

    SUBCASE("a changed file is read again; answers already holding the old bytes keep them") {
        write_file(file, "second version");
        const auto second = cache.read(file).bytes;
        REQUIRE(second);
        CHECK(*second == "second version");
        CHECK(*first == "first");
    }
    SUBCASE("a file that is gone reads as nothing") {
        fs::remove(file);
        CHECK_FALSE(cache.read(file).bytes);
    }
    SUBCASE("beyond its budget the cache still answers, with a copy per read") {
        sada::server::StaticFileCache small(4);
        const auto a = small.read(file).bytes;
        REQUIRE(a);
        CHECK(*a == "first");
        CHECK(small.read(file).bytes != a);
    }
}

TEST_CASE("static file cache: text is gzipped once, images and tiny files are not") {
    sada::test::TempDir dir;
    REQUIRE(dir.ok());
    std::string script;
    for (int i = 0; i < 400; ++i) script += "console.log('سلام " + std::to_string(i) + "');\n";
    write_file(dir.path() / "app.js", script);
    write_file(dir.path() / "logo.png", script);
    write_file(dir.path() / "tiny.css", "a{}");
    sada::server::StaticFileCache cache;
    const auto served = cache.read(dir.path() / "app.js");
    REQUIRE(served.gzipped);
    CHECK(served.gzipped->size() < script.size() / 4);
    CHECK(served.gzipped->compare(0, 2, "\x1f\x8b") == 0);  // the gzip magic number
    CHECK(cache.read(dir.path() / "app.js").gzipped == served.gzipped);
    CHECK_FALSE(cache.read(dir.path() / "logo.png").gzipped);
    CHECK_FALSE(cache.read(dir.path() / "tiny.css").gzipped);
}

TEST_CASE("Accept-Encoding: gzip is taken unless refused with q=0") {
    using sada::server::accepts_gzip;
    CHECK(accepts_gzip("gzip"));
    CHECK(accepts_gzip("gzip, deflate, br, zstd"));
    CHECK(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
    CHECK(accepts_gzip("*"));
    CHECK_FALSE(accepts_gzip(""));
    CHECK_FALSE(accepts_gzip("identity"));
    CHECK_FALSE(accepts_gzip("br, deflate"));
    CHECK_FALSE(accepts_gzip("gzip;q=0"));
    CHECK_FALSE(accepts_gzip("gzip; q=0.000, br"));
    CHECK_FALSE(accepts_gzip("*, gzip;q=0"));
    CHECK_FALSE(accepts_gzip("x-gzip-nope"));
}
