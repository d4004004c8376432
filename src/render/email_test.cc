#include "render/email.h"

#include <gtest/gtest.h>

#include <string>

namespace missive {
namespace {

using nlohmann::json;

const std::string kParagraph =
    "<p style=\"margin: 0 0 20px 0; font-size: 18px; line-height: 27px; color: #1B1B1B;\">";
const std::string kImageStyle =
    " style=\"display: block; border: 0; max-width: 100%; height: auto;\">";

std::string Paragraph(const std::string& inner) { return kParagraph + inner + "</p>\n"; }

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

EmailBranding Branding(BrandingKind kind, std::string public_base_url, std::string logo_url = "",
                       std::string logo_alt_text = "") {
  EmailBranding branding;
  branding.kind = kind;
  branding.public_base_url = std::move(public_base_url);
  branding.logo_url = std::move(logo_url);
  branding.logo_alt_text = std::move(logo_alt_text);
  return branding;
}

std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(RenderEmailForApi, MatchesTheFullRendering) {
  EmailContent content{"Re: ((name)) & co", "# Title\r\n\r\nHi ((name)) <b>"};
  nlohmann::json values = {{"name", "Zoé & \"Ali\""}};
  RenderedEmail full = RenderEmail(content, values);
  ApiEmailContent api = RenderEmailForApi(content, values);
  EXPECT_EQ(api.api_subject, full.api_subject);
  EXPECT_EQ(api.api_body, full.api_body);
}

TEST(RenderEmail, ApiBodyKeepsCrlf) {
  RenderedEmail email = RenderEmail({"Hi", "Hi ((name)),\r\n\r\nLine two"}, {{"name", "Jo"}});
  EXPECT_EQ(email.api_body, "Hi Jo,\r\n\r\nLine two");
}

TEST(RenderEmail, TextNormalisesCrlfAndEndsWithOneNewline) {
  RenderedEmail email = RenderEmail(
      {"Hi", "\r\n  Hi ((name)),\r\n\r\nLine two\rLine three\r\n\r\n"}, {{"name", "Jo"}});
  EXPECT_EQ(email.text, "Hi Jo,\n\nLine two\nLine three\n");
}

TEST(RenderEmail, ScriptInValueIsEscapedInHtmlOnly) {
  json values = {{"name", "<script>alert(1)</script>"}};
  RenderedEmail email = RenderEmail({"Hi ((name))", "Hello ((name)) & co"}, values);
  EXPECT_EQ(email.html_body, Paragraph("Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
  EXPECT_FALSE(Contains(email.html, "<script>"));
  EXPECT_EQ(email.api_body, "Hello <script>alert(1)</script> & co");
  EXPECT_EQ(email.text, "Hello <script>alert(1)</script> & co\n");
  EXPECT_EQ(email.subject, "Hi <script>alert(1)</script>");
  EXPECT_TRUE(Contains(email.html, "<title>Hi &lt;script&gt;alert(1)&lt;/script&gt;</title>"));
}

TEST(RenderEmail, ConditionalTextShownOrRemoved) {
  EmailContent content{"S", "Hello\n\n((late??Your payment is late.))"};
  EXPECT_EQ(RenderEmail(content, {{"late", "yes"}}).text, "Hello\n\nYour payment is late.\n");
  EXPECT_EQ(RenderEmail(content, {{"late", "no"}}).text, "Hello\n");
}

TEST(RenderEmail, UnsatisfiedPlaceholdersStayAsWritten) {
  RenderedEmail email = RenderEmail({"Hi ((name))", "Code: ((code))"}, json::object());
  EXPECT_EQ(email.subject, "Hi ((name))");
  EXPECT_EQ(email.api_body, "Code: ((code))");
  EXPECT_EQ(email.text, "Code: ((code))\n");
}

TEST(RenderEmail, DocumentHasLanguageTitlePreheaderAndCentredColumn) {
  RenderedEmail email = RenderEmail({"Avis", "Bonjour"}, json::object(), "fr");
  std::string expected =
      "<!DOCTYPE html>\n"
      "<html lang=\"fr\">\n"
      "<head>\n"
      "<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"format-detection\" content=\"telephone=no\">\n"
      "<title>Avis</title>\n"
      "</head>\n"
      "<body style=\"margin: 0; padding: 0; background-color: #FFFFFF;\">\n"
      "<div style=\"display: none; max-height: 0; overflow: hidden; font-size: 1px; "
      "line-height: 1px; color: #FFFFFF;\" aria-hidden=\"true\">Bonjour\u2026</div>\n"
      "<div role=\"article\" aria-roledescription=\"email\" aria-label=\"Avis\" lang=\"fr\">\n"
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
      "border=\"0\" style=\"border-collapse: collapse;\">\n"
      "<tr>\n"
      "<td align=\"center\" style=\"padding: 20px 10px;\">\n"
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
      "border=\"0\" style=\"border-collapse: collapse; max-width: 580px;\">\n"
      "<tr>\n"
      "<td style=\"font-family: Helvetica, Arial, sans-serif; font-size: 18px; line-height: "
      "27px; color: #1B1B1B; text-align: left;\">\n" +
      Paragraph("Bonjour") +
      "</td>\n"
      "</tr>\n"
      "</table>\n"
      "</td>\n"
      "</tr>\n"
      "</table>\n"
      "</div>\n"
      "</body>\n"
      "</html>\n";
  EXPECT_EQ(email.html, expected);
}

TEST(RenderEmail, LayoutTablesArePresentational) {
  RenderedEmail email = RenderEmail({"S", "* a list item\n* another"}, json::object());
  EXPECT_EQ(Count(email.html, "<table"), Count(email.html, "<table role=\"presentation\""));
}

TEST(RenderEmail, UnusableLanguageFallsBackToEnglish) {
  RenderedEmail email = RenderEmail({"S", "B"}, json::object(), "\"><script>");
  EXPECT_TRUE(Contains(email.html, "<html lang=\"en\">"));
  EXPECT_FALSE(Contains(email.html, "<script>"));
}

TEST(RenderEmail, SubjectInAriaLabelIsAttributeEscaped) {
  // SmartyPants leaves quotes inside `<...>` straight.
  RenderedEmail email = RenderEmail({"Say <b class=\"x\"> & go", "B"}, json::object());
  EXPECT_TRUE(Contains(email.html, "aria-label=\"Say &lt;b class=&quot;x&quot;&gt; &amp; go\""))
      << email.html;
}

TEST(Branding, NoneHasNoImage) {
  RenderedEmail email = RenderEmail({"S", "B"}, json::object());
  EXPECT_FALSE(Contains(email.html, "<img"));
}

TEST(Branding, GovernmentOfCanadaEnglishFirst) {
  EmailBranding branding =
      Branding(BrandingKind::kGovernmentOfCanadaEnglish, "https://notify.example.ca");
  RenderedEmail email = RenderEmail({"S", "B"}, json::object(), "en", branding);
  EXPECT_TRUE(Contains(email.html,
                       "<img src=\"https://notify.example.ca/assets/gc-logo-en.png\" "
                       "alt=\"Government of Canada\" lang=\"en\" width=\"286\" height=\"44\"" +
                           kImageStyle))
      << email.html;
}

TEST(Branding, GovernmentOfCanadaFrenchFirstTrimsTrailingSlash) {
  EmailBranding branding =
      Branding(BrandingKind::kGovernmentOfCanadaFrench, "https://notify.example.ca/");
  RenderedEmail email = RenderEmail({"S", "B"}, json::object(), "fr", branding);
  EXPECT_TRUE(Contains(email.html,
                       "<img src=\"https://notify.example.ca/assets/gc-logo-fr.png\" "
                       "alt=\"Gouvernement du Canada\" lang=\"fr\" width=\"286\" height=\"44\"" +
                           kImageStyle))
      << email.html;
}

TEST(Branding, CustomLogoIsAttributeEscaped) {
  EmailBranding branding =
      Branding(BrandingKind::kCustomLogo, "", "https://cdn.example.ca/logo.png?a=1&b=2",
               "Agence \"Exemple\"");
  RenderedEmail email = RenderEmail({"S", "B"}, json::object(), "fr", branding);
  EXPECT_TRUE(Contains(email.html,
                       "<img src=\"https://cdn.example.ca/logo.png?a=1&amp;b=2\" "
                       "alt=\"Agence &quot;Exemple&quot;\"" +
                           kImageStyle))
      << email.html;
}

TEST(Branding, CustomLogoWithoutWebUrlIsLeftOut) {
  EmailBranding branding = Branding(BrandingKind::kCustomLogo, "", "javascript:alert(1)", "Logo");
  RenderedEmail email = RenderEmail({"S", "B"}, json::object(), "en", branding);
  EXPECT_FALSE(Contains(email.html, "<img"));
  EXPECT_FALSE(Contains(email.html, "javascript"));
}

TEST(Preheader, IsTheBodyAsTextWithoutMarkup) {
  RenderedEmail email = RenderEmail(
      {"S",
       "# Title\n\nHello **((name))**, see [the site](https://x.ca \"Site\")\n\n---\n\n* one\n* "
       "two"},
      {{"name", "Jo"}});
  EXPECT_EQ(email.preheader, "Title Hello **Jo**, see the site (Site) \u2022 one \u2022 two");
}

TEST(Preheader, DropsLanguageMarkers) {
  RenderedEmail email =
      RenderEmail({"S", "[[en]]\nHello\n[[/en]]\n[[fr]]\nBonjour\n[[/fr]]"}, json::object());
  EXPECT_EQ(email.preheader, "Hello Bonjour");
}

TEST(Preheader, IsHtmlEscaped) {
  RenderedEmail email = RenderEmail({"S", "Tom & <Jerry> ((x))"}, {{"x", "a&b"}});
  EXPECT_EQ(email.preheader, "Tom &amp; &lt;Jerry&gt; a&amp;b");
}

TEST(Preheader, KeepsTheFirst256CharactersTrimmed) {
  std::string sentence = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ";
  std::string body;
  for (int i = 0; i < 6; ++i) body += sentence;
  RenderedEmail email = RenderEmail({"S", body}, json::object());
  std::string expected = sentence + sentence + sentence + sentence + "Lorem ipsum dolor sit amet,";
  EXPECT_EQ(email.preheader, expected);
  EXPECT_EQ(email.preheader.size(), 255u);  // 256 characters, then the last space trimmed
}

TEST(Preheader, IsHiddenAtTheStartOfTheDocument) {
  RenderedEmail email = RenderEmail({"S", "Hello there"}, json::object());
  EXPECT_TRUE(Contains(email.html, "aria-hidden=\"true\">Hello there\u2026</div>"));
  EXPECT_LT(email.html.find("Hello there\u2026"), email.html.find(email.html_body));
}

}  // namespace
}  // namespace missive
