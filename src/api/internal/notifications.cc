// POST /v2/notifications/email and /sms, GET /v2/notifications/{id}.

#include <spdlog/spdlog.h>

#include "api/internal/files.h"
#include "api/internal/handlers.h"
#include "api/internal/json_body.h"
#include "api/internal/notification_json.h"
#include "api/internal/rendering.h"
#include "api/internal/sanitise.h"
#include "api/internal/send_rules.h"
#include "api/request_schema.h"
#include "core/uuid.h"
#include "recipients/email_address.h"
#include "recipients/phone_number.h"
#include "render/email.h"
#include "render/placeholders.h"
#include "render/sms.h"

namespace missive::handlers {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

const Schema kEmailSchema{{{"reference", FieldKind::kString},
                           {"email_address", FieldKind::kEmail},
                           {"template_id", FieldKind::kUuid},
                           {"personalisation", FieldKind::kObject},
                           {"scheduled_for", FieldKind::kStringOrNull},
                           {"email_reply_to_id", FieldKind::kUuid},
                           // Accepted from GOV.UK-shaped clients (GC Notify refuses them).
                           {"one_click_unsubscribe_url", FieldKind::kString},
                           {"sanitise_content_for", FieldKind::kArrayOrNull}},
                          {"email_address", "template_id"}};

const Schema kSmsSchema{{{"reference", FieldKind::kString},
                         {"phone_number", FieldKind::kPhone},
                         {"template_id", FieldKind::kUuid},
                         {"personalisation", FieldKind::kObject},
                         {"scheduled_for", FieldKind::kStringOrNull},
                         {"sms_sender_id", FieldKind::kUuid}},
                        {"phone_number", "template_id"}};

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

ApiResult<Template> LoadTemplateFor(const Context& c, const json& body, TemplateType type) {
  auto id = ParseUuid(body["template_id"].get<std::string>());
  auto found = c.lookups.CurrentTemplate(c.caller.service.id, *id);
  if (!found && found.error().code == ErrorCode::kNotFound) {
    return ApiError::BadRequest("Template not found");
  }
  if (!found) return ApiError::Internal("DatabaseError");
  if (found->type != type) {
    return ApiError::BadRequest(std::string(TemplateTypeName(found->type)) +
                                " template is not suitable for " +
                                std::string(TemplateTypeName(type)) + " notification");
  }
  if (found->archived) return ApiError::BadRequest("Template " + found->id + " has been deleted");
  return std::move(found).value();
}

// scheduled_for, when given: an ISO 8601 time, not past, at most 96 hours ahead. Unlike GC Notify,
// a UTC offset in it is honoured rather than dropped.
std::optional<Micros> ScheduledFor(const json& body) {
  auto field = body.find("scheduled_for");
  if (field == body.end() || field->is_null()) return std::nullopt;
  return ParseIsoDateTime(field->get<std::string>());
}

std::optional<ApiError> CheckScheduledFor(const Context& c, const json& body) {
  auto field = body.find("scheduled_for");
  if (field == body.end() || field->is_null()) return std::nullopt;
  constexpr Micros kMostAhead = 96 * 3600 * kMicrosPerSecond;
  auto at = ScheduledFor(body);
  Micros now = c.clock.NowMicros();
  if (!at) {
    return ApiError::Validation(
        {"scheduled_for datetime format is invalid. It must be a valid ISO8601 date time format, "
         "https://en.wikipedia.org/wiki/ISO_8601"});
  }
  if (*at < now) return ApiError::Validation({"scheduled_for datetime cannot be in the past"});
  if (*at > now + kMostAhead) {
    return ApiError::Validation(
        {"scheduled_for datetime can only be up to 96 hours in the future"});
  }
  return std::nullopt;
}

// The checks every send makes before looking at the template, in GC Notify's order.
ApiResult<json> ReadSendRequest(const Context& c, const Schema& schema, TemplateType type) {
  auto body = ParseJsonBody(c.request);
  if (!body) return body.error();
  if (auto errors = Validate(*body, schema); !errors.empty()) return ApiError::Validation(errors);
  if (auto too_big = CheckPersonalisationSize(body->value("personalisation", json::object()))) {
    return *too_big;
  }
  if (auto error = CheckScheduledFor(c, *body)) return *error;
  if (!c.caller.service.active) return ApiError::V2(403, "BadRequestError", "Service is suspended");
  if (auto refused = CheckChannel(c, type)) return *refused;
  return std::move(body).value();
}

ApiError MissingPersonalisation(const Template& t, const std::vector<std::string>& missing) {
  return ApiError::BadRequest("Missing personalisation for template ID " + t.id + ": " +
                              Join(missing));
}

ApiResult<RenderedSms> RenderSmsForSend(const Template& t, const json& values,
                                        const Service& service) {
  std::vector<std::string> missing = MissingPlaceholders({t.body}, values);
  if (!missing.empty()) return MissingPersonalisation(t, missing);
  RenderedSms rendered = RenderSms({t.body, service.name, service.prefix_sms}, values);
  if (rendered.too_long) {
    return ApiError::BadRequest(
        "Content for template has a character count greater than the limit of 612");
  }
  if (IsBlank(rendered.api_body))
    return ApiError::BadRequest("Message is empty or just whitespace");
  return rendered;
}

ApiResult<ApiEmailContent> RenderForSend(const Template& t, const json& values) {
  EmailContent content{t.subject.value_or(""), t.body};
  std::vector<std::string> missing = MissingPlaceholders({content.subject, content.body}, values);
  if (!missing.empty()) return MissingPersonalisation(t, missing);
  ApiEmailContent rendered = RenderEmailForApi(content, values);
  if (IsBlank(rendered.api_body))
    return ApiError::BadRequest("Message is empty or just whitespace");
  return rendered;
}

std::string FromEmail(const Context& c) {
  return c.caller.service.email_from + "@" + c.options.email_domain;
}

Notification NewNotification(const Context& c, const json& body, const Template& t,
                             const json& values, const char* recipient_field) {
  Notification n;
  n.id = NewUuid();
  n.service_id = c.caller.service.id;
  n.api_key_id = c.caller.key.id;
  n.key_type = c.caller.key.type;
  n.template_id = t.id;
  n.template_version = t.version;
  n.type = t.type;
  n.to = body[recipient_field].get<std::string>();
  n.personalisation_json = values.dump();
  if (body.contains("reference")) n.reference = body["reference"].get<std::string>();
  if (body.contains("one_click_unsubscribe_url")) {
    n.unsubscribe_url = body["one_click_unsubscribe_url"].get<std::string>();
  }
  n.created_at = c.clock.NowMicros();
  n.scheduled_for = ScheduledFor(body);
  return n;
}

// The reply-to address: the one named by email_reply_to_id, else the service's default, else none.
ApiResult<std::optional<std::string>> ResolveReplyTo(const Context& c, const json& body) {
  auto addresses = c.store.ListReplyTos(c.caller.service.id);
  if (!addresses) return ApiError::Internal("DatabaseError");
  if (!body.contains("email_reply_to_id")) {
    for (const auto& address : *addresses) {
      if (address.is_default) return std::optional(address.email_address);
    }
    return std::optional<std::string>();
  }
  std::string raw = body["email_reply_to_id"].get<std::string>();
  auto id = ParseUuid(raw);
  for (const auto& address : *addresses) {
    if (address.id == id) return std::optional(address.email_address);
  }
  return ApiError::BadRequest("email_reply_to_id " + raw +
                              " does not exist in database for service id " + c.caller.service.id);
}

// The SMS sender: the one named by sms_sender_id, else the service's default, else none.
ApiResult<std::optional<std::string>> ResolveSmsSender(const Context& c, const json& body) {
  auto senders = c.store.ListSmsSenders(c.caller.service.id);
  if (!senders) return ApiError::Internal("DatabaseError");
  if (!body.contains("sms_sender_id")) {
    for (const auto& sender : *senders) {
      if (sender.is_default) return std::optional(sender.sms_sender);
    }
    return std::optional<std::string>();
  }
  std::string raw = body["sms_sender_id"].get<std::string>();
  auto id = ParseUuid(raw);
  for (const auto& sender : *senders) {
    if (sender.id == id) return std::optional(sender.sms_sender);
  }
  return ApiError::BadRequest("sms_sender_id " + raw +
                              " does not exist in database for service id " + c.caller.service.id);
}

// from_number as GC Notify shows it: E.164 when the sender is a phone number.
std::string FromNumber(const Context& c, const std::optional<std::string>& sender) {
  std::string raw = sender.value_or(c.options.default_sms_sender);
  auto phone = ValidatePhoneNumber(raw);
  return phone ? phone->e164 : raw;
}

// Stores the notification within the service's limits and wakes the workers.
ApiResult<bool> Commit(const Context& c, const Notification& n) {
  Status saved = c.store.InsertNotification(n, LimitsFor(c, n.type));
  if (!saved && saved.error().code == ErrorCode::kRejected) {
    return LimitExceeded(c, n.type, saved.error().message);
  }
  if (!saved) {
    spdlog::error("request={} notification={} event=insert-failed error=\"{}\"",
                  c.request.request_id, n.id, saved.error().message);
    return ApiError::Internal("DatabaseError");
  }
  spdlog::debug("request={} notification={} event=created type={} template={}",
                c.request.request_id, n.id, TemplateTypeName(n.type), n.template_id);
  if (c.on_created) c.on_created();
  return true;
}

// Who may receive it, and whether it is only a smoke test: true when it must not be stored.
ApiResult<bool> CheckRecipient(const Context& c, TemplateType type, const std::string& to) {
  std::string normalised = NormaliseEmailAddress(to);
  if (type == TemplateType::kSms) {
    auto phone = ValidatePhoneNumber(to);
    normalised = phone->e164;
    if (IsSmokeTestRecipient(type, normalised)) return true;
    if (auto refused = CheckRecipientAllowed(c, normalised)) return *refused;
    if (phone->international && !c.caller.service.Can("international_sms")) {
      return ApiError::BadRequest("Cannot send to international mobile numbers");
    }
    return false;
  }
  if (IsSmokeTestRecipient(type, normalised)) return true;
  if (auto refused = CheckRecipientAllowed(c, normalised)) return *refused;
  return false;
}

// scheduled_for as the request gave it, or null.
ordered_json ScheduledEcho(const json& body) {
  auto field = body.find("scheduled_for");
  return field == body.end() ? ordered_json(nullptr) : ordered_json(*field);
}

ordered_json SmsCreatedBody(const Context& c, const Notification& n, const RenderedSms& r,
                            const json& body) {
  return {{"id", n.id},
          {"reference", n.reference ? ordered_json(*n.reference) : ordered_json(nullptr)},
          {"uri", c.base_url + "/v2/notifications/" + n.id},
          {"template", TemplateRef(c, n.template_id, n.template_version)},
          {"scheduled_for", ScheduledEcho(body)},
          {"content", {{"from_number", FromNumber(c, n.sender)}, {"body", r.api_body}}}};
}

// sanitise_content_for, when given: sanitises `values` in place, returns sanitised_content.
std::optional<ordered_json> ApplySanitising(const json& body, json& values) {
  auto keys = body.find("sanitise_content_for");
  if (keys == body.end() || keys->is_null()) return std::nullopt;
  std::vector<std::string> names;
  for (const auto& key : *keys) {
    if (key.is_string()) names.push_back(key.get<std::string>());
  }
  return SanitisePersonalisation(values, names);
}

ordered_json CreatedBody(const Context& c, const Notification& n, const ApiEmailContent& r,
                         const std::optional<ordered_json>& sanitised, const json& body) {
  ordered_json unsubscribe = n.unsubscribe_url ? ordered_json(*n.unsubscribe_url) : nullptr;
  ordered_json out = {
      {"id", n.id},
      {"reference", n.reference ? ordered_json(*n.reference) : ordered_json(nullptr)},
      {"uri", c.base_url + "/v2/notifications/" + n.id},
      {"template", TemplateRef(c, n.template_id, n.template_version)},
      {"scheduled_for", ScheduledEcho(body)},
      {"content",
       {{"from_email", FromEmail(c)},
        {"body", r.api_body},
        {"subject", r.api_subject},
        {"one_click_unsubscribe_url", unsubscribe}}}};
  // Only when asked for: the node client's 8.3 schema refuses the key otherwise.
  if (sanitised) out["sanitised_content"] = *sanitised;
  return out;
}

}  // namespace

