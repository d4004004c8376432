#pragma once
// The inline grammar of GC Notify's email markdown: mistune 0.8's inline lexer with hard wraps
// (every line break in a paragraph is kept) and GC Notify's pattern for bare URLs. Finds escapes,
// links, bare URLs, emphasis, code spans and line breaks in a block's text and hands each to a
// renderer. Private to src/render. Not thread-safe: one lexer per document.
//
//   InlineLexer lexer(renderer, block_lexer.links(), block_lexer.footnote_keys());
//   std::string out;
//   lexer.Output("**Hello** _world_, see https://canada.ca", out);

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "render/internal/markdown_block.h"
#include "render/internal/markdown_renderer.h"

namespace missive::render_internal {

class InlineLexer {
 public:
  InlineLexer(MarkdownRenderer& renderer,
              const std::unordered_map<std::string, LinkDefinition>& links,
              const std::vector<std::string>& footnote_keys)
      : renderer_(renderer), links_(links), footnote_keys_(footnote_keys) {}

  // Appends `text` (trailing newlines ignored) rendered.
  void Output(std::string_view text, std::string& out);

  // While set, footnote references are plain text (as inside a footnote's own body).
  void set_in_footnote(bool in_footnote) { in_footnote_ = in_footnote; }

  // Footnote keys in the order they were first referenced.
  const std::vector<std::string>& referenced_footnotes() const { return referenced_; }

 private:
  std::size_t Step(std::string_view text, std::size_t space_tail, std::string& out);
  std::size_t Escape(std::string_view text, std::string& out);
  std::size_t InlineHtml(std::string_view text, std::string& out);
  std::size_t Autolink(std::string_view text, std::string& out);
  std::size_t Url(std::string_view text, std::string& out);
  std::size_t Footnote(std::string_view text);
  std::size_t Link(std::string_view text, std::string& out);
  std::size_t Reflink(std::string_view text, std::string& out);
  std::size_t Nolink(std::string_view text, std::string& out);
  std::size_t DoubleEmphasis(std::string_view text, std::string& out);
  std::size_t Emphasis(std::string_view text, std::string& out);
  std::size_t Code(std::string_view text, std::string& out);
  std::size_t Linebreak(std::string_view text, std::size_t space_tail, std::string& out);
  std::size_t Strikethrough(std::string_view text, std::string& out);
  std::size_t Text(std::string_view text, std::string& out);

  std::size_t DefinedLink(std::string_view key, bool image, std::string_view text,
                          std::size_t length, std::string& out);
  void LinkElement(std::string_view link, std::optional<std::string_view> title,
                   std::string_view text, std::string& out);

  MarkdownRenderer& renderer_;
  const std::unordered_map<std::string, LinkDefinition>& links_;
  const std::vector<std::string>& footnote_keys_;
  std::vector<std::string> referenced_;
  bool in_link_ = false;
  bool in_footnote_ = false;
  int depth_ = 0;
};

}  // namespace missive::render_internal
