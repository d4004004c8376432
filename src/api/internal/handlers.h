#pragma once
// The /v2 handlers, each called with an authenticated caller. Private to the api module.

#include <optional>
#include <string>

#include "api/api.h"
#include "api/api_error.h"
#include "api/auth.h"
#include "api/rate_limiter.h"
#include "store/lookup_cache.h"

namespace missive::handlers {

// What every handler gets besides the request.
struct Context {
  Store& store;
  const Clock& clock;
  const ApiOptions& options;
  const std::function<void()>& on_created;
  const HttpRequest& request;
  const Caller& caller;
  std::string base_url;  // scheme://host, no trailing slash
  RateLimiter& rate_limiter;
  LookupCache& lookups;
};

ApiResult<HttpResponse> PostEmail(const Context& context);
ApiResult<HttpResponse> PostSms(const Context& context);
ApiResult<HttpResponse> GetNotification(const Context& context, const std::string& id);
ApiResult<HttpResponse> PostLetter(const Context& context);
ApiResult<HttpResponse> CancelNotification(const Context& context, const std::string& id);
ApiResult<HttpResponse> ListNotifications(const Context& context);
ApiResult<HttpResponse> ListReceivedTexts(const Context& context);

ApiResult<HttpResponse> GetTemplate(const Context& context, const std::string& id,
                                    std::optional<int> version);
ApiResult<HttpResponse> ListTemplates(const Context& context);
ApiResult<HttpResponse> PreviewTemplate(const Context& context, const std::string& id);

}  // namespace missive::handlers
