#include "api/internal/notification_json.h"

#include "api/internal/rendering.h"

namespace missive::handlers {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json OrNull(const std::optional<std::string>& text) {
  return text ? ordered_json(*text) : ordered_json(nullptr);
}

ordered_json TimeOrNull(const std::optional<Micros>& at) {
  return at ? ordered_json(FormatTimestamp(*at)) : ordered_json(nullptr);
}

}  // namespace

ordered_json TemplateRef(const Context& c, const std::string& id, int version) {
  return {{"id", id},
          {"version", version},
          {"uri", c.base_url + "/v2/template/" + id + "/version/" + std::to_string(version)}};
}

ordered_json NotificationJson(const Context& c, const Notification& n, const Template& t) {
  ApiContent r = RenderForApi(t, json::parse(n.personalisation_json, nullptr, false), false);
  bool email = n.type == TemplateType::kEmail;
  ordered_json body = {{"id", n.id},
                       {"reference", OrNull(n.reference)},
                       {"email_address", email ? ordered_json(n.to) : ordered_json(nullptr)},
                       {"phone_number", email ? ordered_json(nullptr) : ordered_json(n.to)}};
  for (const char* line : {"line_1", "line_2", "line_3", "line_4", "line_5", "line_6"}) {
    body[line] = nullptr;
  }
  body["postcode"] = nullptr;
  body["postage"] = nullptr;
  body["type"] = TemplateTypeName(n.type);
  body["status"] = StatusName(n.status);
  body["status_description"] = StatusDescription(n.status, n.type);
  body["provider_response"] = OrNull(n.provider_response);
  body["template"] = TemplateRef(c, n.template_id, n.template_version);
  body["body"] = r.body;
  body["subject"] = r.subject ? ordered_json(*r.subject) : ordered_json(nullptr);
  body["created_at"] = FormatTimestamp(n.created_at);
  body["created_by_name"] = nullptr;
  body["sent_at"] = TimeOrNull(n.sent_at);
  body["completed_at"] = IsCompleted(n.status) ? TimeOrNull(n.updated_at) : ordered_json(nullptr);
  body["scheduled_for"] = TimeOrNull(n.scheduled_for);
  return body;
}

}  // namespace missive::handlers
