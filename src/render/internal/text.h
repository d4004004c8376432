#pragma once
// Text helpers shared by the render module: UTF-8 decoding, Python's idea of whitespace and
// lower case, HTML escaping and newline handling. Private to src/render. Thread-safe, no state
// beyond a C.UTF-8 locale opened once.
//
//   std::string key = render_internal::LowerCase("Prénom ÉCOLE");  // "prénom école"
//   std::string safe = render_internal::EscapeHtml("<b>&</b>");    // "&lt;b&gt;&amp;&lt;/b&gt;"
//   std::string line = render_internal::CollapseWhitespace(" a \n b ");  // "a b"

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

// Lower-cases every code point with the C library's Unicode tables. Known gap: this is the
// simple one-to-one mapping, so the rare characters Python lower-cases to two code points
// (U+0130) differ.
std::string LowerCase(std::string_view text);

// Replaces &, < and > with character references.
std::string EscapeHtml(std::string_view text);

// Turns \r\n and lone \r into \n.
std::string NormaliseNewlines(std::string_view text);

// Removes zero-width characters (U+180E, U+200B, U+200C, U+200D, U+2060, U+FEFF).
std::string RemoveObscureWhitespace(std::string_view text);

// GC Notify's normalise_whitespace: obscure whitespace removed, then every run of whitespace
// becomes one space and the ends are trimmed.
std::string CollapseWhitespace(std::string_view text);

}  // namespace missive::render_internal