ApiResult<HttpResponse> PostEmail(const Context& c) {
  auto body = ReadSendRequest(c, kEmailSchema, TemplateType::kEmail);
  if (!body) return body.error();
  json values = body->value("personalisation", json::object());
  auto files = TakeFiles(values);
  if (!files) return files.error();
  auto tmpl = LoadTemplateFor(c, *body, TemplateType::kEmail);
  if (!tmpl) return tmpl.error();
  std::optional<ordered_json> sanitised = ApplySanitising(*body, values);
  auto rendered = RenderForSend(*tmpl, values);
  if (!rendered) return rendered.error();
  auto reply_to = ResolveReplyTo(c, *body);
  if (!reply_to) return reply_to.error();

  Notification n = NewNotification(c, *body, *tmpl, values, "email_address");
  n.sender = *reply_to;
  auto smoke_test = CheckRecipient(c, TemplateType::kEmail, n.to);
  if (!smoke_test) return smoke_test.error();
  if (auto refused = CheckFilesAllowed(c, *files)) return *refused;
  if (!files->empty()) n.attachments_json = FilesJson(*files);
  if (!*smoke_test) {
    if (auto committed = Commit(c, n); !committed) return committed.error();
  }
  return JsonResponse(201, CreatedBody(c, n, *rendered, sanitised, *body));
}

