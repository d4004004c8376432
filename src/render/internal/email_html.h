#pragma once
// The HTML part of an email: body text as paragraphs, wrapped in a complete document. Private to
// src/render; the markdown renderer will replace BodyParagraphsHtml. Thread-safe, pure.
//
//   std::string body = BodyParagraphsHtml(EscapeHtml("Hello\nthere\n\nBye"));
//   // "<p>Hello<br>\nthere</p>\n<p>Bye</p>\n"
//   std::string page = HtmlDocument("fr", EscapeHtml(subject), body);

#include <string>
#include <string_view>

namespace missive::render_internal {

// `escaped_text` must already be HTML-escaped and use \n line endings. Runs of lines that are
// empty or only spaces and tabs separate paragraphs; each line is trimmed of spaces and tabs.
std::string BodyParagraphsHtml(std::string_view escaped_text);

// A complete document around `body_html`. `escaped_title` goes in <title>; an unusable `lang`
// (empty, or anything but letters, digits and `-`) becomes "en".
std::string HtmlDocument(std::string_view lang, std::string_view escaped_title,
                         std::string_view body_html);

}  // namespace missive::render_internal
