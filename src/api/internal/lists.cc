// GET /v2/notifications and GET /v2/received-text-messages: pages of 250, newest first, with
// links.current and (on a non-empty page) links.next.

#include <map>

#include "api/internal/handlers.h"
#include "api/internal/json_body.h"
#include "api/internal/notification_json.h"
#include "api/internal/query.h"
#include "api/request_schema.h"
#include "core/uuid.h"

namespace missive::handlers {
namespace {

using nlohmann::ordered_json;

constexpr int kPageSize = 250;

constexpr std::string_view kStatuses[] = {
    "cancelled",         "created",           "sending",          "sent",
    "delivered",         "pending",           "failed",           "technical-failure",
    "temporary-failure", "permanent-failure", "provider-failure", "pending-virus-check",
    "validation-failed", "virus-scan-failed", "returned-letter",  "pii-check-failed"};

constexpr std::string_view kFailed[] = {
    "technical-failure", "temporary-failure", "permanent-failure",
    "provider-failure",  "validation-failed", "virus-scan-failed",
    "returned-letter",   "pii-check-failed",  "failed"};

std::string StatusChoices() {
  std::string out;
  for (auto status : kStatuses) out += std::string(status) + ", ";
  return "[" + out + "accepted, received]";
}

// Adds the statuses a filter value stands for; false when it is not one of GC Notify's.
bool ExpandStatus(const std::string& value, std::vector<std::string>& out) {
  if (value == "failed") {
    out.insert(out.end(), std::begin(kFailed), std::end(kFailed));
  } else if (value == "accepted") {
    out.insert(out.end(), {"created", "sending"});
  } else if (value == "received") {
    out.push_back("delivered");
  } else if (std::find(std::begin(kStatuses), std::end(kStatuses), value) != std::end(kStatuses)) {
    out.push_back(value);
  } else {
    return false;
  }
  return true;
}

void ReadParam(const std::string& key, const std::string& value, NotificationQuery& query,
               std::vector<std::string>& errors, std::vector<std::string>& extras) {
  if (key == "template_type") {
    if (value == "sms" || value == "email" || value == "letter") {
      query.types.push_back(value);
    } else {
      errors.push_back("template_type " + value + " is not one of [sms, email, letter]");
    }
  } else if (key == "status") {
    if (!ExpandStatus(value, query.statuses)) {
      errors.push_back("status " + value + " is not one of " + StatusChoices());
    }
  } else if (key == "reference") {
    query.reference = value;
  } else if (key == "older_than") {
    query.older_than = ParseUuid(value);
    if (!query.older_than) errors.push_back("older_than is not a valid UUID");
  } else if (key != "include_jobs") {  // there are no bulk jobs yet, so there is nothing to add
    extras.push_back(key);
  }
}

std::string WithoutOlderThan(const QueryParams& params) {
  std::string query;
  for (const auto& [key, value] : params) {
    if (key != "older_than") query += key + "=" + value + "&";
  }
  return query;
}

ordered_json Links(const Context& c, const std::string& path, const QueryParams& params,
                   const std::optional<std::string>& last_id) {
  size_t question = c.request.target.find('?');
  std::string current = c.base_url + path;
  if (question != std::string::npos) current += c.request.target.substr(question);
  ordered_json links = {{"current", current}};
  if (last_id) {
    links["next"] = c.base_url + path + "?" + WithoutOlderThan(params) + "older_than=" + *last_id;
  }
  return links;
}

ordered_json ReceivedTextJson(const ReceivedText& t) {
  return {{"id", t.id},
          {"created_at", FormatTimestamp(t.created_at)},
          {"service_id", t.service_id},
          {"notify_number", t.notify_number},
          {"user_number", t.user_number},
          {"content", t.content}};
}

}  // namespace

ApiResult<HttpResponse> ListNotifications(const Context& c) {
  QueryParams params = ParseQuery(c.request.target);
  NotificationQuery query{
      .service_id = c.caller.service.id, .key_type = c.caller.key.type, .limit = kPageSize};
  std::vector<std::string> errors, extras;
  for (const auto& [key, value] : params) ReadParam(key, value, query, errors, extras);
  if (!extras.empty()) errors.push_back(UnexpectedMessage(extras));
  if (!errors.empty()) return ApiError::Validation(errors);

  auto page = c.store.ListNotifications(query);
  if (!page) return ApiError::Internal("DatabaseError");
  std::map<std::pair<std::string, int>, Template> templates;
  ordered_json list = ordered_json::array();
  for (const auto& n : *page) {
    auto key = std::pair(n.template_id, n.template_version);
    if (!templates.count(key)) {
      auto t = c.store.GetTemplate(n.service_id, n.template_id, n.template_version);
      if (!t) return ApiError::Internal("DatabaseError");
      templates.emplace(key, std::move(t).value());
    }
    list.push_back(NotificationJson(c, n, templates.at(key)));
  }
  auto last = page->empty() ? std::nullopt : std::optional(page->back().id);
  return JsonResponse(
      200, {{"notifications", list}, {"links", Links(c, "/v2/notifications", params, last)}});
}

ApiResult<HttpResponse> ListReceivedTexts(const Context& c) {
  QueryParams params = ParseQuery(c.request.target);
  std::optional<std::string> older_than;
  std::vector<std::string> errors, extras;
  for (const auto& [key, value] : params) {
    if (key != "older_than") {
      extras.push_back(key);
    } else if (!(older_than = ParseUuid(value))) {
      errors.push_back("older_than is not a valid UUID");
    }
  }
  if (!extras.empty()) errors.push_back(UnexpectedMessage(extras));
  if (!errors.empty()) return ApiError::Validation(errors);

  auto page = c.store.ListReceivedTexts(c.caller.service.id, older_than, kPageSize);
  if (!page) return ApiError::Internal("DatabaseError");
  ordered_json list = ordered_json::array();
  for (const auto& text : *page) list.push_back(ReceivedTextJson(text));
  auto last = page->empty() ? std::nullopt : std::optional(page->back().id);
  return JsonResponse(200, {{"received_text_messages", list},
                            {"links", Links(c, "/v2/received-text-messages", params, last)}});
}

}  // namespace missive::handlers
