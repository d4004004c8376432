#include "render/email.h"

#include "render/internal/email_html.h"
#include "render/internal/text.h"
#include "render/placeholders.h"

namespace missive {
namespace {

using render_internal::CollapseWhitespace;
using render_internal::NormaliseNewlines;

constexpr FillOptions kPlain{ValueStyle::kEmail, false};
constexpr FillOptions kEscaped{ValueStyle::kEmail, true};

// GC Notify drops U+2028 LINE SEPARATOR from email bodies.
std::string RemoveLineSeparators(std::string text) {
  constexpr std::string_view kLineSeparator = "\xE2\x80\xA8";
  for (auto at = text.find(kLineSeparator); at != text.npos; at = text.find(kLineSeparator, at)) {
    text.erase(at, kLineSeparator.size());
  }
  return text;
}

// Strips whitespace at the start and replaces whitespace at the end by one newline.
std::string PlainTextLayout(std::string_view text) {
  constexpr std::string_view kWhitespace = " \t\n\v\f";
  std::size_t first = text.find_first_not_of(kWhitespace);
  if (first == text.npos) return "\n";
  std::size_t last = text.find_last_not_of(kWhitespace);
  return std::string(text.substr(first, last - first + 1)) + "\n";
}

std::string PlainText(std::string_view filled_body) {
  return PlainTextLayout(RemoveLineSeparators(NormaliseNewlines(filled_body)));
}

std::string HtmlBody(std::string_view body, const nlohmann::json& values) {
  std::string escaped = FillPlaceholders(body, values, kEscaped);
  return render_internal::BodyParagraphsHtml(RemoveLineSeparators(NormaliseNewlines(escaped)));
}

}  // namespace

RenderedEmail RenderEmail(const EmailContent& content, const nlohmann::json& values,
                          std::string_view lang) {
  RenderedEmail email;
  email.subject = CollapseWhitespace(FillPlaceholders(content.subject, values, kPlain));
  email.api_subject = CollapseWhitespace(FillPlaceholders(content.subject, values, kEscaped));
  email.api_body = FillPlaceholders(content.body, values, kPlain);
  email.text = PlainText(email.api_body);
  std::string title = render_internal::EscapeHtml(email.subject);
  email.html = render_internal::HtmlDocument(lang, title, HtmlBody(content.body, values));
  return email;
}

}  // namespace missive
