#include "render/internal/markdown_inline.h"

#include <algorithm>
#include <optional>

#include "render/internal/markdown_patterns.h"
#include "render/internal/text.h"

namespace missive::render_internal {
namespace {

// Deeper than this, nested emphasis and links are left as text. (GC Notify fails on such input:
// Python runs out of recursion.)
constexpr int kMaxDepth = 48;

constexpr std::string_view kEscapable = "\\`*{}[]()#+-.!_>~|";

std::string_view RstripNewlines(std::string_view text) {
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  return text;
}

bool IsQuote(char c) { return c == '"' || c == '\''; }

bool IsWordAt(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  CodePoint cp = DecodeUtf8(text, pos);
  bool decoded = cp.value < 0x80 || cp.length > 1;
  return decoded && IsPythonWordChar(cp.value);
}

// A link's text and target as the link pattern captures them.
struct LinkParts {
  std::size_t length;
  std::string_view text;
  std::string_view link;
  std::optional<std::string_view> title;
};

// Where the `]` closing a link's text may be, best first: mistune's greedy
// `(?:\[[^^\]]*\]|[^\[\]]|\](?=[^\[]*\]))*` backtracks from its furthest `]` to its nearest.
std::vector<std::size_t> LinkTextEnds(std::string_view text, std::size_t start) {
  std::vector<std::size_t> ends;
  std::size_t i = start;
  while (i < text.size()) {
    if (text[i] == '[') {
      std::size_t close = i + 1;
      while (close < text.size() && text[close] != ']' && text[close] != '^') ++close;
      if (close >= text.size() || text[close] != ']') break;
      i = close + 1;
      continue;
    }
    if (text[i] == ']') {
      ends.push_back(i);
      std::size_t next = FindFirstOf(text, "[]", i + 1);
      if (next == text.npos || text[next] != ']') break;
    }
    ++i;
  }
  std::reverse(ends.begin(), ends.end());
  return ends;
}

// The part of the link pattern after `](`:
// `\s*(<)?([\s\S]*?)(?(2)>)(?:\s+['"]([\s\S]*?)['"])?\s*\)`.
class LinkTargetMatcher {
 public:
  explicit LinkTargetMatcher(std::string_view text) : text_(text) {}

  std::optional<LinkParts> Match(std::size_t pos) {
    std::size_t start = SkipPythonSpaces(text_, pos);
    if (start < text_.size() && text_[start] == '<') {
      if (auto angled = Scan(start + 1, true)) return angled;
    }
    return Scan(start, false);
  }

 private:
  std::optional<LinkParts> Scan(std::size_t start, bool angled) {
    for (std::size_t end = start; end <= text_.size(); ++end) {
      std::size_t after = end;
      if (angled) {
        if (end >= text_.size() || text_[end] != '>') continue;
        after = end + 1;
      }
      std::string_view link = text_.substr(start, end - start);
      if (auto titled = TitleAt(after)) return LinkParts{titled->first, {}, link, titled->second};
      if (std::size_t close = CloseAt(after); close != kNoMatch) {
        return LinkParts{close, {}, link, std::nullopt};
      }
      std::size_t space_end = SkipPythonSpaces(text_, end);
      if (!angled && space_end > end) end = space_end - 1;  // the same answer across the run
    }
    return std::nullopt;
  }

  // `\s*\)` at `pos`: the position after it.
  std::size_t CloseAt(std::size_t pos) const {
    std::size_t paren = SkipPythonSpaces(text_, pos);
    return (paren < text_.size() && text_[paren] == ')') ? paren + 1 : kNoMatch;
  }

  // `\s+['"]([\s\S]*?)['"]\s*\)` at `pos`.
  std::optional<std::pair<std::size_t, std::string_view>> TitleAt(std::size_t pos) {
    if (PythonSpaceAt(text_, pos) == 0) return std::nullopt;
    std::size_t open = SkipPythonSpaces(text_, pos);
    if (open >= text_.size() || !IsQuote(text_[open]) || open >= failed_from_) return std::nullopt;
    for (std::size_t close = open + 1; close < text_.size(); ++close) {
      if (!IsQuote(text_[close])) continue;
      std::size_t end = CloseAt(close + 1);
      if (end != kNoMatch) return std::make_pair(end, text_.substr(open + 1, close - open - 1));
    }
    failed_from_ = open;  // no title can close after this point
    return std::nullopt;
  }

