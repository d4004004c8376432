#pragma once
// GC Notify's typography, applied to the rendered body (HTML and plain text), the preheader and
// the subject: spaces and tabs before `,` and `.` removed; straight quotes made curly by
// SmartyPants' rules, in text only (not in HTML tags, and not inside links, code or pre); curly
// apostrophes put back to straight ones in anything shaped like an e-mail address; and a hyphen
// or dash (one to three of them) between whitespace replaced by a spaced en dash. Each rule is
// applied to the whole text, as GC Notify does, so HTML passed in must keep these characters out
// of its tags. Private to src/render. Thread-safe, pure.
//
//   NiceTypography("Jo's \"quote\" -- here .");   // "Jo’s “quote” – here."
//   NiceTypography("<a href=\"x\">'a'</a> 'b'");  // "<a href=\"x\">'a'</a> ‘b’"

#include <string>
#include <string_view>

namespace missive::render_internal {

std::string NiceTypography(std::string text);

// The steps, in the order NiceTypography applies them. Each returns `text` itself (moved) when
// it has nothing to change.
std::string RemoveSpaceBeforePunctuation(std::string text);
std::string SmartenQuotes(std::string text);
std::string StraightenQuotesInEmailAddresses(std::string text);
std::string ReplaceSpacedHyphens(std::string text);

}  // namespace missive::render_internal
