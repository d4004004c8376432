#include "render/internal/markdown_block.h"

#include "render/internal/html_escape.h"
#include "render/internal/markdown_patterns.h"
#include "render/internal/text.h"

namespace missive::render_internal {
namespace {

using Rule = BlockLexer::Rule;

// mistune 0.8.4's limit on nested lists, and separately on nested insets.
constexpr int kMaxNesting = 6;

constexpr Rule kDefaultRules[] = {
    Rule::kNewline,  Rule::kHrule,        Rule::kBlockCode,  Rule::kFences,    Rule::kHeading,
    Rule::kNpTable,  Rule::kLheading,     Rule::kBlockQuote, Rule::kListBlock, Rule::kBlockHtml,
    Rule::kDefLinks, Rule::kDefFootnotes, Rule::kTable,      Rule::kParagraph, Rule::kText};
constexpr Rule kListRules[] = {Rule::kNewline,   Rule::kBlockCode, Rule::kFences,
                               Rule::kLheading,  Rule::kHrule,     Rule::kBlockQuote,
                               Rule::kListBlock, Rule::kBlockHtml, Rule::kText};
constexpr Rule kFootnoteRules[] = {
    Rule::kNewline,  Rule::kBlockCode, Rule::kFences,     Rule::kHeading,   Rule::kNpTable,
    Rule::kLheading, Rule::kHrule,     Rule::kBlockQuote, Rule::kListBlock, Rule::kBlockHtml,
    Rule::kTable,    Rule::kParagraph, Rule::kText};

std::string_view RstripNewlines(std::string_view text) {
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  return text;
}

// Applies `edit` to every line of `text` (mistune's `re.M` substitutions anchored at `^`).
template <typename Edit>
std::string EditLines(std::string_view text, Edit&& edit) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (true) {
    std::size_t end = LineEnd(text, pos);
    out += edit(text.substr(pos, end - pos));
    if (end == text.size()) break;
    out += '\n';
    pos = end + 1;
  }
  return out;
}

// `^ {4}` removed from every line of an indented code block.
std::string RemoveCodeIndent(std::string_view code) {
  return EditLines(code, [](std::string_view line) {
    return line.substr(0, 4) == "    " ? line.substr(4) : line;
  });
}

// GC Notify's `^ *\^ ?` removed from every line of an inset.
std::string RemoveInsetMarks(std::string_view inset) {
  return EditLines(inset, [](std::string_view line) {
    std::size_t caret = SkipChar(line, 0, ' ');
    if (caret >= line.size() || line[caret] != '^') return line;
    std::size_t after = caret + 1;
    return line.substr(after < line.size() && line[after] == ' ' ? after + 1 : after);
  });
}

// `^ {1,n}` removed from every line of a list item.
std::string Outdent(std::string_view item, std::size_t n) {
  return EditLines(item, [n](std::string_view line) {
    std::size_t spaces = std::min(SkipChar(line, 0, ' '), n);
    return line.substr(spaces);
  });
}

std::size_t CodePointCount(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); pos += DecodeUtf8(text, pos).length) ++count;
  return count;
}

// `line[n:]` in code points.
std::string_view DropCodePoints(std::string_view line, std::size_t n) {
  std::size_t pos = 0;
  for (; n > 0 && pos < line.size(); --n) pos += DecodeUtf8(line, pos).length;
  return line.substr(pos);
}

// A footnote's continuation lines lose the smallest indentation found among them.
std::string DedentFootnote(std::string_view text) {
  std::size_t first_end = LineEnd(text, 0);
  if (first_end == text.size()) return std::string(text);
  std::size_t least = 0;
  for (std::size_t pos = first_end + 1;;) {
    std::size_t end = LineEnd(text, pos);
    std::string_view line = text.substr(pos, end - pos);
    std::size_t space = CodePointCount(line) - CodePointCount(LstripPythonSpace(line));
    if (space > 0 && (least == 0 || space < least)) least = space;
    if (end == text.size()) break;
    pos = end + 1;
  }
  std::string out(text.substr(0, first_end));
  out += '\n';
  out += EditLines(text.substr(first_end + 1), [least](std::string_view line) {
    return least == 0 ? line : DropCodePoints(line, least);
  });
  return out;
}

