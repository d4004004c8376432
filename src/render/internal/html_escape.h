#pragma once
// HTML escaping as GC Notify's libraries do it, and unescaping as Python does. GC Notify escapes
// template text and personalisation with bleach (which keeps character references such as
// `&eacute;`), its markdown renderer escapes text again with mistune (which keeps anything shaped
// like a reference), and its plain-text part is decoded at the end with Python's html.unescape.
// Private to src/render. Thread-safe, pure.
// Known gap: only the 259 named references of HTML 4 plus those HTML 5 accepts without a
// semicolon are known; any other name (`&Backslash;`) is escaped or left as written.
//
//   EscapeKeepingReferences("AT&T &eacute; <b>");   // "AT&amp;T &eacute; &lt;b&gt;"
//   AppendMarkdownEscaped(out, "a & b &c; <");        // out += "a &amp; b &c; &lt;"
//   UnescapeHtml("&eacute;t&eacute; &amp; co");      // "été & co"

#include <string>
#include <string_view>

namespace missive::render_internal {

// GC Notify's escaping of template text and values (bleach): `<` and `>` become references and
// `&` becomes `&amp;` unless it starts a named reference (`&eacute;`, or any start of a known
// name) or a numeric one (`&#233;`, `&#xE9;`), which is kept as written. Like bleach, it also
// reads \r\n and \r as \n, drops NUL and writes other control characters but tab and line
// feed as `?`.
std::string EscapeKeepingReferences(std::string_view text);

// Only the `&`s that EscapeKeepingReferences would escape become `&amp;`; nothing else changes.
void AppendBareAmpersandsEscaped(std::string& out, std::string_view text);

// mistune's escaping of text: `&` becomes `&amp;` unless followed by `#`, word characters and `;`;
// `<` and `>` become references.
void AppendMarkdownEscaped(std::string& out, std::string_view text);

// Escaping of text: `&`, `<` and `>`, and with `quotes` also `"` (for a double-quoted attribute
// value).
void AppendHtmlEscaped(std::string& out, std::string_view text, bool quotes);

// Escaping for a double-quoted attribute value: `&`, `<`, `>` and `"`.
inline void AppendAttributeEscaped(std::string& out, std::string_view text) {
  AppendHtmlEscaped(out, text, true);
}

// Python's html.escape(text, quote=True): `&`, `<`, `>`, `"` and `'` (as `&#x27;`).
std::string EscapeAll(std::string_view text);

// Python's html.unescape: numeric references (with the HTML 5 replacements for invalid ones) and
// named references, including the longest legacy name without a semicolon (`&copy2` is "©2").
std::string UnescapeHtml(std::string_view text);

}  // namespace missive::render_internal
