// Beast sessions: read headers, pick the body limit, read the body, hand the request to the
// handler, write the answer (plain or chunked), keep alive or close; timers bound every wait.
#include "http_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <cctype>
#include <limits>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace sada::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Session;

struct HttpServer::State {
    HttpServerOptions options;
    std::unique_ptr<asio::io_context> io;
    std::unique_ptr<tcp::acceptor> acceptor;
    std::atomic<bool> stopping{false};
    std::atomic<bool> tearing_down{false};
    std::atomic<std::size_t> connections{0};
    std::mutex sessions_mutex;
    std::list<std::weak_ptr<Session>> sessions;
    std::optional<asio::steady_timer> grace_timer;

    explicit State(HttpServerOptions o)
        : options(std::move(o)),
          io(std::make_unique<asio::io_context>(static_cast<int>(options.threads))),
          acceptor(std::make_unique<tcp::acceptor>(asio::make_strand(*io))) {}  // stop() closes it on its strand

    // Pending handlers own sessions; destroying the io_context first releases them while the
    // counters they touch still exist.
    ~State() {
        tearing_down = true;
        grace_timer.reset();
        acceptor.reset();
        io.reset();
    }
};

namespace {

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// The read buffer holds the headers and at most this much more; chunk extensions and trailers
// count against it, so no request can make a connection's memory grow without bound.
constexpr std::size_t kReadSlack = 64 * 1024;
constexpr std::size_t kMaxChunkExtension = 1024;
// After refusing a request, unread input is drained this long before closing, so the refusal
// reaches the client instead of being destroyed by a TCP reset.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 1 << 20;

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, HttpServer::State& server)
        : stream_(std::move(socket)), server_(server), buffer_(server.options.max_header_bytes + kReadSlack),
          body_timer_(stream_.get_executor()) {
        ++server_.connections;
        beast::error_code ignored;
        remote_address_ = stream_.socket().remote_endpoint(ignored).address().to_string();
    }
    ~Session() {
        // During a graceful stop, the last connection to go ends the serving loop.
        if (--server_.connections == 0 && server_.stopping && !server_.tearing_down) server_.io->stop();
    }

    void start() {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
    }

    // Called on stop(): an idle connection closes now; a busy one closes after its answer.
    void close_if_idle() {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            if (!self->busy_) self->close();
        });
    }

