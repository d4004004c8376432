#pragma once
// The three renderings of an email's filled body, each with the steps GC Notify applies around
// its markdown: `GOV.UK` kept from becoming a link, U+2028 dropped, English and French blocks,
// typography, and for the plain text the HTML unescaping and the single trailing newline.
// Private to src/render. Thread-safe, pure.
//
//   std::string escaped = FillPlaceholders(body, values, {.escape_html = true});
//   EmailHtmlParts html = RenderEmailHtml(escaped);   // html.body: <p style="...">Hello</p>
//   std::string text = EmailPlainText(FillPlaceholders(body, values, {}));

#include <string>
#include <string_view>

namespace missive::render_internal {

struct EmailHtmlParts {
  // The HTML body fragment. `[[en]]`…`[[/en]]` and `[[fr]]`…`[[/fr]]` become
  // `<div lang="en-ca">` and `<div lang="fr-ca">` when each kind has as many openings as closings
  // (`[[rtl]]` likewise becomes `<div dir="rtl">`). Block elements end with a line break.
  std::string body;
  // The preheader: the body as text without headings' underlines, rules, link targets or
  // language markers, whitespace collapsed, cut to its first 256 characters; HTML-escaped.
  std::string preheader;
};

// The HTML parts of `escaped_body`: the filled body with template text and values HTML-escaped.
EmailHtmlParts RenderEmailHtml(std::string_view escaped_body);

// The plain-text part of the filled (unescaped) body: leading whitespace removed, one trailing
// newline. Language markers stay in the text, as in GC Notify.
std::string EmailPlainText(std::string_view body);

// GC Notify's `GOV.UK` guard: a zero-width space after the dot of `gov.uk` (any case) unless it
// is part of a longer name or a URL path.
std::string UnlinkGovUk(std::string_view text);

}  // namespace missive::render_internal
