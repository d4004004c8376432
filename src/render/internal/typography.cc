#include "render/internal/typography.h"

#include <array>
#include <optional>
#include <vector>

#include "render/internal/text.h"

namespace missive::render_internal {
namespace {

// SmartyPants writes numeric references and converts these to characters at the end.
constexpr std::string_view kOpenSingle = "&#8216;";
constexpr std::string_view kCloseSingle = "&#8217;";
constexpr std::string_view kOpenDouble = "&#8220;";
constexpr std::string_view kCloseDouble = "&#8221;";

struct EntityChar {
  std::string_view entity;
  std::string_view character;
};
constexpr std::array<EntityChar, 7> kEntityChars = {{{"&#8211;", "\u2013"},
                                                     {"&#8212;", "\u2014"},
                                                     {"&#8216;", "\u2018"},
                                                     {"&#8217;", "\u2019"},
                                                     {"&#8220;", "\u201C"},
                                                     {"&#8221;", "\u201D"},
                                                     {"&#8230;", "\u2026"}}};

// What may come before a quote that opens: whitespace is checked separately.
constexpr std::array<std::string_view, 8> kOpeningContexts = {
    "&nbsp;", "--", "&mdash;", "&ndash;", "&#8211;", "&#8212;", "&#x2013;", "&#x2014;"};

// Elements whose text SmartyPants leaves alone (`a` added by GC Notify). Matched as prefixes of
// the tag name, as SmartyPants' pattern does.
constexpr std::array<std::string_view, 9> kSkippedTags = {"pre",    "samp",  "code", "tt", "kbd",
                                                          "script", "style", "math", "a"};

constexpr std::string_view kEnDash = " \u2013 ";
constexpr std::size_t kNone = std::string_view::npos;

std::size_t CodePointLength(std::string_view text, std::size_t pos) {
  return DecodeUtf8(text, pos).length;
}

std::size_t SkipSpaces(std::string_view text, std::size_t pos) {
  while (std::size_t length = PythonSpaceAt(text, pos)) pos += length;
  return pos;
}

bool IsWordAt(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  CodePoint cp = DecodeUtf8(text, pos);
  return (cp.value < 0x80 || cp.length > 1) && IsPythonWordChar(cp.value);
}

bool IsDigitAt(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  CodePoint cp = DecodeUtf8(text, pos);
  return (cp.value < 0x80 || cp.length > 1) && IsPythonDigit(cp.value);
}

bool IsAsciiPunctuation(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

// SmartyPants' "close class": any character but space, tab, CR, LF, `[`, `{`, `(` and `-`.
bool InCloseClass(char c) {
  return c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '[' && c != '{' && c != '(' &&
         c != '-';
}

// `s\b`: an `s` not followed by a word character.
bool IsLoneS(std::string_view text, std::size_t pos) {
  return pos < text.size() && text[pos] == 's' && !IsWordAt(text, pos + 1);
}

// Replaces each match of a pattern, scanning left to right without overlaps as re.sub does.
// `match(text, pos, out)` appends a replacement and returns the length matched at `pos`, or 0.
template <typename Match>
std::string Substitute(std::string_view text, Match&& match) {
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t pos = 0; pos < text.size();) {
    if (std::size_t used = match(text, pos, out)) {
      pos += used;
      continue;
    }
    std::size_t length = CodePointLength(text, pos);
    out.append(text, pos, length);
    pos += length;
  }
  return out;
}

std::string ReplaceLiteral(std::string_view text, std::string_view from, std::string_view to) {
  return Substitute(text, [&](std::string_view s, std::size_t pos, std::string& out) {
    if (s.compare(pos, from.size(), from) != 0) return std::size_t{0};
    out += to;
    return from.size();
  });
}

// `^'(?=punct\\B)`: SmartyPants' first rule, which (its pattern escaping a backslash) wants a
// literal backslash and `B` after the punctuation.
std::string LeadingQuoteRule(std::string_view text, char quote, std::string_view entity) {
  if (text.size() < 4 || text[0] != quote || !IsAsciiPunctuation(text[1]) || text[2] != '\\' ||
      text[3] != 'B') {
    return std::string(text);
  }
  return std::string(entity) + std::string(text.substr(1));
}

// `"'(?=\w)` and `'"(?=\w)`.
std::string QuotePairRule(std::string_view text, char first, char second,
                          std::string_view replacement) {
  return Substitute(text, [&](std::string_view s, std::size_t pos, std::string& out) {
    if (s[pos] != first || pos + 1 >= s.size() || s[pos + 1] != second || !IsWordAt(s, pos + 2)) {
      return std::size_t{0};
    }
    out += replacement;
    return std::size_t{2};
  });
}

// `\b'(?=\d{2}s)`: the apostrophe of a decade ('80s).
std::string DecadeRule(std::string_view text) {
  return Substitute(text, [](std::string_view s, std::size_t pos, std::string& out) {
    if (s[pos] != '\'' || pos == 0) return std::size_t{0};
    char32_t before = CodePointBefore(s, pos);
    if (!IsPythonWordChar(before)) return std::size_t{0};
    std::size_t second = pos + 1 + CodePointLength(s, pos + 1);
    if (!IsDigitAt(s, pos + 1) || !IsDigitAt(s, second)) return std::size_t{0};
    std::size_t after = second + CodePointLength(s, second);
    if (after >= s.size() || s[after] != 's') return std::size_t{0};
    out += kCloseSingle;
    return std::size_t{1};
  });
}

// The length of an opening context at `pos` (whitespace, `--`, a dash or no-break-space
// reference), or 0.
std::size_t OpeningContextAt(std::string_view text, std::size_t pos) {
  if (std::size_t space = PythonSpaceAt(text, pos)) return space;
  for (std::string_view context : kOpeningContexts) {
    if (text.compare(pos, context.size(), context) == 0) return context.size();
  }
  return 0;
}

// `(context)'(?=\w)` and `(context)"(?=\w)`.
std::string OpeningQuoteRule(std::string_view text, char quote, std::string_view entity) {
  return Substitute(text, [&](std::string_view s, std::size_t pos, std::string& out) {
    std::size_t context = OpeningContextAt(s, pos);
    std::size_t at = pos + context;
    if (context == 0 || at >= s.size() || s[at] != quote || !IsWordAt(s, at + 1)) {
      return std::size_t{0};
    }
    out.append(s, pos, context);
    out += entity;
    return context + 1;
  });
}

// `(close)'(?!\s|s\b|\d)`, `(close)'(\s|s\b)` and `(close)"`: a quote after a character of the
// close class. `follow` decides on what comes after the quote and returns how much of it the
// match takes, or nullopt.
template <typename Follow>
std::string ClosingQuoteRule(std::string_view text, char quote, std::string_view entity,
                             Follow&& follow) {
  return Substitute(text, [&](std::string_view s, std::size_t pos, std::string& out) {
    std::size_t length = CodePointLength(s, pos);
    std::size_t at = pos + length;
    if (!InCloseClass(s[pos]) || at >= s.size() || s[at] != quote) return std::size_t{0};
    std::optional<std::size_t> taken = follow(s, at + 1);
    if (!taken) return std::size_t{0};
    out.append(s, pos, length);
    out += entity;
    out.append(s, at + 1, *taken);
    return length + 1 + *taken;
  });
}

std::string ConvertQuotes(std::string_view text) {
  std::string t = LeadingQuoteRule(text, '\'', kCloseSingle);
  t = LeadingQuoteRule(t, '"', kCloseDouble);
  t = QuotePairRule(t, '"', '\'', "&#8220;&#8216;");
  t = QuotePairRule(t, '\'', '"', "&#8216;&#8220;");
  t = DecadeRule(t);
  t = OpeningQuoteRule(t, '\'', kOpenSingle);
  t = ClosingQuoteRule(t, '\'', kCloseSingle, [](std::string_view s, std::size_t after) {
    bool blocked = PythonSpaceAt(s, after) > 0 || IsLoneS(s, after) || IsDigitAt(s, after);
    return blocked ? std::nullopt : std::optional<std::size_t>(0);
  });
  t = ClosingQuoteRule(t, '\'', kCloseSingle, [](std::string_view s, std::size_t after) {
    if (std::size_t space = PythonSpaceAt(s, after)) return std::optional<std::size_t>(space);
    return IsLoneS(s, after) ? std::optional<std::size_t>(1) : std::nullopt;
  });
  t = ReplaceLiteral(t, "'", kOpenSingle);
  t = OpeningQuoteRule(t, '"', kOpenDouble);
  t = Substitute(t, [](std::string_view s, std::size_t pos, std::string& out) {
    if (s[pos] != '"' || PythonSpaceAt(s, pos + 1) == 0) return std::size_t{0};
    out += kCloseDouble;
    return std::size_t{1};
  });
  t = ClosingQuoteRule(t, '"', kCloseDouble,
                       [](std::string_view, std::size_t) { return std::optional<std::size_t>(0); });
  return ReplaceLiteral(t, "\"", kOpenDouble);
}

// SmartyPants' backslash escapes: \\ \" \' \. \- \` become numeric references.
std::string ProcessEscapes(std::string_view text) {
  return Substitute(text, [](std::string_view s, std::size_t pos, std::string& out) {
    if (s[pos] != '\\' || pos + 1 >= s.size()) return std::size_t{0};
    switch (s[pos + 1]) {
      case '\\':
        out += "&#92;";
        break;
      case '"':
        out += "&#34;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '.':
        out += "&#46;";
        break;
      case '-':
        out += "&#45;";
        break;
      case '`':
        out += "&#96;";
        break;
      default:
        return std::size_t{0};
    }
    return std::size_t{2};
  });
}

std::string ConvertEntities(std::string_view text) {
  if (text.find("&#82") == std::string_view::npos) return std::string(text);
  return Substitute(text, [](std::string_view s, std::size_t pos, std::string& out) {
    for (const EntityChar& entry : kEntityChars) {
      if (s.compare(pos, entry.entity.size(), entry.entity) != 0) continue;
      out += entry.character;
      return entry.entity.size();
    }
    return std::size_t{0};
  });
}

bool IsSingleCharacter(std::string_view text, char c) { return text.size() == 1 && text[0] == c; }

// One run of text between tags, as SmartyPants educates it, or nullopt when nothing in it could
// change. `before` is the last character of the previous run.
std::optional<std::string> EducateText(std::string_view text, std::string_view before) {
  if (FindFirstOf(text, "'\"\\&") == std::string_view::npos) return std::nullopt;
  std::string t = ProcessEscapes(text);
  bool after_text = !before.empty() && PythonSpaceAt(before, 0) == 0;
  if (IsSingleCharacter(t, '\'')) {
    t = after_text ? kCloseSingle : kOpenSingle;
  } else if (IsSingleCharacter(t, '"')) {
    t = after_text ? kCloseDouble : kOpenDouble;
  } else {
    t = ConvertQuotes(t);
  }
  return ConvertEntities(t);
}

// The end of the tag starting at `pos` (a `<`) as SmartyPants' tokenizer sees it: a comment
// `<!--.*?--\s*>`, else `<[^>]*>`; kNone when there is no `>`.

std::size_t TagEnd(std::string_view text, std::size_t pos) {
  if (text.compare(pos, 4, "<!--") == 0) {
    for (std::size_t dashes = text.find("--", pos + 4); dashes != kNone;
         dashes = text.find("--", dashes + 1)) {
      std::size_t close = dashes + 2;
      while (std::size_t space = PythonSpaceAt(text, close)) close += space;
      if (close < text.size() && text[close] == '>') return close + 1;
    }
  }
  std::size_t close = text.find('>', pos);
  return close == kNone ? kNone : close + 1;
}

// A comment holding `--` in its body is text to SmartyPants.
bool IsCommentText(std::string_view tag) {
  if (tag.substr(0, 4) != "<!--") return false;
  std::string_view body = tag.substr(4);
  while (!body.empty() && body.back() == '>') body.remove_suffix(1);
  while (!body.empty() && PythonSpaceAt(body, body.size() - 1) == 1) body.remove_suffix(1);
  while (!body.empty() && body.back() == '-') body.remove_suffix(1);
  return body.find("--") != std::string_view::npos;
}

// Whether `tag` opens or closes a skipped element, and which.
std::optional<std::pair<bool, std::string_view>> SkippedTag(std::string_view tag) {
  std::size_t name = (tag.size() > 1 && tag[1] == '/') ? 2 : 1;
  for (std::string_view skipped : kSkippedTags) {
    if (tag.size() < name + skipped.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < skipped.size(); ++i) {
      char c = tag[name + i];
      same = same && (c == skipped[i] || c == skipped[i] - 'a' + 'A');
    }
    if (same) return std::make_pair(name == 2, skipped);
  }
  return std::nullopt;
}

// A copy of a text, made only when the first change is. Changes come in order.
class CopyOnEdit {
 public:
  explicit CopyOnEdit(std::string text) : text_(std::move(text)) {}

