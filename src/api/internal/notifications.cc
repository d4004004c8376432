// POST /v2/notifications/email and GET /v2/notifications/{id}.

#include <spdlog/spdlog.h>

#include "api/internal/handlers.h"
#include "api/internal/json_body.h"
#include "api/internal/rendering.h"
#include "api/request_schema.h"
#include "core/uuid.h"
#include "render/email.h"
#include "render/placeholders.h"

namespace missive::handlers {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

const Schema kEmailSchema{{{"reference", FieldKind::kString},
                           {"email_address", FieldKind::kEmail},
                           {"template_id", FieldKind::kUuid},
                           {"personalisation", FieldKind::kObject},
                           {"scheduled_for", FieldKind::kStringOrNull},
                           {"email_reply_to_id", FieldKind::kUuid}},
                          {"email_address", "template_id"}};

constexpr size_t kPersonalisationLimit = 51200;

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

std::optional<ApiError> CheckPersonalisationSize(const json& values) {
  size_t total = 0;
  for (const auto& value : values) {
    if (value.is_object()) continue;
    total += value.is_string() ? value.get_ref<const std::string&>().size() : value.dump().size();
  }
  if (total <= kPersonalisationLimit) return std::nullopt;
  return ApiError::Validation({"Personalisation variables size of " + std::to_string(total) +
                               " bytes is greater than allowed limit of 51200 bytes."});
}

ApiResult<Template> LoadEmailTemplate(const Context& c, const std::string& template_id) {
  auto found = c.store.GetTemplate(c.caller.service.id, template_id);
  if (!found && found.error().code == ErrorCode::kNotFound) {
    return ApiError::BadRequest("Template not found");
  }
  if (!found) return ApiError::Internal("DatabaseError");
  if (found->type != TemplateType::kEmail) {
    return ApiError::BadRequest(std::string(TemplateTypeName(found->type)) +
                                " template is not suitable for email notification");
  }
  if (found->archived) return ApiError::BadRequest("Template " + found->id + " has been deleted");
  return std::move(found).value();
}

ApiResult<RenderedEmail> RenderForSend(const Template& t, const json& values) {
  EmailContent content{t.subject.value_or(""), t.body};
  std::vector<std::string> missing = MissingPlaceholders({content.subject, content.body}, values);
  if (!missing.empty()) {
    return ApiError::BadRequest("Missing personalisation for template ID " + t.id + ": " +
                                Join(missing));
  }
  RenderedEmail rendered = RenderEmail(content, values);
  if (IsBlank(rendered.api_body))
    return ApiError::BadRequest("Message is empty or just whitespace");
  return rendered;
}

std::string FromEmail(const Context& c) {
  return c.caller.service.email_from + "@" + c.options.email_domain;
}

ordered_json TemplateRef(const Context& c, const std::string& id, int version) {
  return {{"id", id},
          {"version", version},
          {"uri", c.base_url + "/v2/template/" + id + "/version/" + std::to_string(version)}};
}

Notification NewNotification(const Context& c, const json& body, const Template& t) {
  Notification n;
  n.id = NewUuid();
  n.service_id = c.caller.service.id;
  n.api_key_id = c.caller.key.id;
  n.key_type = c.caller.key.type;
  n.template_id = t.id;
  n.template_version = t.version;
  n.type = TemplateType::kEmail;
  n.to = body["email_address"].get<std::string>();
  n.personalisation_json = body.value("personalisation", json::object()).dump();
  if (body.contains("reference")) n.reference = body["reference"].get<std::string>();
  n.created_at = c.clock.NowMicros();
  return n;
}

ordered_json CreatedBody(const Context& c, const Notification& n, const RenderedEmail& r) {
  return {{"id", n.id},
          {"reference", n.reference ? ordered_json(*n.reference) : ordered_json(nullptr)},
          {"uri", c.base_url + "/v2/notifications/" + n.id},
          {"template", TemplateRef(c, n.template_id, n.template_version)},
          {"scheduled_for", nullptr},
          {"content",
           {{"from_email", FromEmail(c)}, {"body", r.api_body}, {"subject", r.api_subject}}}};
}

ordered_json OrNull(const std::optional<std::string>& text) {
  return text ? ordered_json(*text) : ordered_json(nullptr);
}

ordered_json TimeOrNull(const std::optional<Micros>& at) {
  return at ? ordered_json(FormatTimestamp(*at)) : ordered_json(nullptr);
}

ordered_json NotificationBody(const Context& c, const Notification& n, const Template& t) {
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
  body["scheduled_for"] = nullptr;
  return body;
}

}  // namespace

ApiResult<HttpResponse> PostEmail(const Context& c) {
  auto body = ParseJsonBody(c.request);
  if (!body) return body.error();
  if (auto errors = Validate(*body, kEmailSchema); !errors.empty()) {
    return ApiError::Validation(errors);
  }
  json values = body->value("personalisation", json::object());
  if (auto too_big = CheckPersonalisationSize(values)) return *too_big;
  if (body->contains("scheduled_for") && !(*body)["scheduled_for"].is_null()) {
    return ApiError::BadRequest("Cannot schedule notifications (this feature is invite-only)");
  }
  if (!c.caller.service.active) return ApiError::V2(403, "BadRequestError", "Service is suspended");

  auto tmpl = LoadEmailTemplate(c, *ParseUuid((*body)["template_id"].get<std::string>()));
  if (!tmpl) return tmpl.error();
  auto rendered = RenderForSend(*tmpl, values);
  if (!rendered) return rendered.error();
  if (body->contains("email_reply_to_id")) {
    return ApiError::BadRequest(
        "email_reply_to_id " + (*body)["email_reply_to_id"].get<std::string>() +
        " does not exist in database for service id " + c.caller.service.id);
  }

  Notification n = NewNotification(c, *body, *tmpl);
  if (Status saved = c.store.InsertNotification(n); !saved) {
    spdlog::error("request={} notification={} event=insert-failed error=\"{}\"",
                  c.request.request_id, n.id, saved.error().message);
    return ApiError::Internal("DatabaseError");
  }
  spdlog::debug("request={} notification={} event=created template={}", c.request.request_id, n.id,
                n.template_id);
  if (c.on_created) c.on_created();
  return JsonResponse(201, CreatedBody(c, n, *rendered));
}

ApiResult<HttpResponse> GetNotification(const Context& c, const std::string& raw_id) {
  auto id = ParseUuid(raw_id);
  if (!id) return ApiError::Validation({"notification_id is not a valid UUID"});
  auto found = c.store.GetNotification(c.caller.service.id, *id);
  if (!found && found.error().code == ErrorCode::kNotFound) {
    return ApiError::Legacy(404, "Notification not found in database");
  }
  if (!found) return ApiError::Internal("DatabaseError");
  auto tmpl = c.store.GetTemplate(found->service_id, found->template_id, found->template_version);
  if (!tmpl) return ApiError::Internal("DatabaseError");
  return JsonResponse(200, NotificationBody(c, *found, *tmpl));
}

ApiResult<HttpResponse> PostLetter(const Context& c) {
  return ApiError::BadRequest("Service is not allowed to send letters");
}

}  // namespace missive::handlers
