#include "render/internal/markdown_patterns.h"

#include <algorithm>
#include <array>

#include "render/internal/text.h"

namespace missive::render_internal {
namespace {

constexpr std::string_view kBulletDot = "\u2022";

// mistune's inline tags: `<name` with one of these names does not start a block of HTML.
constexpr std::array<std::string_view, 33> kInlineTags = {
    "a",    "em",  "strong", "small", "s",    "cite", "q",   "dfn", "abbr", "data", "time",
    "code", "var", "samp",   "kbd",   "sub",  "sup",  "i",   "b",   "u",    "mark", "ruby",
    "rt",   "rp",  "bdi",    "bdo",   "span", "br",   "wbr", "ins", "del",  "img",  "font"};

bool IsHruleMark(char c) { return c == '-' || c == '*' || c == '_'; }

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsInlineTag(std::string_view name) {
  return std::find(kInlineTags.begin(), kInlineTags.end(), name) != kInlineTags.end();
}

bool RestIsSpace(std::string_view text, std::size_t pos) {
  return SkipPythonSpaces(text, pos) == text.size();
}

// `\d+\.`, with Python's `\d` (a decimal digit in any script).
std::size_t OrderedBulletAt(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end < text.size()) {
    CodePoint cp = DecodeUtf8(text, end);
    bool decoded = cp.value < 0x80 || cp.length > 1;
    if (!decoded || !IsPythonDigit(cp.value)) break;
    end += cp.length;
  }
  return (end > pos && end < text.size() && text[end] == '.') ? end + 1 - pos : 0;
}

// mistune 0.8.4's own bullet, `(?=[*+-]|\d+\.)(([*+-])?(?:\d+\.)?)`: `*`, `+` or `-`, then
// optionally digits and `.`; or digits and `.`.
std::size_t OriginalBulletAt(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return 0;
  bool mark = text[pos] == '*' || text[pos] == '+' || text[pos] == '-';
  std::size_t start = mark ? pos + 1 : pos;
  std::size_t ordered = OrderedBulletAt(text, start);
  if (!mark && ordered == 0) return 0;
  if (mark && ordered > 0 && start + ordered < text.size() && text[start + ordered] == ' ') {
    return 1 + ordered;
  }
  return mark ? 1 : ordered;
}

std::size_t WordEnd(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    CodePoint cp = DecodeUtf8(text, pos);
    bool decoded = cp.value < 0x80 || cp.length > 1;
    if (!decoded || !IsPythonWordChar(cp.value)) break;
    pos += cp.length;
  }
  return pos;
}

// mistune's `_valid_end` after a tag name: not `:/` and not an e-mail-like `...@`.
bool IsValidTagEnd(std::string_view text, std::size_t pos) {
  if (text.substr(pos, 2) == ":/") return false;
  while (pos < text.size() && text[pos] != '@') {
    CodePoint cp = DecodeUtf8(text, pos);
    bool decoded = cp.value < 0x80 || cp.length > 1;
    if (decoded && (IsPythonWordChar(cp.value) || IsPythonSpace(cp.value))) return true;
    pos += cp.length;
  }
  return pos >= text.size();
}

// The end of a block tag's name starting at `pos` (just after `<`), or kNoMatch.
std::size_t BlockTagNameEnd(std::string_view text, std::size_t pos) {
  std::size_t end = WordEnd(text, pos);
  if (end == pos || IsInlineTag(text.substr(pos, end - pos))) return kNoMatch;
  return IsValidTagEnd(text, end) ? end : kNoMatch;
}

// One `_valid_attr` at `pos`: optional whitespace, one letter or `-`, an optional `= value`.
std::size_t AttributeEnd(std::string_view text, std::size_t pos) {
  std::size_t i = SkipPythonSpaces(text, pos);
  if (i >= text.size() || !(IsAsciiLetter(text[i]) || text[i] == '-')) return kNoMatch;
  std::size_t name_end = i + 1;
  std::size_t eq = SkipPythonSpaces(text, name_end);
  if (eq >= text.size() || text[eq] != '=') return name_end;
  std::size_t value = SkipPythonSpaces(text, eq + 1);
  if (value < text.size() && (text[value] == '"' || text[value] == '\'')) {
    std::size_t close = text.find(text[value], value + 1);
    return close == text.npos ? name_end : close + 1;
  }
  std::size_t end = value;
  while (end < text.size() && !PythonSpaceAt(text, end) && text[end] != '\'' && text[end] != '"' &&
         text[end] != '>') {
    ++end;
  }
  return end > value ? end : name_end;
}

