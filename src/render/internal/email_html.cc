#include "render/internal/email_html.h"

#include <vector>

namespace missive::render_internal {
namespace {

constexpr std::string_view kBodyStyle =
    "margin: 0; padding: 20px; font-family: Helvetica, Arial, sans-serif; font-size: 19px; "
    "line-height: 25px; color: #0B0C0C;";
constexpr std::string_view kParagraphStyle = "margin: 0 0 20px 0;";

std::string_view TrimSpacesAndTabs(std::string_view line) {
  std::size_t first = line.find_first_not_of(" \t");
  if (first == line.npos) return {};
  std::size_t last = line.find_last_not_of(" \t");
  return line.substr(first, last - first + 1);
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t end = text.find('\n'); end != text.npos; end = text.find('\n', start)) {
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  lines.push_back(text.substr(start));
  return lines;
}

void AppendParagraph(std::string& out, const std::vector<std::string_view>& lines) {
  out += "<p style=\"";
  out += kParagraphStyle;
  out += "\">";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "<br>\n";
    out += lines[i];
  }
  out += "</p>\n";
}

bool IsUsableLang(std::string_view lang) {
  if (lang.empty() || lang.size() > 35) return false;
  for (char c : lang) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && c != '-') return false;
  }
  return true;
}

}  // namespace

std::string BodyParagraphsHtml(std::string_view escaped_text) {
  std::string out;
  std::vector<std::string_view> paragraph;
  for (std::string_view line : SplitLines(escaped_text)) {
    std::string_view trimmed = TrimSpacesAndTabs(line);
    if (!trimmed.empty()) {
      paragraph.push_back(trimmed);
      continue;
    }
    if (!paragraph.empty()) AppendParagraph(out, paragraph);
    paragraph.clear();
  }
  if (!paragraph.empty()) AppendParagraph(out, paragraph);
  return out;
}

std::string HtmlDocument(std::string_view lang, std::string_view escaped_title,
                         std::string_view body_html) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"";
  out += IsUsableLang(lang) ? lang : "en";
  out +=
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  out += escaped_title;
  out += "</title>\n</head>\n<body style=\"";
  out += kBodyStyle;
  out += "\">\n";
  out += body_html;
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace missive::render_internal
