#pragma once
// Email rendering: a template's subject and body plus personalisation become what GC Notify sends
// (a subject, a plain-text part and an HTML document) and what its API reports back. The body is
// GC Notify's markdown: `#` and `##` headings, `*`, `-`, `•` and `1.` lists nested by indentation,
// `^` insets, `---` rules, `**bold**`, `_italics_`, links and bare URLs, `[[en]]` and `[[fr]]`
// blocks. GC Notify's typography follows (curly quotes, spaced en dashes, no space before `,` or
// `.`). The HTML document is our own accessible layout: language, title, a hidden preheader, an
// optional banner, a centred column that narrows on small screens.
// Thread-safe: RenderEmail is pure.
//
//   if (!MissingPlaceholders({t.subject, t.body}, values).empty()) return Reject();
//   RenderedEmail email = RenderEmail({t.subject, t.body}, values, "fr", service.branding);
//   Send(email.subject, email.text, email.html);

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace missive {

// A template's subject and body, as stored.
struct EmailContent {
  std::string subject;
  std::string body;
};

enum class BrandingKind {
  kNone,
  kGovernmentOfCanadaEnglish,  // the signature with English first
  kGovernmentOfCanadaFrench,   // the signature with French first
  kCustomLogo,
};

// The banner above the body. GC Notify's default for a service is the English-first signature;
// ours is none, because the signature needs `public_base_url`.
struct EmailBranding {
  BrandingKind kind = BrandingKind::kNone;
  // Where Missive's assets are served, absolute (https://notify.example.ca): the signature is
  // `<public_base_url>/assets/gc-logo-en.png` or `gc-logo-fr.png`, with alternative text in the
  // matching language.
  std::string public_base_url;
  // For kCustomLogo: the logo's absolute http or https URL (with any other URL no banner is
  // shown) and its alternative text.
  std::string logo_url;
  std::string logo_alt_text;
};

struct RenderedEmail {
  // For the recipient: filled without escaping, typography applied, whitespace collapsed to single
  // spaces, trimmed.
  std::string subject;
  // For API responses: as GC Notify reports it, the subject template is HTML-escaped along with
  // the values (`&` becomes `&amp;` wherever it came from, unless it starts a character reference
  // such as `&eacute;`), then typography and whitespace as for `subject`.
  std::string api_subject;
  // For API responses: the body filled without escaping, original line endings (\r\n) kept.
  std::string api_body;
  // The plain-text part: markdown as text (`#` headings underlined, `•` and `1.` lists, links as
  // `text: url`), typography, HTML references decoded, leading whitespace removed, one trailing
  // newline. `[[en]]` and `[[fr]]` markers stay, as in GC Notify. One deliberate difference: a
  // link's URL is written as the HTML part links to it, where GC Notify's decoding garbles
  // `&param=1` into `¶m=1`.
  std::string text;
  // The HTML body alone, without the document around it: what GC Notify's template preview shows.
  // Template text and values are HTML-escaped; link URLs keep only http, https, mailto and tel.
  std::string html_body;
  // The hidden preheader: the first 256 characters of the body as text, HTML-escaped.
  std::string preheader;
  // The HTML part: a complete document (doctype, lang, charset, viewport, title, preheader,
  // banner) around `html_body`.
  std::string html;
};

// Only what the API shows of an email (RenderedEmail's api_subject and api_body), without the
// cost of the HTML and plain-text parts: for answering a send.
struct ApiEmailContent {
  std::string api_subject;
  std::string api_body;
};
ApiEmailContent RenderEmailForApi(const EmailContent& content, const nlohmann::json& values);

// Renders `content` with `values` (a JSON object of personalisation). `lang` is the document's
// language ("en", "fr"); anything but letters, digits and `-` falls back to "en". Never fails:
// callers check MissingPlaceholders first, and anything left unsatisfied stays as written.
RenderedEmail RenderEmail(const EmailContent& content, const nlohmann::json& values,
                          std::string_view lang = "en", const EmailBranding& branding = {});

}  // namespace missive
