#include "api/internal/rendering.h"

#include "render/email.h"
#include "render/placeholders.h"
#include "render/sms.h"

namespace missive::handlers {

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

ApiContent RenderForApi(const Template& t, const nlohmann::json& values, bool with_html) {
  if (t.type == TemplateType::kEmail) {
    RenderedEmail email = RenderEmail({t.subject.value_or(""), t.body}, values);
    ApiContent content{email.api_body, email.api_subject, std::nullopt};
    if (with_html) content.html = email.html;
    return content;
  }
  RenderedSms sms = RenderSms({t.body, "", false}, values);
  return ApiContent{sms.api_body, std::nullopt, std::nullopt};
}

}  // namespace missive::handlers
