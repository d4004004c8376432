#pragma once
// Email rendering: a template's subject and body plus personalisation become what is sent (a
// subject, a plain-text part and an HTML document) and what the API reports back. The HTML part
// is a simple accessible document whose body is paragraphs.
// Known gap: markdown and GC Notify's typography (smart quotes, en dashes, no space before
// punctuation) are not applied yet; every part shows the markdown source as written.
// Thread-safe: RenderEmail is pure.
//
//   if (!MissingPlaceholders({t.subject, t.body}, values).empty()) return Reject();
//   RenderedEmail email = RenderEmail({t.subject, t.body}, values, "fr");
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

struct RenderedEmail {
  // For the recipient: filled without escaping, whitespace collapsed to single spaces, trimmed.
  std::string subject;
  // For API responses: as GC Notify reports it, the subject template is HTML-escaped along with
  // the values (`&` becomes `&amp;` wherever it came from), then whitespace is collapsed.
  std::string api_subject;
  // For API responses: the body filled without escaping, original line endings (\r\n) kept.
  std::string api_body;
  // The plain-text part: filled, line endings normalised to \n, leading whitespace removed,
  // trailing whitespace replaced by one newline.
  std::string text;
  // The HTML part: a complete document (doctype, lang, charset, viewport, title) whose body is
  // the filled template as paragraphs: blank lines separate <p> elements, single line breaks
  // become <br>. Template text and values are HTML-escaped.
  std::string html;
};

// Renders `content` with `values` (a JSON object of personalisation). `lang` is the document's
// language ("en", "fr"); anything but letters, digits and `-` falls back to "en". Never fails:
// callers check MissingPlaceholders first, and anything left unsatisfied stays as written.
RenderedEmail RenderEmail(const EmailContent& content, const nlohmann::json& values,
                          std::string_view lang = "en");

}  // namespace missive