// ` *(?:\n{2,}|\s*$)` after a block of HTML.
std::size_t BlockHtmlTail(std::string_view text, std::size_t pos) {
  std::size_t i = SkipChar(text, pos, ' ');
  if (text.substr(i, 2) == "\n\n") return SkipChar(text, i, '\n');
  return RestIsSpace(text, i) ? text.size() : kNoMatch;
}

std::optional<BlockHtmlMatch> MatchHtmlComment(std::string_view text, std::size_t start) {
  for (std::size_t close = text.find("-->", start + 4); close != text.npos;
       close = text.find("-->", close + 1)) {
    std::size_t end = BlockHtmlTail(text, close + 3);
    if (end != kNoMatch) return BlockHtmlMatch{end, text.substr(0, end)};
  }
  return std::nullopt;
}

std::optional<BlockHtmlMatch> MatchPairedTag(std::string_view text, std::size_t start,
                                             std::size_t name_end) {
  std::size_t pos = name_end;
  while (pos < text.size() && text[pos] != '>') {
    pos = AttributeEnd(text, pos);
    if (pos == kNoMatch) return std::nullopt;
  }
  if (pos >= text.size()) return std::nullopt;
  std::string closing = "</" + std::string(text.substr(start + 1, name_end - start - 1)) + ">";
  for (std::size_t close = text.find(closing, pos + 1); close != text.npos;
       close = text.find(closing, close + 1)) {
    std::size_t end = BlockHtmlTail(text, close + closing.size());
    if (end != kNoMatch) {
      return BlockHtmlMatch{end, text.substr(start, close + closing.size() - start)};
    }
  }
  return std::nullopt;
}

std::optional<BlockHtmlMatch> MatchSingleTag(std::string_view text, std::size_t name_end) {
  std::size_t pos = name_end;
  while (pos != kNoMatch) {
    std::size_t close = SkipPythonSpaces(text, pos);
    if (close < text.size() && text[close] == '/') ++close;
    if (close < text.size() && text[close] == '>') {
      std::size_t end = BlockHtmlTail(text, close + 1);
      if (end != kNoMatch) return BlockHtmlMatch{end, text.substr(0, end)};
    }
    pos = AttributeEnd(text, pos);
  }
  return std::nullopt;
}

// ` *(?:[•*-]|\d+\.) ` followed by anything: the part before the lazy body of a list block.
std::size_t ListBodyStart(std::string_view text, std::size_t* indent) {
  std::size_t i = SkipChar(text, 0, ' ');
  std::size_t bullet = NotifyBulletAt(text, i);
  if (bullet == 0 || i + bullet >= text.size() || text[i + bullet] != ' ') return kNoMatch;
  *indent = i;
  std::size_t p = i + bullet + 1;
  if (p >= text.size()) return kNoMatch;
  if (text[p] != '*') return p + DecodeUtf8(text, p).length;
  return text.substr(p, 2) == "**" ? p + 2 : kNoMatch;
}

// `(?:[-*_] *){3,}(?:\n+|$)`, optionally after the list's indentation.
bool HruleAfterList(std::string_view text, std::size_t pos, std::size_t indent) {
  for (std::size_t skip : {indent, std::size_t{0}}) {
    if (skip > 0 && text.substr(pos, skip) != std::string(skip, ' ')) continue;
    std::size_t i = pos + skip;
    int marks = 0;
    while (i < text.size() && IsHruleMark(text[i])) {
      ++marks;
      i = SkipChar(text, i + 1, ' ');
    }
    if (marks >= 3 && LineBreaksOrEnd(text, i) != kNoMatch) return true;
    if (skip == 0) break;
  }
  return false;
}

bool StartsNotifyItem(std::string_view text, std::size_t pos, std::size_t indent) {
  if (pos + indent > text.size() || text.substr(pos, indent) != std::string(indent, ' ')) {
    return false;
  }
  std::size_t bullet = NotifyBulletAt(text, pos + indent);
  return bullet > 0 && pos + indent + bullet < text.size() && text[pos + indent + bullet] == ' ';
}