// mistune's `\n\n(?!\s*$)`: a blank line with something after it.
bool HasContentAfterBlankLine(std::string_view item) {
  std::size_t blank = item.find("\n\n");
  return blank != item.npos && SkipPythonSpaces(item, blank + 2) < item.size();
}

std::string CollapseSpaceRuns(std::string_view text) {
  std::string out;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t space = SkipPythonSpaces(text, pos);
    if (space > pos) {
      out += ' ';
      pos = space;
      continue;
    }
    out += text[pos++];
  }
  return out;
}

// Appends the cells of `row` split at `|` (with the spaces around it) to `out`, one a line. In
// body rows (`escapable`) a `\|` does not split and becomes `|`.
void AppendCells(std::string_view row, bool escapable, std::string& out) {
  std::string cell;
  std::size_t pos = 0;
  while (pos <= row.size()) {
    std::size_t pipe = row.find('|', pos);
    while (escapable && pipe != row.npos && pipe > 0 && row[pipe - 1] == '\\') {
      pipe = row.find('|', pipe + 1);
    }
    std::size_t end = pipe == row.npos ? row.size() : pipe;
    std::size_t cell_end = end;
    while (pipe != row.npos && cell_end > pos && row[cell_end - 1] == ' ') --cell_end;
    cell = std::string(row.substr(pos, cell_end - pos));
    out += escapable ? ReplaceAll(cell, "\\|", "|") : cell;
    out += '\n';
    if (pipe == row.npos) break;
    pos = SkipChar(row, pipe + 1, ' ');
  }
}

// mistune's header cleanup: leading spaces and one trailing `|` with its spaces removed.
std::string_view TrimHeader(std::string_view header) {
  header = header.substr(SkipChar(header, 0, ' '));
  std::size_t end = header.size();
  while (end > 0 && header[end - 1] == ' ') --end;
  if (end > 0 && header[end - 1] == '|') {
    --end;
    while (end > 0 && header[end - 1] == ' ') --end;
    return header.substr(0, end);
  }
  return header;
}

// A body row of a `|`-delimited table without its leading and trailing `|`.
std::string_view TrimRow(std::string_view row) {
  std::size_t start = SkipChar(row, 0, ' ');
  if (start < row.size() && row[start] == '|') row = row.substr(SkipChar(row, start + 1, ' '));
  std::size_t end = row.size();
  while (end > 0 && row[end - 1] == ' ') --end;
  if (end > 0 && row[end - 1] == '|') {
    --end;
    while (end > 0 && row[end - 1] == ' ') --end;
    return row.substr(0, end);
  }
  return row;
}

// The cells mistune reads from a table, header first, one a line.
std::string TableCells(const TableMatch& table, bool delimited) {
  std::string cells;
  AppendCells(TrimHeader(table.header), false, cells);
  std::string_view rows = table.rows;
  if (!rows.empty() && rows.back() == '\n') {
    rows.remove_suffix(1);
    std::size_t end = rows.size();
    while (delimited && end > 0 && rows[end - 1] == ' ') --end;
    if (delimited && end > 0 && rows[end - 1] == '|') {
      --end;
      while (end > 0 && rows[end - 1] == ' ') --end;
      rows = rows.substr(0, end);
    }
  }
  for (std::size_t pos = 0;;) {
    std::size_t end = LineEnd(rows, pos);
    std::string_view row = rows.substr(pos, end - pos);
    AppendCells(delimited ? TrimRow(row) : row, true, cells);
    if (end == rows.size()) break;
    pos = end + 1;
  }
  return cells;
}

}  // namespace

std::string LinkKey(std::string_view name) {
  std::string escaped;
  AppendMarkdownEscaped(escaped, LowerCase(name));
  std::string quoted;
  for (char c : escaped) {
    if (c == '"') {
      quoted += "&quot;";
    } else if (c == '\'') {
      quoted += "&#39;";
    } else {
      quoted += c;
    }
  }
  return CollapseSpaceRuns(quoted);
}

