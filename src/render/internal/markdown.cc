#include "render/internal/markdown.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "render/internal/markdown_inline.h"
#include "render/internal/markdown_patterns.h"
#include "render/internal/text.h"

namespace missive::render_internal {
namespace {

constexpr std::string_view kSymbolForNewline = "\u2424";
constexpr std::size_t kTabStop = 4;

// Walks the block tokens as mistune's Markdown.output does, rendering each through the renderer.
class TokenWriter {
 public:
  TokenWriter(const std::vector<BlockToken>& tokens, InlineLexer& inline_lexer,
              MarkdownRenderer& renderer)
      : tokens_(tokens), inline_(inline_lexer), renderer_(renderer) {}

  void Write(std::string& out) {
    while (pos_ < tokens_.size()) Token(out);
  }

  // The rendered footnotes, in the order their keys were defined.
  const std::vector<std::pair<std::string_view, std::string>>& footnotes() const {
    return footnotes_;
  }

 private:
  const BlockToken& Pop() { return tokens_[pos_++]; }

  bool NextIs(BlockTokenType type) const {
    return pos_ < tokens_.size() && tokens_[pos_].type == type;
  }

  void Token(std::string& out) {
    const BlockToken& token = Pop();
    switch (token.type) {
      case BlockTokenType::kNewline:
        renderer_.Linebreak(out);
        return;
      case BlockTokenType::kHrule:
        renderer_.Hrule(out);
        return;
      case BlockTokenType::kHeading:
        renderer_.Header(out, Inline(token.text), token.level);
        return;
      case BlockTokenType::kCode:
      case BlockTokenType::kBlockHtml:
        out += token.text;
        return;
      case BlockTokenType::kParagraph:
        renderer_.Paragraph(out, Inline(token.text));
        return;
      case BlockTokenType::kTable:
        ReadTableCells(token.text);
        return;
      case BlockTokenType::kText:
        renderer_.Paragraph(out, Inline(MergedText(token.text)));
        return;
      default:
        Container(token, out);
    }
  }

  void Container(const BlockToken& token, std::string& out) {
    switch (token.type) {
      case BlockTokenType::kBlockQuoteStart:
        renderer_.BlockQuote(out, Body(BlockTokenType::kBlockQuoteEnd, false));
        return;
      case BlockTokenType::kListStart:
        List(token.ordered, out);
        return;
      case BlockTokenType::kListItemStart:
        renderer_.ListItem(out, Body(BlockTokenType::kListItemEnd, true));
        return;
      case BlockTokenType::kLooseItemStart:
        renderer_.ListItem(out, Body(BlockTokenType::kListItemEnd, false));
        return;
      case BlockTokenType::kFootnoteStart:
        Footnote(token.text);
        return;
      default:
        return;  // an end token without its start: mistune never produces one
    }
  }

  void List(bool ordered, std::string& out) {
    bool nested = open_items_ > 0;
    ++open_items_;
    std::string body = Body(BlockTokenType::kListEnd, false);
    --open_items_;
    renderer_.List(out, body, ordered, nested);
  }

  void Footnote(std::string_view key) {
    inline_.set_in_footnote(true);
    std::string body = Body(BlockTokenType::kFootnoteEnd, false);
    inline_.set_in_footnote(false);
    footnotes_.emplace_back(key, std::move(body));
  }

  // The rendered tokens up to `end`. In a tight list item (`tight`), runs of text are rendered
  // inline rather than as paragraphs.
  std::string Body(BlockTokenType end, bool tight) {
    std::string body;
    while (pos_ < tokens_.size()) {
      if (NextIs(end)) {
        ++pos_;
        break;
      }
      if (tight && NextIs(BlockTokenType::kText)) {
        inline_.Output(MergedText(Pop().text), body);
      } else {
        Token(body);
      }
    }
    return body;
  }

  // A text token joined with the text tokens that follow it.
  std::string MergedText(std::string_view first) {
    std::string text(first);
    while (NextIs(BlockTokenType::kText)) {
      text += '\n';
      text += Pop().text;
    }
    return text;
  }

  // GC Notify drops tables, but mistune reads their cells first, numbering footnote references.
  void ReadTableCells(std::string_view cells) {
    std::string ignored;
    for (std::size_t pos = 0; pos < cells.size();) {
      std::size_t end = LineEnd(cells, pos);
      inline_.Output(cells.substr(pos, end - pos), ignored);
      ignored.clear();
      pos = end + 1;
    }
  }

  std::string Inline(std::string_view text) {
    std::string out;
    inline_.Output(text, out);
    return out;
  }

  const std::vector<BlockToken>& tokens_;
  InlineLexer& inline_;
  MarkdownRenderer& renderer_;
  std::size_t pos_ = 0;
  int open_items_ = 0;
  std::vector<std::pair<std::string_view, std::string>> footnotes_;
};

void AppendReferencedFootnotes(const TokenWriter& writer, const InlineLexer& inline_lexer,
                               std::string& out) {
  for (const std::string& key : inline_lexer.referenced_footnotes()) {
    for (const auto& [footnote_key, body] : writer.footnotes()) {
      if (footnote_key == key) out += body;
    }
  }
}

std::string ExpandTabs(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t column = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    CodePoint cp = DecodeUtf8(text, pos);
    if (cp.value == '\t') {
      std::size_t spaces = kTabStop - column % kTabStop;
      out.append(spaces, ' ');
      column += spaces;
    } else {
      out.append(text, pos, cp.length);
      column = (cp.value == '\n' || cp.value == '\r') ? 0 : column + 1;
    }
    pos += cp.length;
  }
  return out;
}

bool HasSpaceOnlyLine(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = LineEnd(text, pos);
    if (end > pos && SkipChar(text, pos, ' ') == end) return true;
    pos = end + 1;
  }
  return false;
}

std::string EmptySpaceOnlyLines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0;;) {
    std::size_t end = LineEnd(text, pos);
    std::string_view line = text.substr(pos, end - pos);
    if (SkipChar(line, 0, ' ') != line.size()) out += line;
    if (end == text.size()) break;
    out += '\n';
    pos = end + 1;
  }
  return out;
}

}  // namespace

std::string PreprocessMarkdown(std::string_view text) {
  std::string out = text.find('\r') == text.npos ? std::string(text) : NormaliseNewlines(text);
  if (out.find('\t') != std::string::npos) out = ExpandTabs(out);
  if (out.find(kSymbolForNewline) != std::string::npos)
    out = ReplaceAll(out, kSymbolForNewline, "\n");
  return HasSpaceOnlyLine(out) ? EmptySpaceOnlyLines(out) : out;
}

MarkdownDocument::MarkdownDocument(std::string_view text) : source_(PreprocessMarkdown(text)) {
  lexer_.Parse(source_);
}

std::string MarkdownDocument::Render(MarkdownRenderer& renderer) const {
  InlineLexer inline_lexer(renderer, lexer_.links(), lexer_.footnote_keys());
  TokenWriter writer(lexer_.tokens(), inline_lexer, renderer);
  std::string out;
  out.reserve(source_.size() * 2);
  writer.Write(out);
  AppendReferencedFootnotes(writer, inline_lexer, out);
  return out;
}

std::string RenderMarkdown(std::string_view text, MarkdownRenderer& renderer) {
  return MarkdownDocument(text).Render(renderer);
}

}  // namespace missive::render_internal
