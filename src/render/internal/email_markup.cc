#include "render/internal/email_markup.h"

#include <array>
#include <utility>

#include "render/internal/text.h"

namespace missive::render_internal {
namespace {

constexpr std::string_view kLinkStart =
    "<a style=\"color: #1A5A96; text-decoration: underline; word-wrap: break-word;\" href=\"";

constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kStyledTags = {{
    {kParagraphTag,
     "<p style=\"margin: 0 0 20px 0; font-size: 18px; line-height: 27px; color: #1B1B1B;\">"},
    {kHeading2Tag,
     "<h2 style=\"margin: 0 0 20px 0; font-size: 26px; line-height: 32px; font-weight: bold; "
     "color: #1B1B1B;\">"},
    {kHeading3Tag,
     "<h3 style=\"margin: 0 0 15px 0; font-size: 22px; line-height: 28px; font-weight: bold; "
     "color: #1B1B1B;\">"},
    {kRuleTag,
     "<hr style=\"border: 0; border-top: 1px solid #B1B4B6; height: 0; margin: 30px 0;\">"},
    {kInsetTag,
     "<blockquote style=\"margin: 0 0 20px 0; padding: 15px 0 1px 15px; "
     "border-left: 8px solid #B1B4B6; color: #1B1B1B;\">"},
    {kListTag,
     "<ul style=\"margin: 0 0 20px 0; padding: 0 0 0 25px; font-size: 18px; line-height: 27px; "
     "color: #1B1B1B; list-style-type: disc;\">"},
    {kOrderedListTag,
     "<ol style=\"margin: 0 0 20px 0; padding: 0 0 0 25px; font-size: 18px; line-height: 27px; "
     "color: #1B1B1B; list-style-type: decimal;\">"},
    {kNestedListTag,
     "<ul style=\"margin: 5px 0 0 0; padding: 0 0 0 25px; list-style-type: disc;\">"},
    {kNestedOrderedListTag,
     "<ol style=\"margin: 5px 0 0 0; padding: 0 0 0 25px; list-style-type: decimal;\">"},
    {kListItemTag, "<li style=\"margin: 0 0 5px 0;\">"},
}};

// Block elements after which a line break is written (closing tags; opening tags of containers
// and of empty elements).
constexpr std::array<std::string_view, 8> kBreakAfterClosing = {"p",  "h2", "h3",         "li",
                                                                "ul", "ol", "blockquote", "div"};
constexpr std::array<std::string_view, 6> kBreakAfterOpening = {"ul",  "ol", "blockquote",
                                                                "div", "hr", "br"};

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::string_view candidate : names) {
    if (candidate == name) return true;
  }
  return false;
}

void AppendStyled(std::string& out, std::string_view tag) {
  if (tag.substr(0, kLinkTagStart.size()) == kLinkTagStart) {
    out += kLinkStart;
    out += tag.substr(kLinkTagStart.size());
    return;
  }
  for (const auto& [compact, styled] : kStyledTags) {
    if (tag == compact) {
      out += styled;
      return;
    }
  }
  out += tag;
}

bool BreaksAfter(std::string_view tag) {
  bool closing = tag.size() > 1 && tag[1] == '/';
  std::size_t start = closing ? 2 : 1;
  std::size_t end = FindFirstOf(tag, " />", start);
  std::string_view name = tag.substr(start, end - start);
  return closing ? Contains(kBreakAfterClosing, name) : Contains(kBreakAfterOpening, name);
}

}  // namespace

std::string StyleHtmlBody(std::string_view compact) {
  std::string out;
  out.reserve(compact.size() * 3);
  std::size_t pos = 0;
  for (std::size_t open = compact.find('<'); open != compact.npos; open = compact.find('<', pos)) {
    std::size_t close = compact.find('>', open);
    if (close == compact.npos) break;
    out.append(compact, pos, open - pos);
    std::string_view tag = compact.substr(open, close + 1 - open);
    AppendStyled(out, tag);
    pos = close + 1;
    if (BreaksAfter(tag) && (pos >= compact.size() || compact[pos] != '\n')) out += '\n';
  }
  out.append(compact, pos);
  return out;
}

}  // namespace missive::render_internal
