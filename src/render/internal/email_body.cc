#include "render/internal/email_body.h"

#include <optional>

#include "render/internal/email_markup.h"
#include "render/internal/html_escape.h"
#include "render/internal/markdown.h"
#include "render/internal/markdown_renderers.h"
#include "render/internal/text.h"
#include "render/internal/typography.h"

namespace missive::render_internal {
namespace {

constexpr std::size_t kPreheaderLength = 256;
constexpr std::string_view kLineSeparator = "\u2028";
constexpr std::string_view kZeroWidthSpace = "\u200B";

// A pair of block markers, what each becomes in the HTML, and what hides it from the markdown
// renderer in the meantime (a fenced code block, which renders as its text).
struct Marker {
  std::string_view open;
  std::string_view close;
  std::string_view open_html;
  std::string_view close_html;
  std::string_view open_fenced;
  std::string_view close_fenced;
};

constexpr Marker kFrench = {"[[fr]]",
                            "[[/fr]]",
                            "<div lang=\"fr-ca\">",
                            "</div>",
                            "\n```\n[[fr]]\n```\n",
                            "\n```\n[[/fr]]\n```\n"};
constexpr Marker kEnglish = {"[[en]]",
                             "[[/en]]",
                             "<div lang=\"en-ca\">",
                             "</div>",
                             "```\n[[en]]\n```\n",
                             "\n```\n[[/en]]\n```\n"};
constexpr Marker kRightToLeft = {"[[rtl]]",
                                 "[[/rtl]]",
                                 "<div dir=\"rtl\">",
                                 "</div>",
                                 "\n```\n[[rtl]]\n```\n",
                                 "\n```\n[[/rtl]]\n```\n"};

bool Balanced(std::string_view text, const Marker& marker) {
  return CountOccurrences(text, marker.open) == CountOccurrences(text, marker.close);
}

bool LanguagesBalanced(std::string_view text) {
  return Balanced(text, kEnglish) && Balanced(text, kFrench);
}

std::string ReplaceMarkers(std::string text, const Marker& marker, bool html) {
  text = ReplaceAll(text, marker.open, html ? marker.open_html : marker.open_fenced);
  return ReplaceAll(text, marker.close, html ? marker.close_html : marker.close_fenced);
}

// GC Notify's steps before markdown: GOV.UK guard, U+2028 dropped, a trailing newline.
std::string PrepareBody(std::string_view body) {
  std::string text = ReplaceAll(UnlinkGovUk(body), kLineSeparator, "");
  text += '\n';
  return text;
}

std::string HideMarkers(std::string text) {
  if (LanguagesBalanced(text)) {
    text = ReplaceMarkers(std::move(text), kFrench, false);
    text = ReplaceMarkers(std::move(text), kEnglish, false);
  }
  if (Balanced(text, kRightToLeft)) text = ReplaceMarkers(std::move(text), kRightToLeft, false);
  return text;
}

std::string MarkersToHtml(std::string html) {
  if (LanguagesBalanced(html)) {
    html = ReplaceMarkers(std::move(html), kFrench, true);
    html = ReplaceMarkers(std::move(html), kEnglish, true);
  }
  if (Balanced(html, kRightToLeft)) html = ReplaceMarkers(std::move(html), kRightToLeft, true);
  return html;
}

std::string RemoveMarkers(std::string text) {
  for (const Marker* marker : {&kFrench, &kEnglish, &kRightToLeft}) {
    text = ReplaceAll(ReplaceAll(text, marker->open, ""), marker->close, "");
  }
  return text;
}

// Python's " ".join(text.split()).
std::string JoinWords(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    if (std::size_t space = PythonSpaceAt(text, pos)) {
      pos += space;
      continue;
    }
    std::size_t end = pos;
    while (end < text.size() && PythonSpaceAt(text, end) == 0) ++end;  // bytes: see PythonSpaceAt
    if (!out.empty()) out += ' ';
    out.append(text, pos, end - pos);
    pos = end;
  }
  return out;
}

std::string_view FirstCodePoints(std::string_view text, std::size_t count) {
  std::size_t pos = 0;
  for (; count > 0 && pos < text.size(); --count) pos += DecodeUtf8(text, pos).length;
  return text.substr(0, pos);
}

bool EqualsIgnoringAsciiCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

std::string Preheader(std::string rendered) {
  std::string words = JoinWords(NiceTypography(RemoveMarkers(std::move(rendered))));
  return std::string(StripPythonSpace(FirstCodePoints(words, kPreheaderLength)));
}

}  // namespace

std::string UnlinkGovUk(std::string_view text) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t dot = text.find('.', 3); dot != text.npos; dot = text.find('.', dot + 1)) {
    std::size_t at = dot - 3;
    if (at < copied || !EqualsIgnoringAsciiCase(text.substr(at, 6), "gov.uk")) continue;
    bool after_name = at > 0 && (text[at - 1] == '.' || text[at - 1] == '/');
    bool before_path = at + 6 < text.size() && (text[at + 6] == '/' || text[at + 6] == '?');
    if (after_name || before_path) continue;
    out.append(text, copied, dot + 1 - copied);
    out += kZeroWidthSpace;
    copied = dot + 1;
  }
  out.append(text, copied);
  return out;
}

EmailHtmlParts RenderEmailHtml(std::string_view escaped_body) {
  std::string prepared = PrepareBody(escaped_body);
  std::string hidden = HideMarkers(prepared);
  MarkdownDocument document(hidden);
  EmailHtmlRenderer html_renderer;
  std::string html = document.Render(html_renderer);

  // The preheader reads the body without hidden markers: the same document when it has none.
  std::optional<MarkdownDocument> unhidden;
  if (hidden != prepared) unhidden.emplace(prepared);
  PreheaderRenderer preheader_renderer;
  std::string text = (unhidden ? *unhidden : document).Render(preheader_renderer);

  EmailHtmlParts parts;
  parts.body = StyleHtmlBody(NiceTypography(MarkersToHtml(std::move(html))));
  parts.preheader = Preheader(std::move(text));
  return parts;
}

std::string EmailPlainText(std::string_view body) {
  PlainTextRenderer renderer;
  std::string text = RenderMarkdown(PrepareBody(body), renderer);
  std::string unescaped = UnescapeHtml(NiceTypography(std::move(text)));
  std::string out(LstripPythonSpace(unescaped));
  out += '\n';
  return out;
}

}  // namespace missive::render_internal
