// GET /v2/template/{id}[/version/{v}], GET /v2/templates, POST /v2/template/{id}/preview.

#include "api/internal/handlers.h"
#include "api/internal/json_body.h"
#include "api/internal/query.h"
#include "api/internal/rendering.h"
#include "api/request_schema.h"
#include "core/uuid.h"
#include "render/placeholders.h"

namespace missive::handlers {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

ApiError NoResult() { return ApiError::V2(404, "NoResultFound", "No result found"); }

ordered_json PersonalisationOf(const Template& t) {
  ordered_json fields = ordered_json::object();
  std::string subject = t.subject.value_or("");
  for (const auto& name : PlaceholderNames({subject, t.body})) {
    fields[name] = {{"required", true}};
  }
  return fields;
}

ordered_json TemplateJson(const Template& t) {
  return {{"id", t.id},
          {"type", TemplateTypeName(t.type)},
          {"created_at", FormatTimestamp(t.created_at)},
          {"updated_at", t.updated_at ? ordered_json(FormatTimestamp(*t.updated_at)) : nullptr},
          {"created_by", t.created_by},
          {"version", t.version},
          {"body", t.body},
          {"subject", t.subject ? ordered_json(*t.subject) : ordered_json(nullptr)},
          {"name", t.name},
          {"personalisation", PersonalisationOf(t)},
          {"postage", nullptr},
          {"letter_contact_block", nullptr}};
}

ApiResult<Template> Find(const Context& c, const std::string& raw_id, std::optional<int> version) {
  auto id = ParseUuid(raw_id);
  if (!id) return ApiError::Validation({"id is not a valid UUID"});
  auto found = c.store.GetTemplate(c.caller.service.id, *id, version);
  if (!found && found.error().code == ErrorCode::kNotFound) return NoResult();
  if (!found) return ApiError::Internal("DatabaseError");
  return std::move(found).value();
}

struct TemplateFilter {
  std::optional<TemplateType> type;
  bool letters = false;  // ?type=letter: valid, and always an empty list here
};

// GC Notify's rules for the ?type= filter and for unexpected parameters.
ApiResult<TemplateFilter> ParseFilter(const QueryParams& params) {
  TemplateFilter filter;
  std::vector<std::string> errors, extras;
  for (const auto& [key, value] : params) {
    if (key != "type") {
      extras.push_back(key);
    } else if (value == "letter") {
      filter.letters = true;
    } else if (auto parsed = ParseTemplateType(value)) {
      filter.type = parsed;
    } else {
      errors.push_back("type " + value + " is not one of [sms, email, letter]");
    }
  }
  if (!extras.empty()) errors.push_back(UnexpectedMessage(extras));
  if (!errors.empty()) return ApiError::Validation(errors);
  return filter;
}

}  // namespace

ApiResult<HttpResponse> GetTemplate(const Context& c, const std::string& id,
                                    std::optional<int> version) {
  auto found = Find(c, id, version);
  if (!found) return found.error();
  return JsonResponse(200, TemplateJson(*found));
}

ApiResult<HttpResponse> ListTemplates(const Context& c) {
  auto filter = ParseFilter(ParseQuery(c.request.target));
  if (!filter) return filter.error();
  ordered_json list = ordered_json::array();
  if (!filter->letters) {
    auto templates = c.store.ListTemplates(c.caller.service.id, filter->type);
    if (!templates) return ApiError::Internal("DatabaseError");
    for (const auto& t : *templates) list.push_back(TemplateJson(t));
  }
  return JsonResponse(200, {{"templates", list}});
}

ApiResult<HttpResponse> PreviewTemplate(const Context& c, const std::string& id) {
  auto found = Find(c, id, std::nullopt);
  if (!found) return found.error();
  json body = json::object();
  if (!c.request.body.empty()) {
    auto parsed = ParseJsonBody(c.request);
    if (!parsed) return parsed.error();
    body = std::move(parsed).value();
  }
  static const Schema kPreviewSchema{{{"personalisation", FieldKind::kObject}}, {}, false};
  if (auto errors = Validate(body, kPreviewSchema); !errors.empty()) {
    return ApiError::Validation(errors);
  }
  json values = body.value("personalisation", json::object());
  std::string subject = found->subject.value_or("");
  auto missing = MissingPlaceholders({subject, found->body}, values);
  if (!missing.empty()) return ApiError::BadRequest("Missing personalisation: " + Join(missing));
  ApiContent preview = RenderForApi(*found, values, true);
  return JsonResponse(200, {{"id", found->id},
                            {"type", TemplateTypeName(found->type)},
                            {"version", found->version},
                            {"body", preview.body},
                            {"html", preview.html ? ordered_json(*preview.html) : nullptr},
                            {"subject", preview.subject ? ordered_json(*preview.subject) : nullptr},
                            {"postage", nullptr}});
}

}  // namespace missive::handlers
