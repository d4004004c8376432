#pragma once
// The HTML document around an email's body: language, title, a hidden preheader, an optional
// banner (the Government of Canada signature or a service's logo) and a centred column at most
// 580 pixels wide. Layout tables carry role="presentation". Private to src/render. Thread-safe,
// pure.
//
//   EmailDocumentParts parts{"fr", subject, preheader, body_html};
//   std::string page = HtmlDocument(parts, {.kind = BrandingKind::kGovernmentOfCanadaFrench,
//                                           .public_base_url = "https://notify.example.ca"});

#include <string>
#include <string_view>

#include "render/email.h"

namespace missive::render_internal {

struct EmailDocumentParts {
  std::string_view lang;       // unusable values (empty, anything but letters, digits, `-`): "en"
  std::string_view subject;    // as sent (not escaped)
  std::string_view preheader;  // HTML-escaped
  std::string_view body_html;
};

std::string HtmlDocument(const EmailDocumentParts& parts, const EmailBranding& branding);

}  // namespace missive::render_internal
