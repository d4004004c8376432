#include "api/api.h"

#include <spdlog/spdlog.h>

#include <optional>
#include <string_view>

#include "api/api_error.h"
#include "api/auth.h"
#include "api/internal/handlers.h"

namespace missive {
namespace {

enum class RouteId { kStatus, kPostEmail, kGetNotification };

struct Route {
  std::string_view method;
  RouteId id;
  std::optional<std::string> argument;  // the {id} in the path, when the route has one
};

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

bool IsSegment(std::string_view text) {
  return !text.empty() && text.find('/') == std::string_view::npos;
}

// Every route matching the path, whatever its method.
std::vector<Route> MatchPath(std::string_view path) {
  constexpr std::string_view kNotifications = "/v2/notifications/";
  if (path == "/_status" || path == "/") return {{"GET", RouteId::kStatus, {}}};
  if (path == "/v2/notifications/email") {
    return {{"POST", RouteId::kPostEmail, {}}};
  }
  if (path.substr(0, kNotifications.size()) == kNotifications) {
    std::string_view rest = path.substr(kNotifications.size());
    if (IsSegment(rest)) return {{"GET", RouteId::kGetNotification, std::string(rest)}};
  }
  return {};
}

HttpResponse StatusResponse() {
  return HttpResponse{200, "application/json", R"({"status":"ok"})", {}};
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
      on_created_(std::move(on_created)) {}

HttpResponse Api::Handle(const HttpRequest& request) {
  std::vector<Route> routes = MatchPath(PathOf(request.target));
  if (routes.empty()) return ErrorResponse(ApiError::RouteNotFound());
  const Route* route = nullptr;
  for (const auto& candidate : routes) {
    if (candidate.method == request.method) route = &candidate;
  }
  if (route == nullptr) return ErrorResponse(ApiError::MethodNotAllowed());
  if (route->id == RouteId::kStatus) return StatusResponse();

  ApiResult<Caller> caller = Authenticate(request.authorization, store_, clock_);
  if (!caller) {
    spdlog::debug("request={} event=auth-failed message=\"{}\"", request.request_id,
                  caller.error().errors[0].message);
    return ErrorResponse(caller.error());
  }
  handlers::Context context{
      store_, clock_, options_, on_created_, request, *caller, BaseUrl(options_, request)};
  ApiResult<HttpResponse> response = route->id == RouteId::kPostEmail
                                         ? handlers::PostEmail(context)
                                         : handlers::GetNotification(context, *route->argument);
  return response ? std::move(response).value() : ErrorResponse(response.error());
}

}  // namespace missive
