#include "render/internal/email_html.h"

#include "render/internal/html_escape.h"
#include "render/internal/text.h"

namespace missive::render_internal {
namespace {

constexpr std::string_view kFontStack = "font-family: Helvetica, Arial, sans-serif;";
constexpr std::string_view kTableAttributes =
    "role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"";
constexpr std::string_view kImageStyle =
    "display: block; border: 0; max-width: 100%; height: auto;";
// GC Notify shows "…" after the preheader.
constexpr std::string_view kPreheaderEnd = "\u2026";

bool IsUsableLang(std::string_view lang) {
  if (lang.empty() || lang.size() > 35) return false;
  for (char c : lang) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && c != '-') return false;
  }
  return true;
}

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool IsWebUrl(std::string_view url) {
  return StartsWithIgnoringCase(url, "https://") || StartsWithIgnoringCase(url, "http://");
}

void AppendImage(std::string& out, std::string_view src, std::string_view alt,
                 std::string_view lang, std::string_view size) {
  out += "<img src=\"";
  AppendAttributeEscaped(out, src);
  out += "\" alt=\"";
  AppendAttributeEscaped(out, alt);
  out += '"';
  if (!lang.empty()) {
    out += " lang=\"";
    out += lang;
    out += '"';
  }
  out += size;
  out += " style=\"";
  out += kImageStyle;
  out += "\">";
}

// The signature images are 520 by 80 pixels, shown at 286 wide.
void AppendSignature(std::string& out, const EmailBranding& branding, bool french) {
  std::string_view base = branding.public_base_url;
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  std::string src =
      std::string(base) + (french ? "/assets/gc-logo-fr.png" : "/assets/gc-logo-en.png");
  AppendImage(out, src, french ? "Gouvernement du Canada" : "Government of Canada",
              french ? "fr" : "en", " width=\"286\" height=\"44\"");
}

// The banner row, or nothing.
void AppendBanner(std::string& out, const EmailBranding& branding) {
  bool custom = branding.kind == BrandingKind::kCustomLogo;
  if (branding.kind == BrandingKind::kNone || (custom && !IsWebUrl(branding.logo_url))) return;
  out += "<tr>\n<td style=\"padding: 0 0 30px 0;\">";
  if (custom) {
    AppendImage(out, branding.logo_url, branding.logo_alt_text, "", "");
  } else {
    AppendSignature(out, branding, branding.kind == BrandingKind::kGovernmentOfCanadaFrench);
  }
  out += "</td>\n</tr>\n";
}

void AppendHead(std::string& out, std::string_view lang, std::string_view subject) {
  out += "<!DOCTYPE html>\n<html lang=\"";
  out += lang;
  out +=
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"format-detection\" content=\"telephone=no\">\n<title>";
  out += EscapeHtml(subject);
  out += "</title>\n</head>\n";
}

void AppendPreheader(std::string& out, std::string_view preheader) {
  out +=
      "<div style=\"display: none; max-height: 0; overflow: hidden; font-size: 1px; "
      "line-height: 1px; color: #FFFFFF;\" aria-hidden=\"true\">";
  out += preheader;
  out += kPreheaderEnd;
  out += "</div>\n";
}

void AppendColumnOpen(std::string& out, std::string_view lang, std::string_view subject) {
  out += "<div role=\"article\" aria-roledescription=\"email\" aria-label=\"";
  AppendAttributeEscaped(out, subject);
  out += "\" lang=\"";
  out += lang;
  out += "\">\n<table ";
  out += kTableAttributes;
  out += " style=\"border-collapse: collapse;\">\n<tr>\n<td align=\"center\" ";
  out += "style=\"padding: 20px 10px;\">\n<table ";
  out += kTableAttributes;
  out += " style=\"border-collapse: collapse; max-width: 580px;\">\n";
}

void AppendBody(std::string& out, std::string_view body_html) {
  out += "<tr>\n<td style=\"";
  out += kFontStack;
  out += " font-size: 18px; line-height: 27px; color: #1B1B1B; text-align: left;\">\n";
  out += body_html;
  out += "</td>\n</tr>\n";
}

}  // namespace

std::string HtmlDocument(const EmailDocumentParts& parts, const EmailBranding& branding) {
  std::string_view lang = IsUsableLang(parts.lang) ? parts.lang : "en";
  std::string out;
  out.reserve(parts.body_html.size() + parts.preheader.size() + 2048);
  AppendHead(out, lang, parts.subject);
  out += "<body style=\"margin: 0; padding: 0; background-color: #FFFFFF;\">\n";
  AppendPreheader(out, parts.preheader);
  AppendColumnOpen(out, lang, parts.subject);
  AppendBanner(out, branding);
  AppendBody(out, parts.body_html);
  out += "</table>\n</td>\n</tr>\n</table>\n</div>\n</body>\n</html>\n";
  return out;
}

}  // namespace missive::render_internal
