// An event-driven HTTP/1.1 server (Boost.Beast on Asio): many idle or slow connections cost a
// timer and a buffer each, never a thread, so they cannot starve other clients.
#pragma once

#include "http_types.hpp"
#include "sada/result.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace sada::server {

struct RequestLog {
    std::string remote_address;
    std::string method;
    std::string path;
    int status = 0;
    std::uint64_t body_bytes = 0;
    double milliseconds = 0;
};

struct HttpServerOptions {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;                      // 0: any free port (see HttpServer::port)
    unsigned threads = 2;
    std::chrono::seconds header_timeout{10};         // to receive a request's headers
    std::chrono::seconds body_timeout{20};           // to receive its body
    std::chrono::seconds idle_timeout{30};           // keep-alive wait for the next request
    std::chrono::seconds write_timeout{30};          // to send a response
    std::chrono::seconds shutdown_grace{10};         // in-flight requests get this long on stop()
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_connections = 10000;             // further connections are closed at once
    std::size_t send_buffer_bytes = 64 * 1024;       // SO_SNDBUF per connection (Linux doubles it); 0: the kernel's
    // The largest body accepted for a request, decided from its headers (path, site).
    std::function<std::uint64_t(const HttpRequest& headers_only)> body_limit;
    // Answers a complete request; may respond later from another thread.
    std::function<void(const HttpRequest&, const Respond&)> handler;
    std::function<void(const RequestLog&)> log;      // one call per answered request
};

class HttpServer {
public:
    // Binds and listens; errors ("listen_failed") name the address.
    static Result<std::unique_ptr<HttpServer>> start(HttpServerOptions options);
    ~HttpServer();

    unsigned short port() const;
    std::size_t open_connections() const;

    // Serves on `threads` threads until stop() finished; returns then.
    void run();
    // Graceful stop, callable from any thread or a signal handler's Asio callback: stop accepting,
    // let requests in flight finish (up to shutdown_grace), close idle connections.
    void stop();

    struct State;

private:
    explicit HttpServer(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace sada::server
