#include "api/api.h"

#include <spdlog/spdlog.h>

#include <optional>
#include <string_view>

#include "api/api_error.h"
#include "api/assets.h"
#include "api/auth.h"
#include "api/internal/handlers.h"
#include "api/internal/json_body.h"
#include "api/internal/providers.h"
#include "api/internal/query.h"
#include "api/openapi.h"
#include "store/sqlite_store.h"

namespace missive {
namespace {

using Args = std::vector<std::string>;
using RouteHandler = ApiResult<HttpResponse> (*)(const handlers::Context&, const Args&);

struct Route {
  std::string_view method;
  std::string_view pattern;  // "{}" matches one segment, "{int}" one made of digits
  RouteHandler handler;      // nullptr: answered without authentication (status, OpenAPI, images)
};

ApiResult<HttpResponse> Version(const handlers::Context& c, const Args& args) {
  int version = 0;
  try {
    version = std::stoi(args[1]);
  } catch (const std::exception&) {
    return ApiError::V2(404, "NoResultFound", "No result found");
  }
  // Like GC Notify, version 0 means the current version.
  return handlers::GetTemplate(c, args[0], version > 0 ? std::optional(version) : std::nullopt);
}

const Route kRoutes[] = {
    {"GET", "/", nullptr},
    {"GET", "/_status", nullptr},
    {"POST", "/_status", nullptr},
    {"GET", "/v2/openapi-en", nullptr},
    {"GET", "/v2/openapi-fr", nullptr},
    {"GET", "/assets/{}", nullptr},
    // Called by SMS gateways; they check the gateway's secret instead of an API key.
    {"GET", "/providers/kannel/receipt", nullptr},
    {"GET", "/providers/kannel/inbound", nullptr},
    {"POST", "/v2/notifications/email",
     [](const handlers::Context& c, const Args&) { return handlers::PostEmail(c); }},
    {"POST", "/v2/notifications/sms",
     [](const handlers::Context& c, const Args&) { return handlers::PostSms(c); }},
    {"POST", "/v2/notifications/letter",
     [](const handlers::Context& c, const Args&) { return handlers::PostLetter(c); }},
    // GC Notify sends every POST /v2/notifications/<type> to one view, which answers 404 for an
    // unknown type once the caller is authenticated and the body decoded.
    {"POST", "/v2/notifications/{}",
     [](const handlers::Context& c, const Args&) -> ApiResult<HttpResponse> {
       auto body = handlers::ParseJsonBody(c.request);
       if (!body) return body.error();
       return ApiError::RouteNotFound();
     }},
    {"GET", "/v2/notifications",
     [](const handlers::Context& c, const Args&) { return handlers::ListNotifications(c); }},
    {"GET", "/v2/received-text-messages",
     [](const handlers::Context& c, const Args&) { return handlers::ListReceivedTexts(c); }},
    {"GET", "/v2/notifications/{}",
     [](const handlers::Context& c, const Args& a) { return handlers::GetNotification(c, a[0]); }},
    {"DELETE", "/v2/notifications/{}",
     [](const handlers::Context& c, const Args& a) {
       return handlers::CancelNotification(c, a[0]);
     }},
    {"GET", "/v2/template/{}",
     [](const handlers::Context& c, const Args& a) {
       return handlers::GetTemplate(c, a[0], std::nullopt);
     }},
    {"GET", "/v2/template/{}/version/{int}", Version},
    {"POST", "/v2/template/{}/preview",
     [](const handlers::Context& c, const Args& a) { return handlers::PreviewTemplate(c, a[0]); }},
    {"GET", "/v2/templates",
     [](const handlers::Context& c, const Args&) { return handlers::ListTemplates(c); }},
};

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool AllDigits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// The route's arguments when `path` matches its pattern.
std::optional<Args> Match(std::string_view pattern, std::string_view path) {
  auto want = Segments(pattern);
  auto have = Segments(path);
  if (want.size() != have.size()) return std::nullopt;
  Args args;
  for (size_t i = 0; i < want.size(); ++i) {
    bool any = want[i] == "{}" && !have[i].empty();
    bool number = want[i] == "{int}" && AllDigits(have[i]);
    if (any || number) {
      args.emplace_back(have[i]);
    } else if (want[i] != have[i]) {
      return std::nullopt;
    }
  }
  return args;
}

HttpResponse StatusResponse(const HttpRequest& request, const Clock& clock) {
  nlohmann::ordered_json body = {{"status", "ok"}};
  if (handlers::ParseQuery(request.target).empty()) {
    body = {{"current_time_utc", FormatTimestamp(clock.NowMicros())},
            {"status", "ok"},
            {"commit_sha", MISSIVE_COMMIT},
            {"build_time", MISSIVE_BUILD_TIME},
            {"db_version", LatestSchemaVersion()}};
  }
  return handlers::JsonResponse(200, body);
}

HttpResponse AssetResponse(const std::string& name) {
  auto bytes = FindAsset(name);
  if (!bytes) return ErrorResponse(ApiError::RouteNotFound());
  return HttpResponse{
      200, "image/png", std::string(*bytes), {{"Cache-Control", "public, max-age=86400"}}};
}

HttpResponse OpenApiResponse(std::string_view language) {
  return HttpResponse{200, "application/yaml", std::string(OpenApiDocument(language)), {}};
}

std::string BaseUrl(const ApiOptions& options, const HttpRequest& request) {
  if (!options.public_url.empty()) return options.public_url;
  return "http://" + (request.host.empty() ? std::string("localhost") : request.host);
}

}  // namespace

Api::Api(Store& store, const Clock& clock, ApiOptions options, std::function<void()> on_created)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      on_created_(std::move(on_created)),
      lookups_(store, clock) {}

HttpResponse Api::Handle(const HttpRequest& request) {
  std::string_view path = PathOf(request.target);
  for (const auto& endpoint : options_.provider_endpoints) {
    if (endpoint.path != path) continue;
    if (endpoint.method != request.method) return ErrorResponse(ApiError::MethodNotAllowed());
    std::string base = BaseUrl(options_, request);
    if (base.ends_with('/')) base.pop_back();
    return endpoint.handle(request, base + request.target);
  }
  const Route* route = nullptr;
  bool path_known = false;
  Args args;
  for (const auto& candidate : kRoutes) {
    auto matched = Match(candidate.pattern, path);
    if (!matched) continue;
    path_known = true;
    if (candidate.method != request.method) continue;
    route = &candidate;
    args = std::move(matched).value();
    break;
  }
  // Like GC Notify, OPTIONS (a browser's CORS preflight) is answered without authentication.
  if (route == nullptr && path_known && request.method == "OPTIONS") {
    return HttpResponse{200, "application/json", "{}", {}};
  }
  if (route == nullptr) {
    return ErrorResponse(path_known ? ApiError::MethodNotAllowed() : ApiError::RouteNotFound());
  }
  if (route->handler == nullptr) {
    if (route->pattern == "/v2/openapi-en") return OpenApiResponse("en");
    if (route->pattern == "/v2/openapi-fr") return OpenApiResponse("fr");
    if (route->pattern == "/assets/{}") return AssetResponse(args[0]);
    handlers::ProviderContext provider{store_, clock_, options_, request};
    if (route->pattern == "/providers/kannel/receipt") return handlers::KannelReceipt(provider);
    if (route->pattern == "/providers/kannel/inbound") return handlers::KannelInbound(provider);
    return StatusResponse(request, clock_);
  }

  ApiResult<Caller> caller = Authenticate(request.authorization, lookups_, clock_);
  if (!caller) {
    spdlog::debug("request={} event=auth-failed message=\"{}\"", request.request_id,
                  caller.error().errors[0].message);
    return ErrorResponse(caller.error());
  }
  key_use_.Touch(caller->key.id, store_, clock_.NowMicros());
  handlers::Context context{
      store_,        clock_,  options_, on_created_, request, *caller, BaseUrl(options_, request),
      rate_limiter_, lookups_};
  ApiResult<HttpResponse> response = route->handler(context, args);
  return response ? std::move(response).value() : ErrorResponse(response.error());
}

}  // namespace missive
