#pragma once
// GC Notify's email markdown, whole: mistune 0.8 as GC Notify configures it (hard wraps, its
// `^` insets and bullets, its URL pattern), rendered through a MarkdownRenderer.
//
// Why not a library: Debian packages cmark (CommonMark), but GC Notify's dialect is not CommonMark
// and the differences are visible in every email. A line opening with `>` is text, not a quote;
// `^` starts an inset; every line break is kept; `1.one` is not a list but `• one` is; a
// paragraph ends at a line opening with `* `, `- ` or `+ ` yet `+ ` never starts a list; `# C#`
// renders "C"; a link's URL ends at its first `)`. Making cmark exact would mean rewriting its
// output for each of these, while writing mistune's block and inline patterns by hand, in the
// same order and with Python's backtracking, makes the structure exact by construction.
// Private to src/render. Thread-safe: a MarkdownDocument is only read once built, and every
// render uses its own inline lexer.
//
//   MarkdownDocument document("# Title\n\nSome **bold** text\n");
//   EmailHtmlRenderer html_renderer;
//   std::string html = document.Render(html_renderer);

#include <string>
#include <string_view>

#include "render/internal/markdown_block.h"
#include "render/internal/markdown_renderer.h"

namespace missive::render_internal {

// mistune's preprocessing: \r\n and \r become \n, tabs expand to 4-column stops, U+2424 becomes
// a line break, and lines of only spaces become empty.
std::string PreprocessMarkdown(std::string_view text);

// A text (not yet preprocessed) parsed into blocks, to be rendered any number of times.
class MarkdownDocument {
 public:
  explicit MarkdownDocument(std::string_view text);
  MarkdownDocument(const MarkdownDocument&) = delete;  // the tokens point into source_
  MarkdownDocument& operator=(const MarkdownDocument&) = delete;

  // The document through `renderer`. Footnotes that are referenced follow the document, as
  // mistune appends them.
  std::string Render(MarkdownRenderer& renderer) const;

 private:
  std::string source_;
  BlockLexer lexer_;
};

// MarkdownDocument(text).Render(renderer).
std::string RenderMarkdown(std::string_view text, MarkdownRenderer& renderer);

}  // namespace missive::render_internal
