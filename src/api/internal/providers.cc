// GET /providers/kannel/receipt and /providers/kannel/inbound.
//
// Both answer 200 whenever the request is genuine, even when Missive cannot use it (a report for
// a notification it does not know, a message to a number no service has): Kannel can do nothing
// better with such a request than send it again, so those are logged instead. A wrong secret is
// 403 and changes nothing; a storage failure is 500. A report for a notification that is not yet
// recorded as sent (Kannel can report before the worker has written down Kannel's answer) is 503,
// which Kannel retries when its smsbox has http-request-retry set.

#include "api/internal/providers.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <map>

#include "api/api_error.h"
#include "api/internal/query.h"
#include "delivery/inbound_sms.h"
#include "delivery/kannel_reports.h"
#include "delivery/receipts.h"

namespace missive::handlers {
namespace {

HttpResponse Plain(int status, std::string body) {
  return HttpResponse{status, "text/plain; charset=utf-8", std::move(body), {}};
}

// The query's values by name (the last one wins).
std::map<std::string, std::string> Params(const HttpRequest& request) {
  std::map<std::string, std::string> params;
  for (auto& [key, value] : ParseQuery(request.target)) params[key] = std::move(value);
  return params;
}

std::optional<int> ParseInt(const std::string& text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// nullopt when the request may go on; otherwise the answer to give.
std::optional<HttpResponse> Refusal(const ProviderContext& c,
                                    const std::map<std::string, std::string>& params) {
  if (c.options.kannel_secrets.empty()) return ErrorResponse(ApiError::RouteNotFound());
  auto secret = params.find("secret");
  if (secret == params.end() || !SecretMatches(secret->second, c.options.kannel_secrets)) {
    spdlog::warn("request={} provider=kannel event=wrong-secret path={}", c.request.request_id,
                 c.request.target.substr(0, c.request.target.find('?')));
    return Plain(403, "Forbidden");
  }
  return std::nullopt;
}

bool IsBeforeSent(NotificationStatus status) {
  return status == NotificationStatus::kCreated || status == NotificationStatus::kSending;
}

std::string Value(const std::map<std::string, std::string>& params, const std::string& key) {
  auto found = params.find(key);
  return found == params.end() ? std::string() : found->second;
}

}  // namespace

bool SecretMatches(std::string_view given, const std::vector<std::string>& secrets) {
  bool matched = false;
  for (const std::string& expected : secrets) {
    unsigned char difference = given.size() == expected.size() ? 0 : 1;
    for (size_t i = 0; i < expected.size(); ++i) {
      unsigned char have = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
      difference |= have ^ static_cast<unsigned char>(expected[i]);
    }
    matched |= difference == 0;
  }
  return matched;
}

HttpResponse KannelReceipt(const ProviderContext& c) {
  auto params = Params(c.request);
  if (auto refused = Refusal(c, params)) return *refused;
  std::string id = Value(params, "id");
  std::optional<int> type = ParseInt(Value(params, "status"));
  if (id.empty() || !type) return Plain(400, "id and a numeric status are required");

  std::optional<NotificationStatus> status = KannelReportStatus(*type, Value(params, "answer"));
  if (!status) {
    spdlog::debug("notification={} provider=kannel event=report type={} (not final)", id, *type);
    return Plain(200, "");
  }
  auto notification = c.store.FindNotification(id);
  if (!notification && notification.error().code == ErrorCode::kNotFound) {
    spdlog::warn("notification={} provider=kannel event=report-for-unknown-id type={}", id, *type);
    return Plain(200, "");
  }
  if (notification && IsBeforeSent(notification->status)) {
    // Kannel reports faster than the worker records `sent`: ask for the report again.
    spdlog::debug("notification={} provider=kannel event=report-before-sent type={}", id, *type);
    return Plain(503, "not recorded as sent yet; try again");
  }
  std::string answer = Value(params, "answer");
  auto recorded = RecordReceipt(c.store, c.clock, id, *status,
                                answer.empty() ? std::nullopt : std::optional(answer));
  if (!recorded) {
    spdlog::error("notification={} provider=kannel event=report-not-recorded error=\"{}\"", id,
                  recorded.error().message);
    return Plain(500, "not recorded");
  }
  spdlog::debug("notification={} provider=kannel event=report type={} status={} applied={}", id,
                *type, StatusName(*status), *recorded);
  return Plain(200, "");
}

HttpResponse KannelInbound(const ProviderContext& c) {
  auto params = Params(c.request);
  if (auto refused = Refusal(c, params)) return *refused;
  auto from = InboundNumber(Value(params, "from"));
  auto to = InboundNumber(Value(params, "to"));
  if (!from || !to) {
    spdlog::warn(
        "request={} provider=kannel event=inbound-refused reason=\"from or to is not a "
        "phone number or short code\"",
        c.request.request_id);
    return Plain(400, "from and to must be phone numbers or short codes");
  }
  InboundSms sms{
      *from, *to,
      KannelInboundText(Value(params, "text"), Value(params, "coding"), Value(params, "charset"))};

  auto text = RecordInboundSms(c.store, c.clock, sms);
  if (!text && text.error().code == ErrorCode::kNotFound) {
    spdlog::warn("request={} provider=kannel event=inbound-for-unknown-number to={}",
                 c.request.request_id, sms.to);
    return Plain(200, "");
  }
  if (!text) {
    spdlog::error("request={} provider=kannel event=inbound-not-recorded error=\"{}\"",
                  c.request.request_id, text.error().message);
    return Plain(500, "");
  }
  spdlog::debug("received_text={} service={} provider=kannel event=inbound", text->id,
                text->service_id);
  // An empty body: Kannel sends no reply to the phone.
  return Plain(200, "");
}

}  // namespace missive::handlers