  std::string_view text() const { return text_; }
  // Where the text is copied up to: changes must start there or later.
  std::size_t copied() const { return copied_; }

  void Replace(std::size_t begin, std::size_t end, std::string_view with) {
    if (!edited_) out_.reserve(text_.size() + 16);
    edited_ = true;
    out_.append(text_, copied_, begin - copied_);
    out_ += with;
    copied_ = end;
  }

  std::string Finish() && {
    if (!edited_) return std::move(text_);
    out_.append(text_, copied_);
    return std::move(out_);
  }

 private:
  std::string text_;
  std::string out_;
  std::size_t copied_ = 0;
  bool edited_ = false;
};

// SmartyPants' walk over text and tags: text is educated unless inside a skipped element.
class QuoteEducator {
 public:
  explicit QuoteEducator(CopyOnEdit& edit) : edit_(edit) {}

  void Tag(std::string_view tag) {
    std::optional<std::pair<bool, std::string_view>> skipped = SkippedTag(tag);
    if (!skipped) return;
    if (!skipped->first) {
      open_.push_back(skipped->second);
      return;
    }
    if (!open_.empty() && open_.back() == skipped->second) open_.pop_back();
  }

  // The text between `begin` and `end` of the edited text.
  void Text(std::size_t begin, std::size_t end) {
    if (begin == end) return;
    std::string_view text = edit_.text().substr(begin, end - begin);
    std::string_view last = text.substr(text.size() - LastCodePointLength(text));
    if (open_.empty()) {
      std::optional<std::string> educated = EducateText(text, previous_last_);
      if (educated && *educated != text) edit_.Replace(begin, end, *educated);
    }
    previous_last_ = last;
  }