// The end of a list block whose lazy body may stop at `pos`, or kNoMatch.
std::size_t ListEndAt(std::string_view text, std::size_t pos, std::size_t indent,
                      std::size_t space_tail) {
  if (pos < text.size() && text[pos] == '\n') {
    std::size_t after = SkipChar(text, pos, '\n');
    std::string_view next = text.substr(after);
    if (HruleAfterList(text, after, indent) || MatchDefLinks(next) || MatchDefFootnotes(next)) {
      return after;
    }
    std::size_t run = after - pos;
    bool blank_then_more = run >= 3 || (after < text.size() && text[after] != ' ' &&
                                        !StartsNotifyItem(text, after, indent));
    if (run >= 2 && blank_then_more) return after;
  }
  return pos >= space_tail ? text.size() : kNoMatch;
}

// The title of a link definition: ` +["(]([^\n]+)[")]` then spaces to the end of the line.
std::optional<std::pair<std::size_t, std::string_view>> DefLinkTitle(std::string_view text,
                                                                     std::size_t pos) {
  std::size_t open = SkipChar(text, pos, ' ');
  if (open == pos || open >= text.size() || (text[open] != '"' && text[open] != '(')) {
    return std::nullopt;
  }
  std::size_t line_end = LineEnd(text, open);
  for (std::size_t close = line_end; close-- > open + 2;) {
    if (text[close] != '"' && text[close] != ')') continue;
    if (SkipChar(text, close + 1, ' ') != line_end) continue;
    return std::make_pair(close + 1, text.substr(open + 1, close - open - 1));
  }
  return std::nullopt;
}

std::optional<DefLinkMatch> DefLinkAfterKey(std::string_view text, std::size_t key_start,
                                            std::size_t key_end, bool angle) {
  std::size_t i = SkipChar(text, key_end + 2, ' ');
  if (angle) {
    if (i >= text.size() || text[i] != '<') return std::nullopt;
    ++i;
  }
  std::size_t link_end = i;
  while (link_end < text.size() && !PythonSpaceAt(text, link_end) && text[link_end] != '>') {
    ++link_end;
  }
  if (link_end == i) return std::nullopt;
  std::size_t after = link_end < text.size() && text[link_end] == '>' ? link_end + 1 : link_end;
  std::optional<std::string_view> title;
  if (auto found = DefLinkTitle(text, after)) {
    title = found->second;
    after = found->first;
  }
  std::size_t end = LineBreaksOrEnd(text, SkipChar(text, after, ' '));
  if (end == kNoMatch) return std::nullopt;
  std::string_view key = text.substr(key_start, key_end - key_start);
  return DefLinkMatch{end, key, text.substr(i, link_end - i), title};
}

// The end of a fenced code block whose opening fence is `fence_length` copies of `fence` at
// `start`, or nothing.
std::optional<FenceMatch> FenceWithLength(std::string_view text, std::size_t start, char fence,
                                          std::size_t fence_length) {
  std::size_t info = start + fence_length;
  std::size_t line_end = LineEnd(text, info);
  if (line_end == text.size()) return std::nullopt;
  std::size_t lang = SkipChar(text, info, ' ');
  std::size_t lang_end = lang;
  while (lang_end < line_end && text[lang_end] != ' ' && text[lang_end] != '`' &&
         !PythonSpaceAt(text, lang_end)) {
    lang_end += DecodeUtf8(text, lang_end).length;
  }
  if (SkipChar(text, lang_end, ' ') != line_end) return std::nullopt;

  std::size_t content = line_end + 1;
  std::string closing(fence_length, fence);
  for (std::size_t end = content + 1; end <= text.size(); ++end) {
    std::size_t close = SkipPythonSpaces(text, end);
    if (text.compare(close, fence_length, closing) == 0) {
      std::size_t after = LineBreaksOrEnd(text, SkipChar(text, close + fence_length, ' '));
      if (after != kNoMatch) return FenceMatch{after, text.substr(content, end - content)};
    }
    if (close > end) end = close - 1;
  }
  return std::nullopt;
}

// The length of the longest tail of `text` made of spaces, then `#`s, then spaces.
std::size_t HashTrailerLength(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == ' ') --end;
  while (end > 0 && text[end - 1] == '#') --end;
  while (end > 0 && text[end - 1] == ' ') --end;
  return text.size() - end;
}

}  // namespace

std::size_t TrailingSpaceStart(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0) {
    std::size_t start = end - 1;
    while (start > 0 && end - start < 4 &&
           (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
      --start;
    }
    if (PythonSpaceAt(text, start) != end - start) break;
    end = start;
  }
  return end;
}

std::size_t LineEnd(std::string_view text, std::size_t pos) {
  std::size_t end = text.find('\n', pos);
  return end == text.npos ? text.size() : end;
}

