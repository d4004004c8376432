#pragma once
// URL handling for links in email HTML, as GC Notify does it: percent-decoding and re-encoding
// with Python's urllib rules, and the check that keeps only http, https, mailto and tel links.
// Private to src/render. Thread-safe, pure.
//
//   std::string href = PercentQuote(PercentUnquote(url), kLinkSafeCharacters);
//   if (!HasAllowedScheme("javascript:alert(1)")) href = "#";
//   PercentQuote("a b/é", "/");  // "a%20b/%C3%A9"

#include <string>
#include <string_view>

namespace missive::render_internal {

// Characters left as they are in a markdown link's href (besides letters, digits and `_.-~`).
inline constexpr std::string_view kLinkSafeCharacters = ":/?#[]@!$&'()*+,;=~";
// Characters left as they are in a bare URL's href.
inline constexpr std::string_view kAutolinkSafeCharacters = ":/?#=&;";

// Python's urllib.parse.unquote: `%XX` sequences in runs of ASCII decode to bytes, each run is
// read as UTF-8 with U+FFFD for what is not valid, and other characters stay as they are.
std::string PercentUnquote(std::string_view text);

// Python's urllib.parse.quote(text, safe): every byte of the UTF-8 text other than ASCII letters,
// digits, `_.-~` and the characters in `safe` becomes `%XX` (upper-case hex).
std::string PercentQuote(std::string_view text, std::string_view safe);

// False when `url` is empty, or when (ignoring whitespace, control and zero-width characters) it
// starts with a scheme other than http, https, mailto or tel. A URL without a scheme is allowed.
bool HasAllowedScheme(std::string_view url);

}  // namespace missive::render_internal