private:
    void read_header() {
        if (server_.stopping) return close();
        busy_ = false;
        request_ = HttpRequest{};
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
        // Beast compares Content-Length with the body limit while parsing the headers; the real
        // limit depends on the headers, so it is set in on_header. (Not boost::none: Beast 1.74
        // compares the length with the optional itself, and an empty optional is below any length.)
        parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
        stream_.expires_after(requests_ == 0 ? server_.options.header_timeout : server_.options.idle_timeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
    }

    void on_header(beast::error_code ec) {
        if (ec) {
            if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::operation_aborted ||
                ec == asio::error::connection_reset || ec == http::error::partial_message) {
                return close();
            }
            // On a timeout Beast has already closed the socket: there is no one left to answer.
            if (ec == beast::error::timeout) return close();
            if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
                return fail(431, "headers_too_large", "the request headers are too large");
            }
            return fail(400, "bad_request", "malformed HTTP request: " + ec.message());
        }
        busy_ = true;
        started_ = std::chrono::steady_clock::now();
        const auto& header = parser_->get();
        request_.method = std::string(header.method_string());
        const std::string_view target = header.target();
        const auto question = target.find('?');
        request_.path = std::string(target.substr(0, question));
        if (question != std::string_view::npos) request_.query = std::string(target.substr(question + 1));
        for (const auto& field : header) request_.headers[lower(field.name_string())] = std::string(field.value());
        request_.remote_address = remote_address_;
        keep_alive_ = header.keep_alive();
        version_ = header.version();

        // A Transfer-Encoding whose last coding is not chunked has no knowable length (RFC 9112
        // 6.3): reading on would let its bytes pass as the next request (request smuggling).
        if (header.find(http::field::transfer_encoding) != header.end() && !parser_->chunked()) {
            return fail(400, "bad_request", "Transfer-Encoding must end with chunked");
        }
        const std::uint64_t limit = server_.options.body_limit ? server_.options.body_limit(request_) : 0;
        parser_->body_limit(limit);
        if (parser_->is_done()) return process();
        if (const auto length = parser_->content_length(); length && *length > limit) {
            return fail(413, "body_too_large", "the body is larger than " + std::to_string(limit) + " bytes");
        }
        start_body_timer();
        parser_->on_chunk_header(chunk_header_check_);  // Beast keeps a reference: it is a member
        if (lower(request_.header("expect")) == "100-continue") {
            asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                              [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                                  if (write_ec) return self->close();
                                  self->read_body();
                              });
            return;
        }
        read_body();
    }

    // The whole body must arrive within body_timeout, however it trickles in (slowly sent bytes,
    // chunks without end). Our own timer rather than the stream's: when it fires, the read is
    // cancelled and the client still gets a 408 before the connection closes.
    void start_body_timer() {
        stream_.expires_never();
        body_timed_out_ = false;
        body_timer_.expires_after(server_.options.body_timeout);
        body_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec) return;  // cancelled: the body arrived or the read ended otherwise
            self->body_timed_out_ = true;
            beast::error_code ignored;
            self->stream_.socket().cancel(ignored);
        });
    }

    void read_body() {
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
    }

    void on_body(beast::error_code ec) {
        body_timer_.cancel();
        if (body_timed_out_) {
            return fail(408, "request_timeout",
                        "the body did not arrive within " + std::to_string(server_.options.body_timeout.count()) + " seconds");
        }
        if (ec == http::error::body_limit) return fail(413, "body_too_large", "the body is larger than this endpoint accepts");
        if (ec == http::error::buffer_overflow || ec == http::error::bad_chunk_extension) {
            return fail(400, "bad_request", "chunk extensions or trailers are too large");
        }
        if (ec == asio::error::eof || ec == http::error::partial_message || ec == asio::error::connection_reset ||
            ec == asio::error::operation_aborted) {
            return close();
        }
        if (ec) return fail(400, "bad_request", "malformed HTTP request: " + ec.message());
        process();
    }

    void process() {
        request_.body = std::move(parser_->get().body());
        stream_.expires_never();  // the handler may wait for a commit; the backend always answers
        ++requests_;
        auto self = shared_from_this();
        const Respond respond = [self](HttpResponse response) {
            asio::dispatch(self->stream_.get_executor(),
                           [self, response = std::move(response)]() mutable { self->write(std::move(response)); });
        };
        try {
            server_.options.handler(request_, respond);
        } catch (const std::exception& error) {
            respond(error_response(500, "internal_error", "the server failed to handle this request"));
        }
    }

    // Answers a broken request and closes the connection (after draining what the client still sends).
    void fail(int status, std::string_view reason, const std::string& message) {
        busy_ = true;
        keep_alive_ = false;
        linger_ = true;
        if (request_.method.empty()) request_.method = "-";
        write(error_response(status, reason, message));
    }

    template <class Message>
    void apply_headers(Message& message, const HttpResponse& response) {
        for (const auto& [name, value] : response.headers) message.set(name, value);
        message.set(http::field::server, "sada-server");
        message.set("X-Content-Type-Options", "nosniff");
        message.keep_alive(keep_alive_ && !server_.stopping);
    }

    void write(HttpResponse response) {
        status_ = response.status;
        stream_.expires_after(server_.options.write_timeout);
        if (response.stream && request_.method != "HEAD") return write_stream(std::move(response));
        if (response.shared_body) return write_shared(std::move(response));
        auto message = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(response.status),
                                                                            version_ == 10 ? 10 : 11);
        apply_headers(*message, response);
        message->body() = std::move(response.body);
        message->prepare_payload();
        if (response.status == 304 || response.status == 204) message->content_length(boost::none);
        body_bytes_ = message->body().size();
        if (request_.method == "HEAD") {  // the headers a GET would get, and no body
            message->body().clear();
            if (response.status != 304 && response.status != 204) message->content_length(body_bytes_);
            body_bytes_ = 0;
        }
        const bool close_after = !message->keep_alive();
        http::async_write(stream_, *message, [self = shared_from_this(), message, close_after](beast::error_code ec, std::size_t) {
            self->after_write(ec, close_after);
        });
    }

    // A body shared with other responses (a static file): sent from the shared bytes, which the
    // write keeps alive, without a copy per connection.
    void write_shared(HttpResponse response) {
        using SharedMessage = http::response<http::span_body<const char>>;
        auto bytes = std::move(response.shared_body);
        auto message = std::make_shared<SharedMessage>(static_cast<http::status>(response.status), version_ == 10 ? 10 : 11);
        apply_headers(*message, response);
        body_bytes_ = bytes->size();
        if (request_.method == "HEAD") {
            message->content_length(body_bytes_);
            body_bytes_ = 0;
        } else {
            message->body() = SharedMessage::body_type::value_type(bytes->data(), bytes->size());
            message->prepare_payload();
        }
        const bool close_after = !message->keep_alive();
        http::async_write(stream_, *message, [self = shared_from_this(), message, bytes, close_after](beast::error_code ec, std::size_t) {
            self->after_write(ec, close_after);
        });
    }

    // A streamed body: chunked for HTTP/1.1; for HTTP/1.0 (no chunked encoding) the body ends
    // when the connection closes.
    void write_stream(HttpResponse response) {
        auto header = std::make_shared<http::response<http::empty_body>>(static_cast<http::status>(response.status),
                                                                          version_ == 10 ? 10 : 11);
        apply_headers(*header, response);
        close_delimited_ = version_ == 10;
        if (close_delimited_) {
            header->keep_alive(false);
        } else {
            header->chunked(true);
        }
        auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*header);
        produce_ = std::move(response.stream);
        body_bytes_ = 0;
        http::async_write_header(stream_, *serializer, [self = shared_from_this(), header, serializer](beast::error_code ec, std::size_t) {
            if (ec) return self->close();
            self->write_chunk(!header->keep_alive());
        });
    }

    void write_chunk(bool close_after) {
        stream_.expires_after(server_.options.write_timeout);
        std::optional<std::string> next;
        try {
            next = produce_();
        } catch (const std::exception&) {
            next.reset();  // end the stream; the client sees fewer lines, never a broken one
        }
        if (!next) {
            produce_ = nullptr;
            if (close_delimited_) return after_write({}, true);
            asio::async_write(stream_, http::make_chunk_last(), [self = shared_from_this(), close_after](beast::error_code ec, std::size_t) {
                self->after_write(ec, close_after);
            });
            return;
        }
        if (next->empty()) return write_chunk(close_after);
        chunk_ = std::move(*next);
        body_bytes_ += chunk_.size();
        const auto next_chunk = [self = shared_from_this(), close_after](beast::error_code ec, std::size_t) {
            if (ec) return self->close();
            self->write_chunk(close_after);
        };
        if (close_delimited_) {
            asio::async_write(stream_, asio::buffer(chunk_), next_chunk);
        } else {
            asio::async_write(stream_, http::make_chunk(asio::buffer(chunk_)), next_chunk);
        }
    }

    void after_write(beast::error_code ec, bool close_after) {
        log();
        if (!ec && linger_) return linger_close();
        if (ec || close_after || server_.stopping) return close();
        read_header();
    }

    // Half-closes and reads (and drops) what the client still sends, for a short while, so the
    // kernel does not answer unread input with a reset that would destroy our error reply.
    void linger_close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.expires_after(kLingerTime);
        drain_ = std::make_shared<std::array<char, 16 * 1024>>();
        drain_some();
    }

    void drain_some() {
        stream_.async_read_some(asio::buffer(*drain_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
            self->drained_ += n;
            if (ec || self->drained_ > kLingerBytes) return self->close();
            self->drain_some();
        });
    }

    void log() {
        if (!server_.options.log) return;
        const auto elapsed = std::chrono::steady_clock::now() - started_;
        server_.options.log({remote_address_, request_.method, request_.path, status_, body_bytes_,
                             std::chrono::duration<double, std::milli>(elapsed).count()});
    }

    void close() {
        body_timer_.cancel();
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

    beast::tcp_stream stream_;
    HttpServer::State& server_;
    beast::flat_buffer buffer_;
    asio::steady_timer body_timer_;
    bool body_timed_out_ = false;
    std::optional<http::request_parser<http::string_body>> parser_;
    HttpRequest request_;
    std::string remote_address_;
    std::function<std::optional<std::string>()> produce_;
    std::string chunk_;
    std::function<void(std::uint64_t, std::string_view, beast::error_code&)> chunk_header_check_ =
        [](std::uint64_t, std::string_view extensions, beast::error_code& ec) {
            if (extensions.size() > kMaxChunkExtension) ec = http::error::bad_chunk_extension;
        };
    unsigned version_ = 11;
    bool close_delimited_ = false;
    bool keep_alive_ = false;
    bool busy_ = false;
    bool linger_ = false;
    std::shared_ptr<std::array<char, 16 * 1024>> drain_;
    std::size_t drained_ = 0;
    std::uint64_t requests_ = 0;
    int status_ = 0;
    std::uint64_t body_bytes_ = 0;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

namespace {

// `state` outlives every handler: HttpServer owns it and its destructor ends the io_context first.
void accept_next(HttpServer::State* state) {
    state->acceptor->async_accept(asio::make_strand(*state->io), [state](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !state->acceptor->is_open()) return;
        if (ec) {
            // Out of file descriptors (or another accept error): accepting again at once would
            // spin; wait a moment for connections to close.
            auto pause = std::make_shared<asio::steady_timer>(state->acceptor->get_executor(), std::chrono::milliseconds(100));
            pause->async_wait([state, pause](beast::error_code wait_ec) {
                if (!wait_ec && state->acceptor->is_open()) accept_next(state);
            });
            return;
        }
        {
            if (state->connections >= state->options.max_connections) {
                beast::error_code ignored;
                socket.close(ignored);  // over the cap: refuse rather than degrade everyone
            } else {
                // A fixed send buffer bounds the kernel memory each slow reader can pin (left to
                // itself, Linux grows it to megabytes and a thousand of them starve every socket).
                if (state->options.send_buffer_bytes > 0) {
                    beast::error_code ignored;
                    socket.set_option(asio::socket_base::send_buffer_size(static_cast<int>(state->options.send_buffer_bytes)), ignored);
                }
                auto session = std::make_shared<Session>(std::move(socket), *state);
                {
                    std::lock_guard lock(state->sessions_mutex);
                    state->sessions.remove_if([](const std::weak_ptr<Session>& s) { return s.expired(); });
                    state->sessions.push_back(session);
                }
                session->start();
            }
        }
        accept_next(state);
    });
}

}  // namespace