std::size_t SkipChar(std::string_view text, std::size_t pos, char c) {
  while (pos < text.size() && text[pos] == c) ++pos;
  return pos;
}

std::size_t SkipPythonSpaces(std::string_view text, std::size_t pos) {
  while (std::size_t length = PythonSpaceAt(text, pos)) pos += length;
  return pos;
}

std::size_t LineBreaksOrEnd(std::string_view text, std::size_t pos) {
  if (pos == text.size()) return pos;
  if (pos > text.size() || text[pos] != '\n') return kNoMatch;
  return SkipChar(text, pos, '\n');
}

std::size_t NotifyBulletAt(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return 0;
  if (text[pos] == '*' || text[pos] == '-') return 1;
  if (text.substr(pos, kBulletDot.size()) == kBulletDot) return kBulletDot.size();
  return OrderedBulletAt(text, pos);
}

std::size_t MatchNewlines(std::string_view text) { return SkipChar(text, 0, '\n'); }

std::size_t MatchHrule(std::string_view text) {
  std::size_t i = 0;
  while (i < 3 && i < text.size() && text[i] == ' ') ++i;
  if (i >= text.size() || !IsHruleMark(text[i])) return 0;
  int marks = 1;
  ++i;
  for (std::size_t next = SkipChar(text, i, ' '); next < text.size() && IsHruleMark(text[next]);
       next = SkipChar(text, i, ' ')) {
    ++marks;
    i = next + 1;
  }
  if (marks < 3) return 0;
  std::size_t end = LineBreaksOrEnd(text, SkipChar(text, i, ' '));
  return end == kNoMatch ? 0 : end;
}

std::size_t MatchBlockCode(std::string_view text) {
  std::size_t i = 0;
  while (text.compare(i, 4, "    ") == 0 && i + 4 < text.size() && text[i + 4] != '\n') {
    i = SkipChar(text, LineEnd(text, i + 4), '\n');
  }
  return i;
}

std::optional<FenceMatch> MatchFences(std::string_view text) {
  std::size_t start = SkipChar(text, 0, ' ');
  if (start >= text.size() || (text[start] != '`' && text[start] != '~')) return std::nullopt;
  char fence = text[start];
  std::size_t run = SkipChar(text, start, fence) - start;
  for (std::size_t length = run; length >= 3; --length) {
    if (auto match = FenceWithLength(text, start, fence, length)) return match;
  }
  return std::nullopt;
}

std::optional<HeadingMatch> MatchHeading(std::string_view text) {
  std::size_t start = SkipChar(text, 0, ' ');
  std::size_t hashes = SkipChar(text, start, '#') - start;
  std::size_t line_end = LineEnd(text, start);
  for (std::size_t level = std::min<std::size_t>(hashes, 6); level >= 1; --level) {
    std::size_t after = start + level;
    std::size_t spaces = SkipChar(text, after, ' ') - after;
    for (std::size_t kept = spaces + 1; kept-- > 0;) {
      std::size_t text_start = after + kept;
      if (text_start >= line_end) continue;
      std::string_view rest = text.substr(text_start, line_end - text_start);
      std::size_t length = std::max<std::size_t>(1, rest.size() - HashTrailerLength(rest));
      std::size_t end = LineBreaksOrEnd(text, line_end);
      return HeadingMatch{end, static_cast<int>(level), rest.substr(0, length)};
    }
  }
  return std::nullopt;
}

std::optional<TableMatch> MatchNpTable(std::string_view text) {
  std::size_t first = SkipChar(text, 0, ' ');
  std::size_t header_end = LineEnd(text, first);
  if (first >= header_end || PythonSpaceAt(text, first) || header_end == text.size())
    return std::nullopt;
  std::size_t after_first = first + DecodeUtf8(text, first).length;
  if (text.substr(after_first, header_end - after_first).find('|') == text.npos)
    return std::nullopt;

  std::size_t i = SkipChar(text, header_end + 1, ' ');
  std::size_t dashes = i;
  while (i < text.size() && (text[i] == '-' || text[i] == ':')) ++i;
  if (i == dashes) return std::nullopt;
  i = SkipChar(text, i, ' ');
  if (i >= text.size() || text[i] != '|') return std::nullopt;
  std::size_t align_end = LineEnd(text, i);
  if (align_end == text.size()) return std::nullopt;
  for (std::size_t k = i; k < align_end; ++k) {
    if (std::string_view("-| :").find(text[k]) == std::string_view::npos) return std::nullopt;
  }

  std::size_t rows = align_end + 1;
  std::size_t pos = rows;
  while (pos < text.size()) {
    std::size_t row_end = LineEnd(text, pos);
    if (text.substr(pos, row_end - pos).find('|') == text.npos) break;
    pos = row_end == text.size() ? row_end : row_end + 1;
  }
  std::string_view header = text.substr(first, header_end - first);
  return TableMatch{SkipChar(text, pos, '\n'), header, text.substr(rows, pos - rows)};
}

