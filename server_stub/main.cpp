// sada-server's entry point: reads flags and the sites file, opens the store, wires the handlers
// to the HTTP server, and stops gracefully on SIGINT/SIGTERM.
#include "handlers.hpp"
#include "http_server.hpp"
#include "privacy.hpp"
#include "rate_limiter.hpp"
#include "response_backend.hpp"
#include "scoring.hpp"
#include "sada/timestamp.hpp"
#include "sites.hpp"

#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <thread>

namespace {

using namespace sada::server;

constexpr const char* kHelp = R"(sada-server: receives survey answers from Sada widgets and stores them.

Usage: sada-server --sites FILE --db FILE [options]

  --listen ADDR:PORT  IP address and port to listen on (default 127.0.0.1:8080; IPv6 as
                      [::1]:8080; port 0 picks a free one, printed on the first line of stderr)
  --db FILE           the SQLite database (created if missing; WAL mode)
  --sites FILE        the sites file: sites, their allowed origins, admin token hashes,
                      surveys and limits (see docs/server.md)
  --static DIR        also serve the files under DIR (e.g. the demo site and dist/widget)
  --keep-ip-prefix    store the sender's address prefix (/24 for IPv4, /48 for IPv6) with each
                      response; by default no part of the address is stored
  --threads N         threads serving HTTP (default: the number of cores, at least 2)
  --header-timeout S  seconds a client has to send a request's headers (default 10); a
                      connection that is slower is closed
  --body-timeout S    seconds a client has to send a request's whole body once its headers
                      are in (default 20), however slowly or in however many chunks; a
                      slower body is answered 408 and the connection closed
  --help              this text

API: docs/api.md. One log line per request goes to stderr. SIGINT or SIGTERM stops accepting,
lets requests in flight finish, closes the database and exits 0.
)";

struct Flags {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;
    std::string db;
    std::string sites;
    std::string static_dir;
    bool keep_ip_prefix = false;
    unsigned threads = std::max(2u, std::thread::hardware_concurrency());
    int header_timeout_s = 10;
    int body_timeout_s = 20;
};

// A whole number of seconds from 1 to 3600, or nullopt.
std::optional<int> parse_seconds(const char* text) {
    if (text == nullptr) return std::nullopt;
    const std::string value = text;
    if (value.empty() || value.size() > 4 || value.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    const int seconds = std::stoi(value);
    if (seconds < 1 || seconds > 3600) return std::nullopt;
    return seconds;
}

int usage_error(const std::string& message) {
    std::fprintf(stderr, "sada-server: %s\nRun sada-server --help for usage.\n", message.c_str());
    return 2;
}

// Parses "HOST:PORT" (IPv6 as "[::1]:8080").
bool parse_listen(const std::string& text, Flags& flags) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon + 1 >= text.size()) return false;
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string port = text.substr(colon + 1);
    if (host.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5) return false;
    const unsigned long number = std::stoul(port);
    if (number > 65535) return false;
    flags.host = host;
    flags.port = static_cast<unsigned short>(number);
    return true;
}

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Enough file descriptors for many connections (the soft limit is often 1024); returns the
// limit in force.
std::uint64_t raise_open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    return limit.rlim_cur;
}

// Visitor ids are personal data: logs show where an erasure went, not whose it was.
std::string loggable_path(const std::string& path) {
    const auto visitors = path.find("/visitors/");
    return visitors == std::string::npos ? path : path.substr(0, visitors) + "/visitors/-";
}

}  // namespace

