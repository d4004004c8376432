#pragma once
// HttpServer: an HTTP/1.1 server on Boost.Beast with C++20 coroutines. Network I/O runs on a few
// I/O threads; each request's handler runs on a separate pool of blocking threads (handlers read
// SQLite and wait for commits), so the I/O threads never wait. Every connection has a read
// deadline and a body-size cap. Start and Stop are called from one thread; Handler must be
// thread-safe.
//
//   HttpServer server({.address = "127.0.0.1", .port = 6011}, [&](const HttpRequest& r) {...});
//   auto port = server.Start();   // the bound port (useful with port 0)
//   server.Stop();                // stops accepting, lets requests in progress finish

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "api/http.h"
#include "core/result.h"

namespace missive {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 6011;
  int io_threads = 1;
  int handler_threads = 64;
  size_t body_limit = 64 * 1024 * 1024;
  int read_timeout_seconds = 30;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler);
  ~HttpServer();

  // Binds and starts serving. kUnavailable when the address cannot be bound.
  Result<uint16_t> Start();
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace missive
