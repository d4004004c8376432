#pragma once
// Text helpers shared by the render module: UTF-8 decoding, Python's idea of whitespace, word
// characters and lower case, HTML escaping and newline handling. Private to src/render.
// Thread-safe, no state beyond a C.UTF-8 locale opened once.
//
//   std::string key = render_internal::LowerCase("Prénom ÉCOLE");  // "prénom école"
//   std::string safe = render_internal::EscapeHtml("<b>&</b>");    // "&lt;b&gt;&amp;&lt;/b&gt;"
//   std::string line = render_internal::CollapseWhitespace(" a \n b ");  // "a b"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace missive::render_internal {

// One decoded code point and the number of bytes it took. A byte that does not start a valid
// UTF-8 sequence decodes as itself (a value below 0x100) with length 1.
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 1;
};

CodePoint DecodeUtf8(std::string_view text, std::size_t pos);
void AppendUtf8(std::string& out, char32_t code_point);

// Python's str.isspace(): the characters str.split() with no argument splits on.
bool IsPythonSpace(char32_t code_point);

// The bytes taken by the whitespace character (Python's `\s`) at `pos`, or 0 when there is none
// (also at the end of `text`, and for a stray byte).
std::size_t NonAsciiSpaceAt(std::string_view text, std::size_t pos);
inline std::size_t PythonSpaceAt(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return 0;
  auto byte = static_cast<unsigned char>(text[pos]);
  if (byte < 0x80)
    return ((byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x20)) ? 1 : 0;
  return NonAsciiSpaceAt(text, pos);
}

// Python's `\w` for one code point: letters, digits and other numbers (Unicode categories L and
// N), and `_`. Known gap: the categories come from ICU's Unicode tables, whose version can differ
// from the one in GC Notify's Python, so a recently added character may count differently.
bool IsPythonWordChar(char32_t code_point);

// Python's `\d`: a decimal digit in any script (Unicode category Nd).
bool IsPythonDigit(char32_t code_point);

// The code point that ends just before `pos` (0 when `pos` is 0).
char32_t CodePointBefore(std::string_view text, std::size_t pos);

// Python's str.strip() and str.lstrip() with no argument.
std::string_view StripPythonSpace(std::string_view text);
std::string_view LstripPythonSpace(std::string_view text);

// Lower-cases every code point with the C library's Unicode tables. Known gap: this is the
// simple one-to-one mapping, so the rare characters Python lower-cases to two code points
// (U+0130) differ.
std::string LowerCase(std::string_view text);

// Replaces &, < and > with character references.
std::string EscapeHtml(std::string_view text);

// The first position at or after `pos` holding one of `chars`, or npos. (libstdc++'s
// find_first_of calls memchr once per character of `text`, which is slow on long text.)
std::size_t FindFirstOf(std::string_view text, std::string_view chars, std::size_t pos = 0);

// Visits, in order, the positions of `text` that hold one of up to four characters, searching
// for each character with memchr and remembering where each occurs next.
//
//   CharScanner marks(text, ",.");
//   for (std::size_t at = marks.Next(0); at != std::string_view::npos; at = marks.Next(at + 1))
class CharScanner {
 public:
  CharScanner(std::string_view text, std::string_view chars);

  // The first position at or after `from` holding one of the characters, or npos. Calls must
  // not go backwards.
  std::size_t Next(std::size_t from);

 private:
  std::string_view text_;
  std::string_view chars_;
  std::array<std::size_t, 4> next_{};
};

// Every occurrence of `from` (non-overlapping, left to right) replaced by `to`, as Python's
// str.replace does; `from` must not be empty.
std::string ReplaceAll(std::string_view text, std::string_view from, std::string_view to);

// The number of non-overlapping occurrences of `part` in `text` (Python's str.count).
std::size_t CountOccurrences(std::string_view text, std::string_view part);

// Turns \r\n and lone \r into \n.
std::string NormaliseNewlines(std::string_view text);

// Removes zero-width characters (U+180E, U+200B, U+200C, U+200D, U+2060, U+FEFF).
std::string RemoveObscureWhitespace(std::string_view text);

// GC Notify's normalise_whitespace: obscure whitespace removed, then every run of whitespace
// becomes one space and the ends are trimmed.
std::string CollapseWhitespace(std::string_view text);

}  // namespace missive::render_internal