int main(int argc, char** argv) {
    // SIGINT/SIGTERM are taken by one thread with sigwait; every other thread (the store's writer,
    // the HTTP threads) inherits this mask, so it must be set before any thread starts.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    Flags flags;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) return nullptr;
            (void)name;
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            std::fputs(kHelp, stdout);
            return 0;
        } else if (arg == "--listen") {
            const char* v = value("--listen");
            if (v == nullptr || !parse_listen(v, flags)) return usage_error("--listen needs ADDR:PORT, e.g. 127.0.0.1:8080");
        } else if (arg == "--db") {
            const char* v = value("--db");
            if (v == nullptr) return usage_error("--db needs a file");
            flags.db = v;
        } else if (arg == "--sites") {
            const char* v = value("--sites");
            if (v == nullptr) return usage_error("--sites needs a file");
            flags.sites = v;
        } else if (arg == "--static") {
            const char* v = value("--static");
            if (v == nullptr) return usage_error("--static needs a folder");
            flags.static_dir = v;
        } else if (arg == "--keep-ip-prefix") {
            flags.keep_ip_prefix = true;
        } else if (arg == "--threads") {
            const char* v = value("--threads");
            const int n = v == nullptr ? 0 : std::atoi(v);
            if (n < 1 || n > 256) return usage_error("--threads needs a number from 1 to 256");
            flags.threads = static_cast<unsigned>(n);
        } else if (arg == "--header-timeout" || arg == "--body-timeout") {
            const auto seconds = parse_seconds(value(arg.c_str()));
            if (!seconds) return usage_error(arg + " needs a whole number of seconds from 1 to 3600");
            (arg == "--header-timeout" ? flags.header_timeout_s : flags.body_timeout_s) = *seconds;
        } else {
            return usage_error("unknown argument \"" + arg + "\"");
        }
    }
    if (flags.sites.empty()) return usage_error("--sites FILE is required");
    if (flags.db.empty()) return usage_error("--db FILE is required");

    auto sites = load_sites(flags.sites);
    if (!sites.ok()) {
        std::fprintf(stderr, "sada-server: %s\n", sites.error().message.c_str());  // names the file
        return 1;
    }
    std::optional<std::filesystem::path> static_root;
    if (!flags.static_dir.empty()) {
        std::error_code error;
        if (!std::filesystem::is_directory(flags.static_dir, error)) {
            std::fprintf(stderr, "sada-server: --static %s is not a folder\n", flags.static_dir.c_str());
            return 1;
        }
        static_root = std::filesystem::canonical(flags.static_dir, error);
    }
    SqliteBackend::Options backend_options;
    backend_options.score_stored = stored_response_scorer(*sites);  // answers stored before rollups were kept
    auto backend = SqliteBackend::open(flags.db, backend_options);
    if (!backend.ok()) {
        std::fprintf(stderr, "sada-server: cannot open %s: %s\n", flags.db.c_str(), backend.error().message.c_str());
        return 1;
    }
    const std::uint64_t open_files = raise_open_file_limit();

    RateLimiter rate_limiter;
    ServerContext context{*sites, **backend, rate_limiter, static_root, flags.keep_ip_prefix, now_ms};
    {
        std::error_code error;
        const std::string db = std::filesystem::weakly_canonical(flags.db, error).string();
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) context.never_served.emplace_back(db + suffix);
        context.never_served.push_back(std::filesystem::weakly_canonical(flags.sites, error));
    }

    HttpServerOptions options;
    options.host = flags.host;
    options.port = flags.port;
    options.threads = flags.threads;
    options.header_timeout = std::chrono::seconds(flags.header_timeout_s);
    options.body_timeout = std::chrono::seconds(flags.body_timeout_s);
    // Connections beyond what file descriptors allow are refused at accept, keeping a reserve
    // for the database, logs and the runtime.
    options.max_connections = static_cast<std::size_t>(
        std::clamp<std::uint64_t>(open_files > 128 ? open_files - 64 : 64, 64, 10000));
    options.body_limit = [&sites](const HttpRequest& request) -> std::uint64_t {
        constexpr std::uint64_t kDefault = 64 * 1024;
        const std::string prefix = "/v1/sites/";
        if (request.method != "POST" || request.path.rfind(prefix, 0) != 0) return kDefault;
        const auto slash = request.path.find('/', prefix.size());
        if (slash == std::string::npos) return kDefault;
        const Site* site = sites->find(request.path.substr(prefix.size(), slash - prefix.size()));
        return site == nullptr ? kDefault : site->limits.max_body_bytes;
    };
    options.handler = [&context](const HttpRequest& request, const Respond& respond) {
        handle_request(context, request, respond);
    };
    options.log = [](const RequestLog& entry) {
        const std::string prefix = ip_prefix(entry.remote_address);
        std::fprintf(stderr, "%s %s %s %s %d %lluB %.1fms\n", sada::format_rfc3339_ms(now_ms()).c_str(),
                     prefix.empty() ? "-" : prefix.c_str(), entry.method.c_str(), loggable_path(entry.path).c_str(),
                     entry.status, static_cast<unsigned long long>(entry.body_bytes), entry.milliseconds);
    };
    auto server = HttpServer::start(options);
    if (!server.ok()) {
        std::fprintf(stderr, "sada-server: %s\n", server.error().message.c_str());
        return 1;
    }
    std::fprintf(stderr, "sada-server: listening on http://%s:%u (%zu sites, database %s, at most %zu connections)\n",
                 flags.host.c_str(), static_cast<unsigned>((*server)->port()), sites->sites.size(), flags.db.c_str(),
                 options.max_connections);

    // The first signal stops gracefully; a second one means "now": exit without waiting (what
    // was acknowledged is committed already; only unanswered requests are cut).
    std::thread signal_waiter([&] {
        int signal_number = 0;
        sigwait(&stop_signals, &signal_number);
        std::fprintf(stderr, "sada-server: %s: finishing requests in flight\n", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
        (*server)->stop();
        sigwait(&stop_signals, &signal_number);
        std::fprintf(stderr, "sada-server: second signal: exiting now\n");
        std::_Exit(1);
    });
    (*server)->run();
    (*backend)->stop();  // every accepted batch is committed before the database closes
    std::fprintf(stderr, "sada-server: stopped\n");
    // The signal thread is waiting only if run() ended without a signal (it never does today).
    signal_waiter.detach();
    return 0;
}
