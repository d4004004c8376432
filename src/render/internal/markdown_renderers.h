#pragma once
// The three ways GC Notify writes an email's markdown: the HTML body (our own markup, with inline
// styles, on the same element boundaries as GC Notify's so that its typography rules give the same
// text), the plain-text part, and the preheader (the plain text without headings' underlines,
// rules or link targets). Private to src/render. Each renderer is used for one document.
//
//   PlainTextRenderer renderer;
//   std::string text = RenderMarkdown("# Title\n\n* one\n* two\n", renderer);
//   // "\n\n\nTitle\n-----...\n\n• one\n• two"

#include <string>
#include <string_view>

#include "render/internal/markdown_renderer.h"

namespace missive::render_internal {

// Semantic HTML with inline styles: h2 and h3 headings, p, ul/ol/li, a blockquote with a grey
// left border for insets, hr, strong, em, and links whose href keeps only http, https, mailto and
// tel URLs (anything else becomes `#`). Text arrives HTML-escaped already.
class EmailHtmlRenderer : public MarkdownRenderer {
 public:
  void Text(std::string& out, std::string_view text) override;
  void Autolink(std::string& out, std::string_view link, bool is_email) override;
  void Link(std::string& out, std::string_view link, std::optional<std::string_view> title,
            std::string_view text) override;
  void DoubleEmphasis(std::string& out, std::string_view text) override;
  void Emphasis(std::string& out, std::string_view text) override;
  void Linebreak(std::string& out) override;
  void Paragraph(std::string& out, std::string_view text) override;
  void Header(std::string& out, std::string_view text, int level) override;
  void Hrule(std::string& out) override;
  void BlockQuote(std::string& out, std::string_view body) override;
  void List(std::string& out, std::string_view body, bool ordered, bool nested) override;
  void ListItem(std::string& out, std::string_view text) override;
};

// GC Notify's plain-text layout: paragraphs after a blank line, `#` as three line breaks, the text
// and a line of 65 `-`, `##` the same after two line breaks, rules as 65 `=`, bullets `•` and
// numbers `1.`, links as `text: url`, bold as `**x**`, italics as `_x_`. The output still holds
// HTML references and is unescaped at the end; link targets are written so that they come out of
// that unescaping unchanged.
class PlainTextRenderer : public MarkdownRenderer {
 public:
  void Text(std::string& out, std::string_view text) override;
  void Autolink(std::string& out, std::string_view link, bool is_email) override;
  void Link(std::string& out, std::string_view link, std::optional<std::string_view> title,
            std::string_view text) override;
  void DoubleEmphasis(std::string& out, std::string_view text) override;
  void Emphasis(std::string& out, std::string_view text) override;
  void Linebreak(std::string& out) override;
  void Paragraph(std::string& out, std::string_view text) override;
  void Header(std::string& out, std::string_view text, int level) override;
  void Hrule(std::string& out) override;
  void BlockQuote(std::string& out, std::string_view body) override;
  void List(std::string& out, std::string_view body, bool ordered, bool nested) override;
  void ListItem(std::string& out, std::string_view text) override;
};

// The preheader: plain text where headings are paragraphs, rules vanish and links keep only their
// text. Its output is not unescaped (it goes into the HTML document).
class PreheaderRenderer : public PlainTextRenderer {
 public:
  void Autolink(std::string& out, std::string_view link, bool is_email) override;
  void Link(std::string& out, std::string_view link, std::optional<std::string_view> title,
            std::string_view text) override;
  void Header(std::string& out, std::string_view text, int level) override;
  void Hrule(std::string& out) override;
};

}  // namespace missive::render_internal