  std::string_view text_;
  std::size_t failed_from_ = kNoMatch;
};

std::optional<LinkParts> MatchLink(std::string_view text) {
  std::size_t open = (!text.empty() && text[0] == '!') ? 1 : 0;
  if (open >= text.size() || text[open] != '[') return std::nullopt;
  LinkTargetMatcher target(text);
  for (std::size_t end : LinkTextEnds(text, open + 1)) {
    if (text.compare(end, 2, "](") != 0) continue;
    if (auto parts = target.Match(end + 2)) {
      parts->text = text.substr(open + 1, end - open - 1);
      return parts;
    }
  }
  return std::nullopt;
}

// `!?\[(...)\]\s*\[([^^\]]*)\]`: the length, the text and the key.
std::optional<std::tuple<std::size_t, std::string_view, std::string_view>> MatchReflink(
    std::string_view text) {
  std::size_t open = (!text.empty() && text[0] == '!') ? 1 : 0;
  if (open >= text.size() || text[open] != '[') return std::nullopt;
  for (std::size_t end : LinkTextEnds(text, open + 1)) {
    std::size_t key_open = SkipPythonSpaces(text, end + 1);
    if (key_open >= text.size() || text[key_open] != '[') continue;
    std::size_t key_close = key_open + 1;
    while (key_close < text.size() && text[key_close] != ']' && text[key_close] != '^') {
      ++key_close;
    }
    if (key_close >= text.size() || text[key_close] != ']') continue;
    return std::make_tuple(key_close + 1, text.substr(open + 1, end - open - 1),
                           text.substr(key_open + 1, key_close - key_open - 1));
  }
  return std::nullopt;
}

// `!?\[((?:\[[^\]]*\]|[^\[\]])*)\]`: the length and the text.
std::optional<std::pair<std::size_t, std::string_view>> MatchNolink(std::string_view text) {
  std::size_t open = (!text.empty() && text[0] == '!') ? 1 : 0;
  if (open >= text.size() || text[open] != '[') return std::nullopt;
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == ']') return std::make_pair(i + 1, text.substr(open + 1, i - open - 1));
    if (text[i] != '[') continue;
    i = text.find(']', i + 1);
    if (i == text.npos) break;
  }
  return std::nullopt;
}

// The characters a bare URL may not end with (besides whitespace).
bool EndsUrlBadly(char c) {
  switch (c) {
    case '<':
    case '.':
    case ',':
    case ':':
    case '"':
    case '\'':
    case ')':
    case ']':
      return true;
    default:
      return false;
  }
}

// GC Notify's bare URL: `https?:\/\/[^\s<]+[^<.,:"')\]\s]`.
std::size_t UrlLength(std::string_view text) {
  std::size_t start = 0;
  if (text.substr(0, 7) == "http://") start = 7;
  if (text.substr(0, 8) == "https://") start = 8;
  if (start == 0) return 0;
  std::size_t end = 0;
  for (std::size_t pos = start; pos < text.size() && text[pos] != '<';) {
    if (PythonSpaceAt(text, pos) > 0) break;
    std::size_t length = DecodeUtf8(text, pos).length;
    if (pos > start && !EndsUrlBadly(text[pos])) end = pos + length;
    pos += length;
  }
  return end;
}

// `^(`+)\s*([\s\S]*?[^`])\s*\1(?!`)`: the length and the code.
std::optional<std::pair<std::size_t, std::string_view>> MatchCode(std::string_view text) {
  std::size_t run = SkipChar(text, 0, '`');
  for (std::size_t fence = run; fence >= 1; --fence) {
    std::size_t start = SkipPythonSpaces(text, fence);
    for (std::size_t end = start + 1; end <= text.size(); ++end) {
      if (text[end - 1] == '`') continue;
      std::size_t close = SkipPythonSpaces(text, end);
      if (SkipChar(text, close, '`') - close == fence) {
        return std::make_pair(close + fence, text.substr(start, end - start));
      }
      if (close > end) end = close - 1;
    }
    if (start > fence && SkipChar(text, start, '`') - start == fence) {
      std::size_t last_space = start - 1;
      while (last_space > fence && (static_cast<unsigned char>(text[last_space]) & 0xC0) == 0x80) {
        --last_space;
      }
      return std::make_pair(start + fence, text.substr(last_space, start - last_space));
    }
  }
  return std::nullopt;
}