std::optional<TableMatch> MatchTable(std::string_view text) {
  std::size_t bar = SkipChar(text, 0, ' ');
  if (bar >= text.size() || text[bar] != '|') return std::nullopt;
  std::size_t header_end = LineEnd(text, bar);
  if (header_end <= bar + 1 || header_end == text.size()) return std::nullopt;

  std::size_t i = SkipChar(text, header_end + 1, ' ');
  if (i >= text.size() || text[i] != '|') return std::nullopt;
  i = SkipChar(text, i + 1, ' ');
  if (i >= text.size() || (text[i] != '-' && text[i] != ':')) return std::nullopt;
  std::size_t align_end = LineEnd(text, i);
  if (align_end == text.size()) return std::nullopt;
  for (std::size_t k = i; k < align_end; ++k) {
    if (std::string_view("-| :").find(text[k]) == std::string_view::npos) return std::nullopt;
  }

  std::size_t rows = align_end + 1;
  std::size_t pos = rows;
  while (pos < text.size()) {
    std::size_t row_bar = SkipChar(text, pos, ' ');
    if (row_bar >= text.size() || text[row_bar] != '|') break;
    std::size_t row_end = LineEnd(text, row_bar);
    pos = row_end == text.size() ? row_end : row_end + 1;
  }
  std::string_view header = text.substr(bar + 1, header_end - bar - 1);
  return TableMatch{SkipChar(text, pos, '\n'), header, text.substr(rows, pos - rows)};
}

std::optional<LheadingMatch> MatchLheading(std::string_view text) {
  std::size_t first_end = LineEnd(text, 0);
  if (first_end == 0 || first_end == text.size()) return std::nullopt;
  std::size_t i = SkipChar(text, first_end + 1, ' ');
  if (i >= text.size() || (text[i] != '=' && text[i] != '-')) return std::nullopt;
  char last = text[i];
  while (i < text.size() && (text[i] == '=' || text[i] == '-')) last = text[i++];
  std::size_t end = LineBreaksOrEnd(text, SkipChar(text, i, ' '));
  if (end == kNoMatch) return std::nullopt;
  return LheadingMatch{end, last == '=' ? 1 : 2, text.substr(0, first_end)};
}

std::size_t MatchNotifyBlockQuote(std::string_view text) {
  std::size_t pos = 0;
  while (true) {
    std::size_t caret = SkipChar(text, pos, ' ');
    if (caret + 1 >= text.size() || text[caret] != '^' || text[caret + 1] == '\n') break;
    std::size_t end = LineEnd(text, caret + 1);
    while (end + 1 < text.size() && text[end + 1] != '\n') end = LineEnd(text, end + 1);
    pos = SkipChar(text, end, '\n');
  }
  return pos;
}

std::size_t MatchNotifyList(std::string_view text) {
  std::size_t indent = 0;
  std::size_t body = ListBodyStart(text, &indent);
  if (body == kNoMatch || body >= text.size()) return 0;
  std::size_t space_tail = TrailingSpaceStart(text);
  for (std::size_t pos = body + 1; pos <= text.size(); ++pos) {
    std::size_t end = ListEndAt(text, pos, indent, space_tail);
    if (end != kNoMatch) return end;
  }
  return 0;
}

std::optional<BlockHtmlMatch> MatchBlockHtml(std::string_view text) {
  std::size_t start = SkipChar(text, 0, ' ');
  if (start >= text.size() || text[start] != '<') return std::nullopt;
  if (text.compare(start, 4, "<!--") == 0) {
    if (auto comment = MatchHtmlComment(text, start)) return comment;
  }
  std::size_t name_end = BlockTagNameEnd(text, start + 1);
  if (name_end == kNoMatch) return std::nullopt;
  if (auto paired = MatchPairedTag(text, start, name_end)) return paired;
  return MatchSingleTag(text, name_end);
}

