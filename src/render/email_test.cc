#include "render/email.h"

#include <gtest/gtest.h>

#include <string>

namespace missive {
namespace {

using nlohmann::json;

constexpr const char* kParagraph = "<p style=\"margin: 0 0 20px 0;\">";

std::string Paragraph(const std::string& inner) { return kParagraph + inner + "</p>\n"; }

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
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

TEST(RenderEmail, HtmlBlankLinesMakeParagraphsAndNewlinesMakeBreaks) {
  RenderedEmail email = RenderEmail(
      {"Hi", "Dear ((name)),\r\nWelcome.\r\n\r\n\r\n  Bye  \n \nTeam"}, {{"name", "Jo"}});
  std::string expected_body =
      Paragraph("Dear Jo,<br>\nWelcome.") + Paragraph("Bye") + Paragraph("Team");
  EXPECT_TRUE(Contains(email.html, expected_body)) << email.html;
}

TEST(RenderEmail, ScriptInValueIsEscapedInHtmlOnly) {
  json values = {{"name", "<script>alert(1)</script>"}};
  RenderedEmail email = RenderEmail({"Hi ((name))", "Hello ((name)) & co"}, values);
  EXPECT_TRUE(
      Contains(email.html, Paragraph("Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; co")))
      << email.html;
  EXPECT_FALSE(Contains(email.html, "<script>"));
  EXPECT_EQ(email.api_body, "Hello <script>alert(1)</script> & co");
  EXPECT_EQ(email.text, "Hello <script>alert(1)</script> & co\n");
  EXPECT_EQ(email.subject, "Hi <script>alert(1)</script>");
  EXPECT_TRUE(Contains(email.html, "<title>Hi &lt;script&gt;alert(1)&lt;/script&gt;</title>"));
}

TEST(RenderEmail, SubjectCollapsesWhitespace) {
  json values = {{"name", "Jo \u00A0 Doe"}};
  RenderedEmail email = RenderEmail({"  Hello\r\n ((name))  \t today\u200B ", "Body"}, values);
  EXPECT_EQ(email.subject, "Hello Jo Doe today");
}

TEST(RenderEmail, ApiSubjectEscapesTemplateTextAndValues) {
  RenderedEmail email = RenderEmail({"Tom & ((name))", "Body"}, {{"name", "<b>Jerry</b>"}});
  EXPECT_EQ(email.subject, "Tom & <b>Jerry</b>");
  EXPECT_EQ(email.api_subject, "Tom &amp; &lt;b&gt;Jerry&lt;/b&gt;");
}

TEST(RenderEmail, ListValueBecomesBulletLines) {
  RenderedEmail email = RenderEmail({"S", "Items:((list))"}, {{"list", {"a", "b"}}});
  EXPECT_EQ(email.api_body, "Items:\n\n* a\n* b");
  EXPECT_TRUE(Contains(email.html, Paragraph("Items:") + Paragraph("* a<br>\n* b")));
}

TEST(RenderEmail, ConditionalTextShownOrRemoved) {
  EmailContent content{"S", "Hello\n\n((late??Your payment is late.))"};
  EXPECT_EQ(RenderEmail(content, {{"late", "yes"}}).text, "Hello\n\nYour payment is late.\n");
  EXPECT_EQ(RenderEmail(content, {{"late", "no"}}).text, "Hello\n");
}

TEST(RenderEmail, DocumentHasLanguageCharsetViewportAndTitle) {
  RenderedEmail email = RenderEmail({"Avis", "Bonjour"}, json::object(), "fr");
  std::string expected =
      "<!DOCTYPE html>\n"
      "<html lang=\"fr\">\n"
      "<head>\n"
      "<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Avis</title>\n"
      "</head>\n"
      "<body style=\"margin: 0; padding: 20px; font-family: Helvetica, Arial, sans-serif; "
      "font-size: 19px; line-height: 25px; color: #0B0C0C;\">\n" +
      Paragraph("Bonjour") +
      "</body>\n"
      "</html>\n";
  EXPECT_EQ(email.html, expected);
}

TEST(RenderEmail, UnusableLanguageFallsBackToEnglish) {
  RenderedEmail email = RenderEmail({"S", "B"}, json::object(), "\"><script>");
  EXPECT_TRUE(Contains(email.html, "<html lang=\"en\">"));
  EXPECT_FALSE(Contains(email.html, "<script>"));
}

TEST(RenderEmail, UnsatisfiedPlaceholdersStayAsWritten) {
  RenderedEmail email = RenderEmail({"Hi ((name))", "Code: ((code))"}, json::object());
  EXPECT_EQ(email.subject, "Hi ((name))");
  EXPECT_EQ(email.api_body, "Code: ((code))");
}

TEST(RenderEmail, LineSeparatorRemovedFromTextAndHtml) {
  RenderedEmail email = RenderEmail({"S", "a\u2028b"}, json::object());
  EXPECT_EQ(email.text, "ab\n");
  EXPECT_TRUE(Contains(email.html, Paragraph("ab")));
  EXPECT_EQ(email.api_body, "a\u2028b");
}

}  // namespace
}  // namespace missive