HttpServer::HttpServer(std::unique_ptr<State> state) : state_(std::move(state)) {}

HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::start(HttpServerOptions options) {
    auto state = std::make_unique<State>(std::move(options));
    beast::error_code ec;
    const auto address = asio::ip::make_address(state->options.host, ec);
    if (ec) return Error{"listen_failed", "\"" + state->options.host + "\" is not an IP address"};
    const tcp::endpoint endpoint(address, state->options.port);
    const std::string where = state->options.host + ":" + std::to_string(state->options.port);
    state->acceptor->open(endpoint.protocol(), ec);
    if (!ec) state->acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) state->acceptor->bind(endpoint, ec);
    if (!ec) state->acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return Error{"listen_failed", "cannot listen on " + where + ": " + ec.message()};
    accept_next(state.get());
    return std::unique_ptr<HttpServer>(new HttpServer(std::move(state)));
}

unsigned short HttpServer::port() const {
    beast::error_code ec;
    return state_->acceptor->local_endpoint(ec).port();
}

std::size_t HttpServer::open_connections() const { return state_->connections; }

void HttpServer::run() {
    std::vector<std::thread> extra;
    for (unsigned i = 1; i < state_->options.threads; ++i) extra.emplace_back([this] { state_->io->run(); });
    state_->io->run();
    for (auto& thread : extra) thread.join();
}

void HttpServer::stop() {
    asio::post(state_->acceptor->get_executor(), [state = state_.get()] {
        if (state->stopping.exchange(true)) return;
        beast::error_code ignored;
        state->acceptor->close(ignored);
        std::vector<std::shared_ptr<Session>> open;
        {
            std::lock_guard lock(state->sessions_mutex);
            for (const auto& weak : state->sessions) {
                if (auto session = weak.lock()) open.push_back(std::move(session));
            }
        }
        for (const auto& session : open) session->close_if_idle();
        if (state->connections == 0) return state->io->stop();
        // Whatever has not finished within the grace period is cut off.
        state->grace_timer.emplace(*state->io, state->options.shutdown_grace);
        state->grace_timer->async_wait([state](beast::error_code ec) {
            if (!ec) state->io->stop();
        });
    });
}

}  // namespace sada::server