std::size_t MatchInlineHtml(std::string_view text) {
  if (text.empty() || text[0] != '<') return 0;
  if (text.compare(0, 4, "<!--") == 0) {
    std::size_t close = text.find("-->", 4);
    if (close != text.npos) return close + 3;
  }
  std::size_t name_end = WordEnd(text, 1);
  if (name_end == 1 || !IsValidTagEnd(text, name_end)) return 0;
  std::string closing = "</" + std::string(text.substr(1, name_end - 1)) + ">";
  for (std::size_t pos = name_end; pos != kNoMatch; pos = AttributeEnd(text, pos)) {
    std::size_t close = SkipPythonSpaces(text, pos);
    if (close >= text.size() || text[close] != '>') continue;
    std::size_t end = text.find(closing, close + 1);
    if (end != text.npos) return end + closing.size();
    break;
  }
  for (std::size_t pos = name_end; pos != kNoMatch; pos = AttributeEnd(text, pos)) {
    std::size_t close = SkipPythonSpaces(text, pos);
    if (close < text.size() && text[close] == '/') ++close;
    if (close < text.size() && text[close] == '>') return close + 1;
  }
  return 0;
}

std::optional<DefLinkMatch> MatchDefLinks(std::string_view text) {
  std::size_t open = SkipChar(text, 0, ' ');
  if (open >= text.size() || text[open] != '[') return std::nullopt;
  std::size_t close = open + 1;
  while (close < text.size() && text[close] != ']' && text[close] != '^') ++close;
  if (close == open + 1 || close >= text.size() || text[close] != ']') return std::nullopt;
  if (close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
  if (auto angled = DefLinkAfterKey(text, open + 1, close, true)) return angled;
  return DefLinkAfterKey(text, open + 1, close, false);
}

std::optional<DefFootnoteMatch> MatchDefFootnotes(std::string_view text) {
  if (text.substr(0, 2) != "[^") return std::nullopt;
  std::size_t close = text.find(']', 2);
  if (close == text.npos || close == 2 || close + 1 >= text.size() || text[close + 1] != ':') {
    return std::nullopt;
  }
  std::size_t start = SkipChar(text, close + 2, ' ');
  std::size_t end = SkipChar(text, LineEnd(text, start), '\n');
  while (end < text.size() && text[end] == ' ') end = SkipChar(text, LineEnd(text, end), '\n');
  return DefFootnoteMatch{end, text.substr(2, close - 2), text.substr(start, end - start)};
}

std::optional<std::pair<std::size_t, std::string_view>> MatchParagraph(std::string_view text) {
  std::size_t line_end = LineEnd(text, 0);
  if (line_end == 0) return std::nullopt;
  std::size_t end = line_end;
  while (end < text.size()) {
    std::size_t next = end + 1;
    if (next >= text.size() || text[next] == '\n' || InterruptsParagraph(text.substr(next))) break;
    end = LineEnd(text, next);
  }
  return std::make_pair(SkipChar(text, end, '\n'), text.substr(0, end));
}

bool InterruptsParagraph(std::string_view text) {
  std::size_t indent = SkipChar(text, 0, ' ');
  std::size_t bullet = OriginalBulletAt(text, indent);
  if (bullet > 0 && indent + bullet + 1 < text.size() && text[indent + bullet] == ' ') return true;
  if (indent + 1 < text.size() && text[indent] == '>' && text[indent + 1] != '\n') return true;
  if (!text.empty() && text[0] == '<' && BlockTagNameEnd(text, 1) != kNoMatch) return true;
  return MatchHrule(text) > 0 || MatchHeading(text) || MatchLheading(text) || MatchFences(text) ||
         MatchDefLinks(text) || MatchDefFootnotes(text);
}

std::size_t ListItemEnd(std::string_view block, std::size_t pos) {
  std::size_t indent = SkipChar(block, pos, ' ') - pos;
  std::size_t bullet = NotifyBulletAt(block, pos + indent);
  std::size_t space = pos + indent + bullet;
  if (bullet == 0 || space >= block.size() || block[space] != ' ') return kNoMatch;
  std::size_t end = LineEnd(block, space);
  std::string_view prefix = block.substr(pos, indent);
  while (end < block.size()) {
    std::size_t next = end + 1;
    bool same_indent = block.compare(next, indent, prefix) == 0 && next + indent <= block.size();
    if (same_indent && NotifyBulletAt(block, next + indent) > 0) break;
    end = LineEnd(block, next);
  }
  return end;
}

}  // namespace missive::render_internal