bool IsTextStop(char c) {
  switch (c) {
    case '\\':
    case '<':
    case '!':
    case '[':
    case '_':
    case '*':
    case '`':
    case '~':
    case '\n':
      return true;
    default:
      return false;
  }
}

// The end of plain text: the next character that may start something else.
std::size_t TextLength(std::string_view text) {
  std::size_t pos = DecodeUtf8(text, 0).length;
  while (pos < text.size()) {
    char c = text[pos];
    if (IsTextStop(c)) return pos;
    if (c == ' ') {
      std::size_t run_end = SkipChar(text, pos, ' ');
      if (run_end < text.size() && text[run_end] == '\n') return pos;
      pos = run_end;
      continue;
    }
    if (c == 'h' &&
        (text.compare(pos, 7, "http://") == 0 || text.compare(pos, 8, "https://") == 0)) {
      return pos;
    }
    ++pos;
  }
  return text.size();
}

}  // namespace

void InlineLexer::Output(std::string_view text, std::string& out) {
  text = RstripNewlines(text);
  if (depth_ >= kMaxDepth) {
    renderer_.Text(out, text);
    return;
  }
  ++depth_;
  std::size_t space_tail = TrailingSpaceStart(text);
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t tail = space_tail > pos ? space_tail - pos : 0;
    pos += Step(text.substr(pos), tail, out);
  }
  --depth_;
}

std::size_t InlineLexer::Step(std::string_view text, std::size_t space_tail, std::string& out) {
  if (std::size_t used = Escape(text, out)) return used;
  if (std::size_t used = InlineHtml(text, out)) return used;
  if (std::size_t used = Autolink(text, out)) return used;
  if (std::size_t used = Url(text, out)) return used;
  if (!in_footnote_) {
    if (std::size_t used = Footnote(text)) return used;
  }
  if (std::size_t used = Link(text, out)) return used;
  if (std::size_t used = Reflink(text, out)) return used;
  if (std::size_t used = Nolink(text, out)) return used;
  if (std::size_t used = DoubleEmphasis(text, out)) return used;
  if (std::size_t used = Emphasis(text, out)) return used;
  if (std::size_t used = Code(text, out)) return used;
  if (std::size_t used = Linebreak(text, space_tail, out)) return used;
  if (std::size_t used = Strikethrough(text, out)) return used;
  return Text(text, out);
}

std::size_t InlineLexer::Escape(std::string_view text, std::string& out) {
  if (text.size() < 2 || text[0] != '\\' || kEscapable.find(text[1]) == std::string_view::npos) {
    return 0;
  }
  renderer_.Text(out, text.substr(1, 1));
  return 2;
}

std::size_t InlineLexer::InlineHtml(std::string_view text, std::string& out) {
  std::size_t length = MatchInlineHtml(text);
  out += text.substr(0, length);
  return length;
}

std::size_t InlineLexer::Autolink(std::string_view text, std::string& out) {
  if (text.empty() || text[0] != '<') return 0;
  std::size_t close = FindFirstOf(text, " >", 1);
  if (close == text.npos || text[close] != '>') return 0;
  std::string_view link = text.substr(1, close - 1);
  std::size_t mark = link.size() < 3 ? link.npos : link.find_last_of("@:", link.size() - 2);
  if (mark == link.npos || mark == 0) return 0;
  renderer_.Autolink(out, link, link[mark] == '@');
  return close + 1;
}

std::size_t InlineLexer::Url(std::string_view text, std::string& out) {
  std::size_t length = UrlLength(text);
  if (length == 0) return 0;
  if (in_link_) {
    renderer_.Text(out, text.substr(0, length));
  } else {
    renderer_.Autolink(out, text.substr(0, length), false);
  }
  return length;
}

std::size_t InlineLexer::Footnote(std::string_view text) {
  if (text.substr(0, 2) != "[^") return 0;
  std::size_t close = text.find(']', 2);
  if (close == text.npos || close == 2) return 0;
  std::string key = LinkKey(text.substr(2, close - 2));
  bool defined =
      std::find(footnote_keys_.begin(), footnote_keys_.end(), key) != footnote_keys_.end();
  bool referenced = std::find(referenced_.begin(), referenced_.end(), key) != referenced_.end();
  if (!defined || referenced) return 0;
  referenced_.push_back(std::move(key));
  return close + 1;
}

