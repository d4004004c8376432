#include "render/internal/markdown_renderers.h"

#include "render/internal/email_markup.h"
#include "render/internal/html_escape.h"
#include "render/internal/text.h"
#include "render/internal/url.h"

namespace missive::render_internal {
namespace {

// GC Notify's plain-text column width, for heading underlines and rules.
constexpr std::size_t kColumnWidth = 65;
// What GC Notify marks list items with until the list numbers them: kept, so that text holding
// the same characters behaves as it does there.
constexpr std::string_view kItemMark = "\U0001F1EC\U0001F1E7\U0001F426\u2709\uFE0F";

// `href` is percent-encoded, so it holds no quote or angle bracket, and its `&`s come from text
// that is HTML-escaped already.
void AppendLinkOpen(std::string& out, std::string_view href) {
  out += kLinkTagStart;
  out += href;
  out += '"';
}

// A link target for the plain text, which is unescaped at the end. GC Notify unescapes the URL
// too, and Python's unescaping reads legacy names without a semicolon, so `?a=1&para=2` would
// become `?a=1¶=2`. Only the references the HTML part's escaping keeps (`&amp;`) are decoded
// here, so the plain-text URL is the one the HTML part links to.
void AppendProtectedUrl(std::string& out, std::string_view url) {
  AppendBareAmpersandsEscaped(out, url);
}

void AppendWrapped(std::string& out, std::string_view open, std::string_view text,
                   std::string_view close) {
  out += open;
  out += text;
  out += close;
}

}  // namespace

void EmailHtmlRenderer::Text(std::string& out, std::string_view text) {
  AppendMarkdownEscaped(out, text);
}

void EmailHtmlRenderer::Autolink(std::string& out, std::string_view link, bool is_email) {
  if (is_email) {
    out += link;
    return;
  }
  AppendLinkOpen(out, PercentQuote(PercentUnquote(link), kAutolinkSafeCharacters));
  out += '>';
  AppendWrapped(out, "", link, "</a>");
}

void EmailHtmlRenderer::Link(std::string& out, std::string_view link,
                             std::optional<std::string_view> title, std::string_view text) {
  std::string_view target = HasAllowedScheme(link) ? link : "#";
  AppendLinkOpen(out, PercentQuote(PercentUnquote(target), kLinkSafeCharacters));
  if (title && !title->empty()) {
    out += " title=\"";
    out += EscapeAll(*title);
    out += '"';
  }
  out += '>';
  AppendWrapped(out, "", text, "</a>");
}

void EmailHtmlRenderer::DoubleEmphasis(std::string& out, std::string_view text) {
  AppendWrapped(out, "<strong>", text, "</strong>");
}

void EmailHtmlRenderer::Emphasis(std::string& out, std::string_view text) {
  AppendWrapped(out, "<em>", text, "</em>");
}

void EmailHtmlRenderer::Linebreak(std::string& out) { out += "<br />"; }

void EmailHtmlRenderer::Paragraph(std::string& out, std::string_view text) {
  if (!StripPythonSpace(text).empty()) AppendWrapped(out, kParagraphTag, text, "</p>");
}

void EmailHtmlRenderer::Header(std::string& out, std::string_view text, int level) {
  if (level == 1) {
    AppendWrapped(out, kHeading2Tag, text, "</h2>");
  } else if (level == 2) {
    AppendWrapped(out, kHeading3Tag, text, "</h3>");
  } else {
    Paragraph(out, text);
  }
}

void EmailHtmlRenderer::Hrule(std::string& out) { out += kRuleTag; }

void EmailHtmlRenderer::BlockQuote(std::string& out, std::string_view body) {
  AppendWrapped(out, kInsetTag, body, "</blockquote>");
}

void EmailHtmlRenderer::List(std::string& out, std::string_view body, bool ordered, bool nested) {
  std::string_view open = ordered ? (nested ? kNestedOrderedListTag : kOrderedListTag)
                                  : (nested ? kNestedListTag : kListTag);
  AppendWrapped(out, open, body, ordered ? "</ol>" : "</ul>");
}

void EmailHtmlRenderer::ListItem(std::string& out, std::string_view text) {
  AppendWrapped(out, kListItemTag, StripPythonSpace(text), "</li>");
}

void PlainTextRenderer::Text(std::string& out, std::string_view text) {
  AppendMarkdownEscaped(out, text);
}

void PlainTextRenderer::Autolink(std::string& out, std::string_view link, bool is_email) {
  AppendProtectedUrl(out, link);
}

void PlainTextRenderer::Link(std::string& out, std::string_view link,
                             std::optional<std::string_view> title, std::string_view text) {
  out += text;
  if (title && !title->empty()) AppendWrapped(out, " (", *title, ")");
  out += ": ";
  AppendProtectedUrl(out, link);
}

void PlainTextRenderer::DoubleEmphasis(std::string& out, std::string_view text) {
  AppendWrapped(out, "**", text, "**");
}

void PlainTextRenderer::Emphasis(std::string& out, std::string_view text) {
  AppendWrapped(out, "_", text, "_");
}

void PlainTextRenderer::Linebreak(std::string& out) { out += '\n'; }

void PlainTextRenderer::Paragraph(std::string& out, std::string_view text) {
  if (!StripPythonSpace(text).empty()) AppendWrapped(out, "\n\n", text, "");
}

void PlainTextRenderer::Header(std::string& out, std::string_view text, int level) {
  if (level > 2) {
    Paragraph(out, text);
    return;
  }
  out += level == 1 ? "\n\n\n" : "\n\n";
  AppendWrapped(out, "", text, "\n");
  out.append(kColumnWidth, '-');
}

void PlainTextRenderer::Hrule(std::string& out) { Paragraph(out, std::string(kColumnWidth, '=')); }

void PlainTextRenderer::BlockQuote(std::string& out, std::string_view body) { out += body; }

void PlainTextRenderer::List(std::string& out, std::string_view body, bool ordered, bool nested) {
  out += '\n';
  int number = 0;
  std::size_t pos = 0;
  for (std::size_t mark = body.find(kItemMark); mark != body.npos;
       mark = body.find(kItemMark, pos)) {
    out += body.substr(pos, mark - pos);
    out += ordered ? std::to_string(++number) + "." : "\u2022";
    pos = mark + kItemMark.size();
  }
  out += body.substr(pos);
}

void PlainTextRenderer::ListItem(std::string& out, std::string_view text) {
  out += '\n';
  AppendWrapped(out, kItemMark, " ", StripPythonSpace(text));
}

void PreheaderRenderer::Autolink(std::string& out, std::string_view link, bool is_email) {
  out += link;
}

void PreheaderRenderer::Link(std::string& out, std::string_view link,
                             std::optional<std::string_view> title, std::string_view text) {
  out += text;
  if (title && !title->empty()) AppendWrapped(out, " (", *title, ")");
}

void PreheaderRenderer::Header(std::string& out, std::string_view text, int level) {
  Paragraph(out, text);
}

void PreheaderRenderer::Hrule(std::string& out) {}

}  // namespace missive::render_internal
