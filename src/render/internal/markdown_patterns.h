#pragma once
// Hand-written equivalents of the block patterns of mistune 0.8 (with GC Notify's changes),
// shared by the block lexer and its tests. Each function tries its pattern at the start of `text`
// with Python's backtracking semantics and returns what the regular expression would capture, or
// nothing. Private to src/render. Thread-safe, pure.
//
//   if (auto heading = MatchHeading("## Title\n\nNext")) Use(heading->level, heading->text);
//   std::size_t length = MatchHrule("***\n");  // 4
//   bool ends = InterruptsParagraph("> quote");   // true: mistune's original quote pattern

#include <cstddef>
#include <optional>
#include <string_view>

namespace missive::render_internal {

inline constexpr std::size_t kNoMatch = std::string_view::npos;

struct HeadingMatch {
  std::size_t length;
  int level;
  std::string_view text;
};

struct FenceMatch {
  std::size_t length;
  std::string_view code;
};

struct LheadingMatch {
  std::size_t length;
  int level;
  std::string_view text;
};

struct DefLinkMatch {
  std::size_t length;
  std::string_view key;
  std::string_view link;
  std::optional<std::string_view> title;
};

struct DefFootnoteMatch {
  std::size_t length;
  std::string_view key;
  std::string_view text;
};

struct TableMatch {
  std::size_t length;
  std::string_view header;  // the header line as mistune captures it
  std::string_view rows;    // the body rows, each ending with its line break
};

struct BlockHtmlMatch {
  std::size_t length;
  std::string_view html;  // what mistune renders: the element for a paired tag, else the match
};

// Pattern helpers on positions in `text`.
std::size_t LineEnd(std::string_view text, std::size_t pos);
std::size_t SkipChar(std::string_view text, std::size_t pos, char c);
std::size_t SkipPythonSpaces(std::string_view text, std::size_t pos);
// `(?:\n+|$)` at `pos`: the position after it, or kNoMatch.
std::size_t LineBreaksOrEnd(std::string_view text, std::size_t pos);

// Bytes of a GC Notify list bullet at `pos` (`•`, `*`, `-`, or digits and `.`), or 0.
std::size_t NotifyBulletAt(std::string_view text, std::size_t pos);

std::size_t MatchNewlines(std::string_view text);
std::size_t MatchHrule(std::string_view text);
std::size_t MatchBlockCode(std::string_view text);
std::optional<FenceMatch> MatchFences(std::string_view text);
std::optional<HeadingMatch> MatchHeading(std::string_view text);
std::optional<TableMatch> MatchNpTable(std::string_view text);
std::optional<LheadingMatch> MatchLheading(std::string_view text);
std::size_t MatchNotifyBlockQuote(std::string_view text);
std::size_t MatchNotifyList(std::string_view text);
std::optional<BlockHtmlMatch> MatchBlockHtml(std::string_view text);
std::optional<DefLinkMatch> MatchDefLinks(std::string_view text);
std::optional<DefFootnoteMatch> MatchDefFootnotes(std::string_view text);
std::optional<TableMatch> MatchTable(std::string_view text);
// The paragraph: its text (without trailing newlines) and the length with them.
std::optional<std::pair<std::size_t, std::string_view>> MatchParagraph(std::string_view text);

// Inline HTML (`<!-- -->`, `<tag ...>...</tag>` or a single tag): the length of the match.
std::size_t MatchInlineHtml(std::string_view text);

// The start of the run of whitespace that ends `text` (its size when there is none).
std::size_t TrailingSpaceStart(std::string_view text);

// True when a line starting at `text` ends the paragraph before it.
bool InterruptsParagraph(std::string_view text);

// The items of a list block (mistune's list_item pattern applied with findall).
template <typename Callback>
void ForEachListItem(std::string_view block, Callback&& callback);

// One list item found at a line start `pos` of `block`, or kNoMatch: the end of the item.
std::size_t ListItemEnd(std::string_view block, std::size_t pos);

template <typename Callback>
void ForEachListItem(std::string_view block, Callback&& callback) {
  std::size_t pos = 0;
  while (pos < block.size()) {
    bool line_start = pos == 0 || block[pos - 1] == '\n';
    std::size_t end = line_start ? ListItemEnd(block, pos) : kNoMatch;
    if (end != kNoMatch && end > pos) {
      callback(block.substr(pos, end - pos));
      pos = end;
    } else {
      pos = LineEnd(block, pos) + 1;
    }
  }
}

}  // namespace missive::render_internal
