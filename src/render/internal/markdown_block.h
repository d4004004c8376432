#pragma once
// The block grammar of GC Notify's email markdown: mistune 0.8's block lexer with the changes
// GC Notify makes to it (`^` starts inset text, lists take `•`, `*`, `-` or `1.` and a space).
// Text becomes a flat list of tokens in mistune's shape (a list or an inset is a start token,
// its content and an end token), so the renderers see what GC Notify's renderers see. As in
// GC Notify, a paragraph still ends where one of mistune's original patterns starts (a line
// opening with `>`, `+ ` or `* `), because GC Notify changes the patterns after mistune has built
// its paragraph pattern from them. Lists and insets nest six deep; a deeper one is kept as text,
// as mistune 0.8.4 does. Private to src/render. Not thread-safe: one lexer per text.
//
//   BlockLexer lexer;
//   lexer.Parse(PreprocessMarkdown(text));
//   for (const BlockToken& token : lexer.tokens()) Render(token);

#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace missive::render_internal {

enum class BlockTokenType {
  kNewline,
  kHrule,
  kHeading,
  kCode,
  kBlockQuoteStart,
  kBlockQuoteEnd,
  kListStart,
  kListEnd,
  kListItemStart,   // a tight item: its text is not wrapped in paragraphs
  kLooseItemStart,  // a loose item: its text is wrapped in paragraphs
  kListItemEnd,
  kFootnoteStart,
  kFootnoteEnd,
  kBlockHtml,
  kParagraph,
  kText,
  kTable,  // renders as nothing; its cells, one a line, are still read for footnote references
};

struct BlockToken {
  BlockTokenType type;
  std::string_view text;  // heading, code, paragraph, text, HTML; the key of a footnote
  int level = 0;          // heading level, 1 to 6
  bool ordered = false;   // list start
};

// A `[key]: url "title"` line.
struct LinkDefinition {
  std::string link;
  std::optional<std::string> title;
};

// mistune's key for a link or footnote name: lower case, HTML-escaped, whitespace runs as one
// space.
std::string LinkKey(std::string_view name);

class BlockLexer {
 public:
  // Appends the tokens of `text` (already preprocessed). Views in the tokens point into `text`
  // or into strings the lexer owns, so `text` must outlive the lexer's use.
  void Parse(std::string_view text);

  const std::vector<BlockToken>& tokens() const { return tokens_; }
  const std::unordered_map<std::string, LinkDefinition>& links() const { return links_; }
  // Footnote keys in the order they were defined.
  const std::vector<std::string>& footnote_keys() const { return footnote_keys_; }

  enum class Rule {
    kNewline,
    kHrule,
    kBlockCode,
    kFences,
    kHeading,
    kNpTable,
    kLheading,
    kBlockQuote,
    kListBlock,
    kBlockHtml,
    kDefLinks,
    kDefFootnotes,
    kTable,
    kParagraph,
    kText,
  };

 private:
  void ParseWith(std::string_view text, std::span<const Rule> rules, int depth);
  std::size_t Apply(Rule rule, std::string_view text, int depth);

  std::size_t Newline(std::string_view text);
  std::size_t Hrule(std::string_view text);
  std::size_t BlockCode(std::string_view text);
  std::size_t Fences(std::string_view text);
  std::size_t Heading(std::string_view text);
  std::size_t Lheading(std::string_view text);
  std::size_t BlockQuote(std::string_view text, int depth);
  std::size_t ListBlock(std::string_view text, int depth);
  std::size_t BlockHtml(std::string_view text);
  std::size_t DefLinks(std::string_view text);
  std::size_t DefFootnotes(std::string_view text, int depth);
  std::size_t Paragraph(std::string_view text);
  std::size_t Text(std::string_view text);
  std::size_t NpTable(std::string_view text);
  std::size_t Table(std::string_view text);

  void ListItems(std::string_view block, int depth);
  std::string_view Keep(std::string text);
  void Add(BlockTokenType type, std::string_view text = {});

  std::vector<BlockToken> tokens_;
  std::deque<std::string> owned_;
  std::unordered_map<std::string, LinkDefinition> links_;
  std::vector<std::string> footnote_keys_;
  int list_depth_ = 0;
  int quote_depth_ = 0;
};

}  // namespace missive::render_internal
