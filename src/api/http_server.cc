#include "api/http_server.h"

// Asio needs <utility> first with Boost 1.74 and C++20.
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <thread>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/log.h"

namespace missive {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;

HttpRequest FromBeast(BeastRequest& request, std::string request_id) {
  HttpRequest out;
  out.method = std::string(request.method_string());
  out.target = std::string(request.target());
  out.host = std::string(request[http::field::host]);
  out.authorization = std::string(request[http::field::authorization]);
  out.content_type = std::string(request[http::field::content_type]);
  out.twilio_signature = std::string(request["X-Twilio-Signature"]);
  out.body = std::move(request.body());
  out.request_id = std::move(request_id);
  return out;
}

BeastResponse ToBeast(HttpResponse response, unsigned version, bool keep_alive) {
  BeastResponse out{static_cast<http::status>(response.status), version};
  out.set(http::field::server, "missive");
  out.set(http::field::content_type, response.content_type);
  out.set("Access-Control-Allow-Headers", "Content-Type,Authorization");
  out.set("Access-Control-Allow-Methods", "GET,PUT,POST,PATCH,DELETE");
  for (auto& [name, value] : response.headers) out.set(name, value);
  out.body() = std::move(response.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

HttpResponse PlainError(int status, std::string message) {
  std::string body = R"({"result": "error", "message": ")" + message + R"("})";
  return HttpResponse{status, "application/json", std::move(body), {}};
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, HttpHandler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        io_(options_.io_threads),
        acceptor_(io_),
        pool_(static_cast<size_t>(options_.handler_threads)) {}

  ~Impl() { Stop(); }

  Result<uint16_t> Start() {
    beast::error_code ec;
    auto address = net::ip::make_address(options_.address, ec);
    if (ec) return MakeError(ErrorCode::kInvalid, "bad listen address " + options_.address);
    tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      return MakeError(ErrorCode::kUnavailable,
                       "cannot listen on " + options_.address + ": " + ec.message());
    }
    uint16_t port = acceptor_.local_endpoint().port();
    net::co_spawn(io_, Accept(), net::detached);
    for (int i = 0; i < options_.io_threads; ++i) {
      threads_.emplace_back([this] {
        NameThisThread("http-io");
        io_.run();
      });
    }
    return port;
  }

  void Stop() {
    if (threads_.empty()) return;
    net::post(io_, [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
    });
    WaitForHandlers(std::chrono::seconds(10));
    io_.stop();
    for (auto& thread : threads_) thread.join();
    threads_.clear();
    pool_.join();
  }

 private:
  void WaitForHandlers(std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  net::awaitable<void> Accept() {
    for (;;) {
      beast::error_code ec;
      tcp::socket socket = co_await acceptor_.async_accept(
          net::make_strand(io_), net::redirect_error(net::use_awaitable, ec));
      if (ec == net::error::operation_aborted || !acceptor_.is_open()) co_return;
      if (ec) {
        spdlog::warn("http event=accept-failed error=\"{}\"", ec.message());
        continue;
      }
      auto executor = socket.get_executor();
      net::co_spawn(executor, Session(std::move(socket)), net::detached);
    }
  }

  net::awaitable<void> Session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(options_.body_limit);
      stream.expires_after(std::chrono::seconds(options_.read_timeout_seconds));
      beast::error_code ec;
      co_await http::async_read(stream, buffer, parser,
                                net::redirect_error(net::use_awaitable, ec));
      if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
          ec == net::error::eof || ec == net::error::connection_reset) {
        break;
      }
      // GCC 12 mishandles temporaries with destructors inside co_await expressions, so every
      // argument below is a named local.
      if (ec) {
        HttpResponse failure = ReadFailure(ec);
        co_await Reply(stream, std::move(failure), 11, false);
        break;
      }
      BeastRequest request = parser.release();
      bool keep_alive = request.keep_alive();
      unsigned version = request.version();
      HttpRequest converted = FromBeast(request, NextRequestId());
      HttpResponse response = co_await RunHandler(std::move(converted));
      bool written = co_await Reply(stream, std::move(response), version, keep_alive);
      if (!written || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  static HttpResponse ReadFailure(const beast::error_code& ec) {
    if (ec == http::error::body_limit) {
      return PlainError(413, "The data value transmitted exceeds the capacity limit.");
    }
    return PlainError(400,
                      "The browser (or proxy) sent a request that this server could not "
                      "understand.");
  }

  net::awaitable<bool> Reply(beast::tcp_stream& stream, HttpResponse response, unsigned version,
                             bool keep_alive) {
    BeastResponse out = ToBeast(std::move(response), version, keep_alive);
    stream.expires_after(std::chrono::seconds(options_.read_timeout_seconds));
    beast::error_code ec;
    co_await http::async_write(stream, out, net::redirect_error(net::use_awaitable, ec));
    co_return !ec;
  }

  // Runs the handler on the blocking pool and resumes on this session's executor.
  net::awaitable<HttpResponse> RunHandler(HttpRequest request) {
    auto executor = co_await net::this_coro::executor;
    in_flight_.fetch_add(1);
    auto shared = std::make_shared<HttpRequest>(std::move(request));
    auto initiation = [this, executor, shared](auto completion) mutable {
      net::post(pool_, [this, executor, shared, completion = std::move(completion)]() mutable {
        HttpResponse response = HandleSafely(*shared);
        net::post(executor,
                  [completion = std::move(completion), response = std::move(response)]() mutable {
                    completion(std::move(response));
                  });
      });
    };
    HttpResponse response =
        co_await net::async_initiate<decltype(net::use_awaitable), void(HttpResponse)>(
            std::move(initiation), net::use_awaitable);
    in_flight_.fetch_sub(1);
    co_return response;
  }

  HttpResponse HandleSafely(const HttpRequest& request) {
    Micros started = SystemClock::Instance().NowMicros();
    HttpResponse response;
    try {
      response = handler_(request);
    } catch (const std::exception& error) {
      spdlog::error("request={} event=handler-threw error=\"{}\"", request.request_id,
                    error.what());
      response = HttpResponse{500,
                              "application/json",
                              R"({"status_code": 500, "errors": [{"error": "Exception", )"
                              R"("message": "Internal server error"}]})",
                              {}};
    }
    spdlog::debug("request={} method={} target={} status={} micros={}", request.request_id,
                  request.method, request.target, response.status,
                  SystemClock::Instance().NowMicros() - started);
    return response;
  }

  std::string NextRequestId() { return "r" + std::to_string(next_request_.fetch_add(1)); }

  HttpServerOptions options_;
  HttpHandler handler_;
  net::io_context io_;
  tcp::acceptor acceptor_;
  net::thread_pool pool_;
  std::vector<std::thread> threads_;
  std::atomic<int> in_flight_{0};
  std::atomic<uint64_t> next_request_{1};
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() = default;

Result<uint16_t> HttpServer::Start() { return impl_->Start(); }

void HttpServer::Stop() { impl_->Stop(); }

}  // namespace missive
