#pragma once
// What a markdown renderer decides: the output for each kind of block and inline element of
// GC Notify's email markdown. One implementation writes the HTML body, one the plain-text part,
// one the preheader. The elements every GC Notify renderer writes the same way (code, raw HTML,
// strikethrough, images, tables, footnotes) are handled by the lexers and never reach here.
// Private to src/render. Implementations need not be thread-safe.
//
//   class Upper : public MarkdownRenderer { ... };
//   Upper renderer;
//   std::string out = RenderMarkdown("# Title", renderer);

#include <optional>
#include <string>
#include <string_view>

namespace missive::render_internal {

class MarkdownRenderer {
 public:
  virtual ~MarkdownRenderer() = default;

  // Inline elements. `text` is the rendered content of the element.
  virtual void Text(std::string& out, std::string_view text) = 0;
  virtual void Autolink(std::string& out, std::string_view link, bool is_email) = 0;
  virtual void Link(std::string& out, std::string_view link, std::optional<std::string_view> title,
                    std::string_view text) = 0;
  virtual void DoubleEmphasis(std::string& out, std::string_view text) = 0;
  virtual void Emphasis(std::string& out, std::string_view text) = 0;
  virtual void Linebreak(std::string& out) = 0;

  // Block elements. `text` and `body` are rendered content.
  virtual void Paragraph(std::string& out, std::string_view text) = 0;
  virtual void Header(std::string& out, std::string_view text, int level) = 0;
  virtual void Hrule(std::string& out) = 0;
  virtual void BlockQuote(std::string& out, std::string_view body) = 0;
  // `nested` is true for a list inside a list item.
  virtual void List(std::string& out, std::string_view body, bool ordered, bool nested) = 0;
  virtual void ListItem(std::string& out, std::string_view text) = 0;
};

}  // namespace missive::render_internal