void BlockLexer::Parse(std::string_view text) { ParseWith(text, kDefaultRules, 0); }

void BlockLexer::ParseWith(std::string_view text, std::span<const Rule> rules, int depth) {
  text = RstripNewlines(text);
  while (!text.empty()) {
    std::size_t used = 0;
    for (Rule rule : rules) {
      used = Apply(rule, text, depth);
      if (used > 0) break;
    }
    if (used == 0) {
      Add(BlockTokenType::kText, text);
      return;
    }
    text.remove_prefix(std::min(used, text.size()));
  }
}

std::size_t BlockLexer::Apply(Rule rule, std::string_view text, int depth) {
  switch (rule) {
    case Rule::kNewline:
      return Newline(text);
    case Rule::kHrule:
      return Hrule(text);
    case Rule::kBlockCode:
      return BlockCode(text);
    case Rule::kFences:
      return Fences(text);
    case Rule::kHeading:
      return Heading(text);
    case Rule::kNpTable:
      return NpTable(text);
    case Rule::kLheading:
      return Lheading(text);
    case Rule::kBlockQuote:
      return BlockQuote(text, depth);
    case Rule::kListBlock:
      return ListBlock(text, depth);
    case Rule::kBlockHtml:
      return BlockHtml(text);
    case Rule::kDefLinks:
      return DefLinks(text);
    case Rule::kDefFootnotes:
      return DefFootnotes(text, depth);
    case Rule::kTable:
      return Table(text);
    case Rule::kParagraph:
      return Paragraph(text);
    case Rule::kText:
      return Text(text);
  }
  return 0;
}

std::size_t BlockLexer::Newline(std::string_view text) {
  std::size_t length = MatchNewlines(text);
  if (length > 1) Add(BlockTokenType::kNewline);
  return length;
}

std::size_t BlockLexer::Hrule(std::string_view text) {
  std::size_t length = MatchHrule(text);
  if (length > 0) Add(BlockTokenType::kHrule);
  return length;
}

std::size_t BlockLexer::BlockCode(std::string_view text) {
  std::size_t length = MatchBlockCode(text);
  if (length > 0) Add(BlockTokenType::kCode, Keep(RemoveCodeIndent(text.substr(0, length))));
  return length;
}

std::size_t BlockLexer::Fences(std::string_view text) {
  std::optional<FenceMatch> match = MatchFences(text);
  if (!match) return 0;
  Add(BlockTokenType::kCode, match->code);
  return match->length;
}

std::size_t BlockLexer::Heading(std::string_view text) {
  std::optional<HeadingMatch> match = MatchHeading(text);
  if (!match) return 0;
  tokens_.push_back({BlockTokenType::kHeading, match->text, match->level});
  return match->length;
}

std::size_t BlockLexer::Lheading(std::string_view text) {
  std::optional<LheadingMatch> match = MatchLheading(text);
  if (!match) return 0;
  tokens_.push_back({BlockTokenType::kHeading, match->text, match->level});
  return match->length;
}

std::size_t BlockLexer::BlockQuote(std::string_view text, int depth) {
  std::size_t length = MatchNotifyBlockQuote(text);
  if (length == 0) return 0;
  Add(BlockTokenType::kBlockQuoteStart);
  if (++quote_depth_ > kMaxNesting) {
    Add(BlockTokenType::kText, text.substr(0, length));
  } else {
    ParseWith(Keep(RemoveInsetMarks(text.substr(0, length))), kDefaultRules, depth + 1);
  }
  --quote_depth_;
  Add(BlockTokenType::kBlockQuoteEnd);
  return length;
}