 private:
  static std::size_t LastCodePointLength(std::string_view text) {
    std::size_t start = text.size() - 1;
    while (start > 0 && text.size() - start < 4 &&
           (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
      --start;
    }
    return text.size() - start;
  }

  CopyOnEdit& edit_;
  std::vector<std::string_view> open_;
  std::string_view previous_last_;
};

}  // namespace

std::string RemoveSpaceBeforePunctuation(std::string text) {
  CopyOnEdit edit(std::move(text));
  std::string_view s = edit.text();
  CharScanner marks(s, ",.");
  for (std::size_t mark = marks.Next(0); mark != kNone; mark = marks.Next(mark + 1)) {
    std::size_t start = mark;
    while (start > edit.copied() && (s[start - 1] == ' ' || s[start - 1] == '\t')) --start;
    if (start < mark) edit.Replace(start, mark, "");
  }
  return std::move(edit).Finish();
}

std::string SmartenQuotes(std::string text) {
  CopyOnEdit edit(std::move(text));
  std::string_view s = edit.text();
  QuoteEducator educator(edit);
  std::size_t pos = 0;
  for (std::size_t open = s.find('<'); open != kNone; open = s.find('<', pos)) {
    std::size_t end = TagEnd(s, open);
    if (end == kNone) break;
    educator.Text(pos, open);
    if (IsCommentText(s.substr(open, end - open))) {
      educator.Text(open, end);
    } else {
      educator.Tag(s.substr(open, end - open));
    }
    pos = end;
  }
  educator.Text(pos, s.size());
  return std::move(edit).Finish();
}

std::string StraightenQuotesInEmailAddresses(std::string text) {
  bool curly = text.find("\u2018") != std::string::npos || text.find("\u2019") != std::string::npos;
  if (!curly || text.find('@') == std::string::npos) return text;
  return Substitute(text, [](std::string_view s, std::size_t pos, std::string& out) {
    bool line_start = pos == 0 || s[pos - 1] == '\n';
    std::size_t space = PythonSpaceAt(s, pos);
    std::size_t start = (line_start && space == 0) ? pos : pos + space;
    if (!line_start && space == 0) return std::size_t{0};
    std::size_t end = start;
    while (end < s.size() && PythonSpaceAt(s, end) == 0) end += CodePointLength(s, end);
    std::string_view run = s.substr(start, end - start);
    std::size_t at = run.find('@', 1);
    if (run.empty() || at == std::string_view::npos || at + 1 >= run.size()) return std::size_t{0};
    std::size_t trailing = PythonSpaceAt(s, end);
    out.append(s, pos, start - pos);
    out += ReplaceLiteral(ReplaceLiteral(run, "\u2018", "'"), "\u2019", "'");
    out.append(s, end, trailing);
    return end + trailing - pos;
  });
}

// The length of the dash (`-`, `–` or `—`) at `pos`, or 0.
std::size_t DashAt(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return 0;
  if (text[pos] == '-') return 1;
  bool wide = text.compare(pos, 3, "\u2013") == 0 || text.compare(pos, 3, "\u2014") == 0;
  return wide ? 3 : 0;
}

// The start of the run of whitespace that ends at `end`, not before `floor`.
std::size_t SpaceRunStart(std::string_view text, std::size_t end, std::size_t floor) {
  std::size_t start = end;
  while (start > floor) {
    char32_t before = CodePointBefore(text, start);
    std::size_t length = before < 0x80 ? 1 : (before < 0x800 ? 2 : (before < 0x10000 ? 3 : 4));
    if (length > start - floor || PythonSpaceAt(text, start - length) != length) break;
    start -= length;
  }
  return start;
}

std::string ReplaceSpacedHyphens(std::string text) {
  CopyOnEdit edit(std::move(text));
  std::string_view s = edit.text();
  CharScanner dashes(s, "-\xE2");
  for (std::size_t pos = dashes.Next(0); pos != kNone; pos = dashes.Next(pos + 1)) {
    if (DashAt(s, pos) == 0) continue;
    std::size_t end = pos;
    int count = 0;
    for (std::size_t length = DashAt(s, end); length > 0; length = DashAt(s, end)) {
      end += length;
      ++count;
    }
    std::size_t left = SpaceRunStart(s, pos, edit.copied());
    std::size_t right = SkipSpaces(s, end);
    if (count > 3 || left == pos || right == end) {
      pos = end - 1;  // the next search starts after this run of dashes
      continue;
    }
    edit.Replace(left, right, kEnDash);
    pos = right - 1;
  }
  return std::move(edit).Finish();
}

std::string NiceTypography(std::string text) {
  std::string quoted = SmartenQuotes(RemoveSpaceBeforePunctuation(std::move(text)));
  return ReplaceSpacedHyphens(StraightenQuotesInEmailAddresses(std::move(quoted)));
}

}  // namespace missive::render_internal
