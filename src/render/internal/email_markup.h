#pragma once
// The markup of an email's HTML body. The renderer writes compact tags (`<p _ _>`), and the body
// goes through GC Notify's typography in that form; then StyleHtmlBody gives each tag its inline
// style. Typography thus reads only text and short tags (it runs over the whole body, as in
// GC Notify), while the compact tags keep what its rules depend on in GC Notify's own markup:
// the same element boundaries, and more than one space inside each tag that has attributes (the
// rule for e-mail addresses works on runs between spaces). Private to src/render. Thread-safe.
//
//   std::string compact = std::string(kParagraphTag) + "Hello</p>";  // "<p _ _>Hello</p>"
//   std::string html = StyleHtmlBody(NiceTypography(compact));
//   // "<p style=\"margin: 0 0 20px 0; ...\">Hello</p>\n"

#include <string>
#include <string_view>

namespace missive::render_internal {

inline constexpr std::string_view kParagraphTag = "<p _ _>";
inline constexpr std::string_view kHeading2Tag = "<h2 _ _>";
inline constexpr std::string_view kHeading3Tag = "<h3 _ _>";
inline constexpr std::string_view kRuleTag = "<hr _ _>";
inline constexpr std::string_view kInsetTag = "<blockquote _ _>";
inline constexpr std::string_view kListTag = "<ul _ _>";
inline constexpr std::string_view kOrderedListTag = "<ol _ _>";
inline constexpr std::string_view kNestedListTag = "<ul _ nested>";
inline constexpr std::string_view kNestedOrderedListTag = "<ol _ nested>";
inline constexpr std::string_view kListItemTag = "<li _ _>";
// A link is written `<a _ _ href="...">` (and ` title="..."` may follow the href).
inline constexpr std::string_view kLinkTagStart = "<a _ _ href=\"";

// The body with each compact tag replaced by the styled element, and a line break after each
// block element. `<` in `compact` only ever starts a tag (text arrives HTML-escaped).
std::string StyleHtmlBody(std::string_view compact);

}  // namespace missive::render_internal
