#pragma once
// Api: the /v2 HTTP API. Routes a request, authenticates it, validates it, runs the handler and
// answers in GC Notify's format; every error leaves through ErrorResponse. Thread-safe: Handle is
// called concurrently from the HTTP server's handler threads.
//
//   Api api(store, SystemClock::Instance(), {.email_domain = "example.gc.ca"}, wake_workers);
//   HttpServer server(options, [&](const HttpRequest& r) { return api.Handle(r); });

#include <functional>
#include <string>
#include <vector>

#include "api/auth.h"
#include "api/http.h"
#include "api/rate_limiter.h"
#include "core/clock.h"
#include "store/lookup_cache.h"
#include "store/store.h"

namespace missive {

// An endpoint outside /v2 that a provider calls (a delivery report, an inbound message). It needs
// no API key: the handler checks the provider's own secret or signature. `url` is the whole URL
// the provider addressed: the public URL (or the Host) followed by the request's target.
struct ProviderEndpoint {
  std::string method;
  std::string path;  // exact, without the query
  std::function<HttpResponse(const HttpRequest& request, const std::string& url)> handle;
};

struct ApiOptions {
  // Domain of every service's From address: <email_from>@<email_domain>.
  std::string email_domain = "notifications.localhost";
  // Base of the URIs in responses, e.g. "https://notify.example.ca". Empty: http://<Host header>.
  std::string public_url;
  // from_number of text messages from a service with no SMS sender.
  std::string default_sms_sender = "MISSIVE";
  // The secrets Kannel gateways put in their receipt and inbound URLs (one per Kannel provider).
  // None: /providers/kannel/* answer 404.
  std::vector<std::string> kannel_secrets{};
  // Answered before the /v2 routes; the handlers run on the server's handler threads.
  std::vector<ProviderEndpoint> provider_endpoints;
};

class Api {
 public:
  // `on_created` is called after each notification is committed (to wake the delivery workers).
  Api(Store& store, const Clock& clock, ApiOptions options, std::function<void()> on_created);

  HttpResponse Handle(const HttpRequest& request);

 private:
  Store& store_;
  const Clock& clock_;
  ApiOptions options_;
  std::function<void()> on_created_;
  LookupCache lookups_;
  RateLimiter rate_limiter_;
  KeyUseTracker key_use_;
};

}  // namespace missive