std::size_t BlockLexer::ListBlock(std::string_view text, int depth) {
  std::size_t length = MatchNotifyList(text);
  if (length == 0) return 0;
  std::size_t lead = SkipChar(text, 0, ' ');
  std::size_t bullet = NotifyBulletAt(text, lead);
  bool ordered = text.substr(lead, bullet).find('.') != std::string_view::npos;
  tokens_.push_back({BlockTokenType::kListStart, {}, 0, ordered});
  if (++list_depth_ > kMaxNesting) {
    Add(BlockTokenType::kListItemStart);
    Add(BlockTokenType::kText, text.substr(0, length));
    Add(BlockTokenType::kListItemEnd);
  } else {
    ListItems(text.substr(0, length), depth);
  }
  --list_depth_;
  Add(BlockTokenType::kListEnd);
  return length;
}

void BlockLexer::ListItems(std::string_view block, int depth) {
  std::vector<std::string_view> items;
  ForEachListItem(block, [&items](std::string_view item) { items.push_back(item); });
  bool next_loose = false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::size_t lead = SkipChar(items[i], 0, ' ');
    std::size_t bullet = NotifyBulletAt(items[i], lead);
    std::size_t removed = lead + CodePointCount(items[i].substr(lead, bullet));
    std::string item(items[i].substr(lead + bullet));
    if (item.find("\n ") != std::string::npos) item = Outdent(item, removed);

    bool loose = next_loose || HasContentAfterBlankLine(item);
    if (i + 1 != items.size() && !item.empty()) {
      next_loose = item.back() == '\n';
      loose = loose || next_loose;
    }
    Add(loose ? BlockTokenType::kLooseItemStart : BlockTokenType::kListItemStart);
    ParseWith(Keep(std::move(item)), kListRules, depth + 1);
    Add(BlockTokenType::kListItemEnd);
  }
}

std::size_t BlockLexer::BlockHtml(std::string_view text) {
  std::optional<BlockHtmlMatch> match = MatchBlockHtml(text);
  if (!match) return 0;
  Add(BlockTokenType::kBlockHtml, match->html);
  return match->length;
}

std::size_t BlockLexer::DefLinks(std::string_view text) {
  std::optional<DefLinkMatch> match = MatchDefLinks(text);
  if (!match) return 0;
  LinkDefinition& definition = links_[LinkKey(match->key)];
  definition.link = std::string(match->link);
  definition.title.reset();
  if (match->title) definition.title = std::string(*match->title);
  return match->length;
}

std::size_t BlockLexer::DefFootnotes(std::string_view text, int depth) {
  std::optional<DefFootnoteMatch> match = MatchDefFootnotes(text);
  if (!match) return 0;
  std::string key = LinkKey(match->key);
  for (const std::string& known : footnote_keys_) {
    if (known == key) return match->length;
  }
  footnote_keys_.push_back(key);
  std::string_view kept_key = Keep(std::move(key));
  Add(BlockTokenType::kFootnoteStart, kept_key);
  ParseWith(Keep(DedentFootnote(match->text)), kFootnoteRules, depth + 1);
  Add(BlockTokenType::kFootnoteEnd, kept_key);
  return match->length;
}

std::size_t BlockLexer::Paragraph(std::string_view text) {
  auto match = MatchParagraph(text);
  if (!match) return 0;
  Add(BlockTokenType::kParagraph, RstripNewlines(match->second));
  return match->first;
}

std::size_t BlockLexer::Text(std::string_view text) {
  std::size_t end = LineEnd(text, 0);
  if (end > 0) Add(BlockTokenType::kText, text.substr(0, end));
  return end;
}

std::size_t BlockLexer::NpTable(std::string_view text) {
  std::optional<TableMatch> match = MatchNpTable(text);
  if (!match) return 0;
  Add(BlockTokenType::kTable, Keep(TableCells(*match, false)));
  return match->length;
}

std::size_t BlockLexer::Table(std::string_view text) {
  std::optional<TableMatch> match = MatchTable(text);
  if (!match) return 0;
  Add(BlockTokenType::kTable, Keep(TableCells(*match, true)));
  return match->length;
}

std::string_view BlockLexer::Keep(std::string text) {
  owned_.push_back(std::move(text));
  return owned_.back();
}

void BlockLexer::Add(BlockTokenType type, std::string_view text) {
  tokens_.push_back({type, text});
}

}  // namespace missive::render_internal