std::size_t InlineLexer::Link(std::string_view text, std::string& out) {
  std::optional<LinkParts> parts = MatchLink(text);
  if (!parts) return 0;
  if (text[0] != '!') LinkElement(parts->link, parts->title, parts->text, out);
  return parts->length;
}

std::size_t InlineLexer::Reflink(std::string_view text, std::string& out) {
  auto match = MatchReflink(text);
  if (!match) return 0;
  auto [length, link_text, key] = *match;
  return DefinedLink(key.empty() ? link_text : key, text[0] == '!', link_text, length, out);
}

std::size_t InlineLexer::Nolink(std::string_view text, std::string& out) {
  auto match = MatchNolink(text);
  if (!match) return 0;
  return DefinedLink(match->second, text[0] == '!', match->second, match->first, out);
}

std::size_t InlineLexer::DefinedLink(std::string_view key, bool image, std::string_view text,
                                     std::size_t length, std::string& out) {
  auto found = links_.find(LinkKey(key));
  if (found == links_.end()) return 0;
  if (!image) {
    const std::optional<std::string>& title = found->second.title;
    std::optional<std::string_view> title_view;
    if (title) title_view = *title;
    LinkElement(found->second.link, title_view, text, out);
  }
  return length;
}

void InlineLexer::LinkElement(std::string_view link, std::optional<std::string_view> title,
                              std::string_view text, std::string& out) {
  std::string content;
  in_link_ = true;
  Output(text, content);
  in_link_ = false;
  renderer_.Link(out, link, title, content);
}

std::size_t InlineLexer::DoubleEmphasis(std::string_view text, std::string& out) {
  if (text.size() < 5 || (text.substr(0, 2) != "__" && text.substr(0, 2) != "**")) return 0;
  char mark = text[0];
  for (std::size_t close = text.find(text.substr(0, 2), 3); close != text.npos;
       close = text.find(text.substr(0, 2), close + 1)) {
    if (close + 2 < text.size() && text[close + 2] == mark) continue;
    std::string content;
    Output(text.substr(2, close - 2), content);
    renderer_.DoubleEmphasis(out, content);
    return close + 2;
  }
  return 0;
}

std::size_t InlineLexer::Emphasis(std::string_view text, std::string& out) {
  if (text.size() < 3 || (text[0] != '_' && text[0] != '*')) return 0;
  char mark = text[0];
  std::size_t pos = 1;
  bool any = false;
  while (pos < text.size()) {
    bool closes =
        text[pos] == mark &&
        (mark == '_' ? !IsWordAt(text, pos + 1) : pos + 1 >= text.size() || text[pos + 1] != '*');
    if (any && closes) {
      std::string content;
      Output(text.substr(1, pos - 1), content);
      renderer_.Emphasis(out, content);
      return pos + 1;
    }
    bool pair = pos + 1 < text.size() && text[pos] == mark && text[pos + 1] == mark;
    if (!pair && text[pos] == mark) return 0;
    pos += pair ? 2 : 1;
    any = true;
  }
  return 0;
}

std::size_t InlineLexer::Code(std::string_view text, std::string& out) {
  if (text.empty() || text[0] != '`') return 0;
  auto match = MatchCode(text);
  if (!match) return 0;
  out += match->second;
  return match->first;
}

std::size_t InlineLexer::Linebreak(std::string_view text, std::size_t space_tail,
                                   std::string& out) {
  std::size_t newline = SkipChar(text, 0, ' ');
  if (newline >= text.size() || text[newline] != '\n' || newline + 1 >= space_tail) return 0;
  renderer_.Linebreak(out);
  return newline + 1;
}

std::size_t InlineLexer::Strikethrough(std::string_view text, std::string& out) {
  if (text.size() < 5 || text.substr(0, 2) != "~~" || PythonSpaceAt(text, 2) > 0) return 0;
  for (std::size_t close = text.find("~~", 3); close != text.npos;
       close = text.find("~~", close + 1)) {
    if (IsPythonSpace(CodePointBefore(text, close))) continue;
    Output(text.substr(2, close - 2), out);
    return close + 2;
  }
  return 0;
}

std::size_t InlineLexer::Text(std::string_view text, std::string& out) {
  std::size_t length = TextLength(text);
  renderer_.Text(out, text.substr(0, length));
  return length;
}

}  // namespace missive::render_internal