ApiResult<HttpResponse> PostSms(const Context& c) {
  auto body = ReadSendRequest(c, kSmsSchema, TemplateType::kSms);
  if (!body) return body.error();
  json values = body->value("personalisation", json::object());
  auto tmpl = LoadTemplateFor(c, *body, TemplateType::kSms);
  if (!tmpl) return tmpl.error();
  auto rendered = RenderSmsForSend(*tmpl, values, c.caller.service);
  if (!rendered) return rendered.error();
  auto sender = ResolveSmsSender(c, *body);
  if (!sender) return sender.error();

  Notification n = NewNotification(c, *body, *tmpl, values, "phone_number");
  n.sender = *sender;
  auto smoke_test = CheckRecipient(c, TemplateType::kSms, n.to);
  if (!smoke_test) return smoke_test.error();
  if (!*smoke_test) {
    if (auto committed = Commit(c, n); !committed) return committed.error();
  }
  return JsonResponse(201, SmsCreatedBody(c, n, *rendered, *body));
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
  return JsonResponse(200, NotificationJson(c, *found, *tmpl));
}

ApiResult<HttpResponse> CancelNotification(const Context& c, const std::string& raw_id) {
  auto id = ParseUuid(raw_id);
  if (!id) return ApiError::Validation({"notification_id is not a valid UUID"});
  auto outcome = c.store.CancelScheduled(c.caller.service.id, *id, c.clock.NowMicros());
  if (!outcome) return ApiError::Internal("DatabaseError");
  switch (*outcome) {
    case Store::CancelOutcome::kNotFound:
      return ApiError::Legacy(404, "Notification not found in database");
    case Store::CancelOutcome::kNotScheduled:
      return ApiError::BadRequest("Notification is not scheduled and cannot be deleted");
    case Store::CancelOutcome::kAlreadySent:
      return ApiError::BadRequest("Notification has already been sent and cannot be deleted");
    case Store::CancelOutcome::kCancelled:
      break;
  }
  spdlog::info("request={} notification={} event=cancelled", c.request.request_id, *id);
  return JsonResponse(200, {{"result", "success"}});
}

ApiResult<HttpResponse> PostLetter(const Context& c) {
  return ApiError::BadRequest("Service is not allowed to send letters");
}

}  // namespace missive::handlers
