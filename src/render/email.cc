#include "render/email.h"

#include "render/internal/email_body.h"
#include "render/internal/email_html.h"
#include "render/internal/personalisation.h"
#include "render/internal/text.h"
#include "render/internal/typography.h"

namespace missive {
namespace {

using render_internal::CollapseWhitespace;
using render_internal::FillWithIndex;
using render_internal::NiceTypography;
using render_internal::PersonalisationIndex;

constexpr FillOptions kPlain{ValueStyle::kEmail, false};
constexpr FillOptions kEscaped{ValueStyle::kEmail, true};

std::string Subject(std::string_view subject, const PersonalisationIndex& values,
                    FillOptions options) {
  return CollapseWhitespace(NiceTypography(FillWithIndex(subject, values, options)));
}

}  // namespace

ApiEmailContent RenderEmailForApi(const EmailContent& content, const nlohmann::json& values) {
  PersonalisationIndex index(values);
  return {Subject(content.subject, index, kEscaped), FillWithIndex(content.body, index, kPlain)};
}

RenderedEmail RenderEmail(const EmailContent& content, const nlohmann::json& values,
                          std::string_view lang, const EmailBranding& branding) {
  PersonalisationIndex index(values);
  RenderedEmail email;
  email.subject = Subject(content.subject, index, kPlain);
  email.api_subject = Subject(content.subject, index, kEscaped);

  email.api_body = FillWithIndex(content.body, index, kPlain);
  email.text = render_internal::EmailPlainText(email.api_body);

  render_internal::EmailHtmlParts html =
      render_internal::RenderEmailHtml(FillWithIndex(content.body, index, kEscaped));
  email.html_body = std::move(html.body);
  email.preheader = std::move(html.preheader);

  render_internal::EmailDocumentParts parts{lang, email.subject, email.preheader, email.html_body};
  email.html = render_internal::HtmlDocument(parts, branding);
  return email;
}

}  // namespace missive
