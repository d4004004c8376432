#include "delivery/email_message.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/encoding.h"
#include "delivery/test_util.h"

namespace missive {
namespace {

constexpr Micros kDecember4 = 1796401292LL * kMicrosPerSecond;  // 2026-12-04T16:21:32Z

OutgoingEmail FrenchEmail() {
  OutgoingEmail email;
  email.notification_id = "26785a09-ab16-4eb0-8407-a37497a57506";
  email.from_name = "Service à l'essai";
  email.from_address = "service.essai@notification.canada.ca";
  email.to = "marie.tremblay@example.ca";
  email.subject = "Réponse à votre demande";
  email.text_body = "Bonjour Marie,\n\nVotre demande a été reçue.\n";
  email.html_body =
      "<html><body><p>Bonjour Marie,</p><p>Votre demande a été reçue.</p></body></html>";
  email.date = kDecember4;
  return email;
}

std::vector<std::string> SplitOnSpaces(const std::string& text) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

bool IsUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

TEST(EncodeHeaderText, PrintableAsciiIsUnchanged) {
  EXPECT_EQ(EncodeHeaderText("Your request (#42) = received!"), "Your request (#42) = received!");
  EXPECT_EQ(EncodeHeaderText(""), "");
}

TEST(EncodeHeaderText, FrenchSubjectIsOneBase64EncodedWord) {
  EXPECT_EQ(EncodeHeaderText("Réponse à votre demande"),
            "=?UTF-8?B?UsOpcG9uc2Ugw6Agdm90cmUgZGVtYW5kZQ==?=");
}

TEST(EncodeHeaderText, ControlCharacterForcesEncoding) {
  EXPECT_EQ(EncodeHeaderText("a\tb"), "=?UTF-8?B?YQli?=");
}

TEST(EncodeHeaderText, LongTextSplitsIntoWordsOfAtMost75Characters) {
  std::string subject;
  for (int i = 0; i < 12; ++i)
    subject += "Réponse à votre demande numéro " + std::to_string(i) + " ";
  std::string encoded = EncodeHeaderText(subject);

  std::vector<std::string> words = SplitOnSpaces(encoded);
  ASSERT_GT(words.size(), 3u);
  std::string rejoined;
  for (const std::string& word : words) {
    EXPECT_LE(word.size(), 75u) << word;
    ASSERT_EQ(word.substr(0, 10), "=?UTF-8?B?");
    ASSERT_EQ(word.substr(word.size() - 2), "?=");
    std::optional<std::string> piece = Base64Decode(word.substr(10, word.size() - 12));
    ASSERT_TRUE(piece.has_value()) << word;
    EXPECT_FALSE(IsUtf8Continuation(piece->front())) << "a word starts inside a character";
    rejoined += *piece;
  }
  EXPECT_EQ(rejoined, subject);
  EXPECT_EQ(DecodeHeaderWords(encoded), subject);
}

TEST(EncodeHeaderText, WordsEndAfterASpaceWhereTheTextHasOne) {
  std::string name = "Service à l'essai du gouvernement du Canada, Immigration et Citoyenneté";
  std::vector<std::string> words = SplitOnSpaces(EncodeHeaderText(name));
  ASSERT_GT(words.size(), 1u);
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    std::string piece = Base64Decode(words[i].substr(10, words[i].size() - 12)).value();
    EXPECT_EQ(piece.back(), ' ') << piece;
  }
  EXPECT_EQ(DecodeHeaderWords(EncodeHeaderText(name)), name);
}

TEST(EncodeHeaderText, FourByteCharactersAreNeverCut) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "\xF0\x9F\x93\xA7";  // U+1F4E7, an envelope emoji
  for (const std::string& word : SplitOnSpaces(EncodeHeaderText(text))) {
    std::string piece = Base64Decode(word.substr(10, word.size() - 12)).value();
    EXPECT_EQ(piece.size() % 4, 0u);
  }
}

TEST(MessageId, IsNotificationIdAtSenderDomain) {
  EXPECT_EQ(MessageIdFor(FrenchEmail()),
            "<26785a09-ab16-4eb0-8407-a37497a57506@notification.canada.ca>");
}

TEST(MessageId, AddressWithoutAtSignUsesLocalhost) {
  OutgoingEmail email = FrenchEmail();
  email.from_address = "postmaster";
  EXPECT_EQ(MessageIdFor(email), "<26785a09-ab16-4eb0-8407-a37497a57506@localhost>");
}

TEST(VerpAddress, PutsTheNotificationIdAfterAPlusInTheLocalPart) {
  EXPECT_EQ(VerpAddress("bounces@example.ca", "26785a09-ab16-4eb0-8407-a37497a57506"),
            "bounces+26785a09-ab16-4eb0-8407-a37497a57506@example.ca");
}

TEST(VerpAddress, SplitsAtTheLastAtSignAndDropsLineBreaks) {
  EXPECT_EQ(VerpAddress("\"a@b\"@example.ca\r\n", "id"), "\"a@b\"+id@example.ca");
}

TEST(VerpAddress, AddressWithoutAtSignIsUnchanged) {
  EXPECT_EQ(VerpAddress("bounces", "id"), "bounces");
}

TEST(MimeMessage, HasEveryHeader) {
  OutgoingEmail email = FrenchEmail();
  email.reply_to = "reponses@example.ca";
  ParsedMessage message = ParseMessage(BuildMimeMessage(email));

  EXPECT_EQ(message.Header("Date"), "Fri, 04 Dec 2026 16:21:32 +0000");
  EXPECT_EQ(message.Header("To"), "marie.tremblay@example.ca");
  EXPECT_EQ(message.Header("Reply-To"), "reponses@example.ca");
  EXPECT_EQ(message.Header("Message-ID"), MessageIdFor(email));
  EXPECT_EQ(message.Header("MIME-Version"), "1.0");
  EXPECT_EQ(message.Header("Content-Type").rfind("multipart/alternative;", 0), 0u);
  EXPECT_NE(message.Header("Content-Type").find("boundary=\""), std::string::npos);
  EXPECT_NE(message.Header("Subject"), "");
  EXPECT_NE(message.Header("From"), "");
}

TEST(MimeMessage, UnsubscribeUrlAddsTheOneClickHeaders) {
  OutgoingEmail email = FrenchEmail();
  EXPECT_EQ(BuildMimeMessage(email).find("List-Unsubscribe"), std::string::npos);
  email.unsubscribe_url = "https://example.ca/unsubscribe?id=42";
  std::string message = BuildMimeMessage(email);
  EXPECT_NE(message.find("List-Unsubscribe: <https://example.ca/unsubscribe?id=42>\r\n"),
            std::string::npos);
  EXPECT_NE(message.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
            std::string::npos);
}

TEST(MimeMessage, NoReplyToHeaderWhenUnset) {
  ParsedMessage message = ParseMessage(BuildMimeMessage(FrenchEmail()));
  EXPECT_EQ(message.HeaderCount("Reply-To"), 0u);
}

TEST(MimeMessage, FrenchSubjectDecodesToTheInput) {
  ParsedMessage message = ParseMessage(BuildMimeMessage(FrenchEmail()));
  EXPECT_EQ(message.Header("Subject"), "=?UTF-8?B?UsOpcG9uc2Ugw6Agdm90cmUgZGVtYW5kZQ==?=");
  EXPECT_EQ(DecodeHeaderWords(message.Header("Subject")), "Réponse à votre demande");
}

TEST(MimeMessage, FrenchFromNameIsEncodedOutsideQuotes) {
  ParsedMessage message = ParseMessage(BuildMimeMessage(FrenchEmail()));
  EXPECT_EQ(message.Header("From"),
            "=?UTF-8?B?U2VydmljZSDDoCBsJ2Vzc2Fp?= <service.essai@notification.canada.ca>");
  EXPECT_EQ(DecodeHeaderWords(message.Header("From")),
            "Service à l'essai <service.essai@notification.canada.ca>");
}

TEST(MimeMessage, AsciiFromNameIsQuotedWithEscapes) {
  OutgoingEmail email = FrenchEmail();
  email.from_name = R"(The "Test" \ Service)";
  ParsedMessage message = ParseMessage(BuildMimeMessage(email));
  EXPECT_EQ(message.Header("From"),
            R"("The \"Test\" \\ Service" <service.essai@notification.canada.ca>)");
}

TEST(MimeMessage, AsciiSubjectStaysPlain) {
  OutgoingEmail email = FrenchEmail();
  email.subject = "Your request was received";
  EXPECT_EQ(ParseMessage(BuildMimeMessage(email)).Header("Subject"), "Your request was received");
}

TEST(MimeMessage, LongFrenchSubjectFoldsIntoLinesOf76) {
  OutgoingEmail email = FrenchEmail();
  email.subject.clear();
  for (int i = 0; i < 8; ++i)
    email.subject += "Réponse à votre demande d'accès numéro " + std::to_string(i);
  std::string text = BuildMimeMessage(email);
  ParsedMessage message = ParseMessage(text);

  EXPECT_EQ(DecodeHeaderWords(message.Header("Subject")), email.subject);
  std::string headers = text.substr(0, text.find("\r\n\r\n"));
  for (const std::string& line : CrlfLines(headers)) EXPECT_LE(line.size(), 76u) << line;
}

TEST(MimeMessage, VeryLongAsciiSubjectIsEncodedToStayUnder998Columns) {
  OutgoingEmail email = FrenchEmail();
  email.subject = std::string(1500, 'x');
  std::string text = BuildMimeMessage(email);
  EXPECT_EQ(DecodeHeaderWords(ParseMessage(text).Header("Subject")), email.subject);
  for (const std::string& line : CrlfLines(text)) EXPECT_LE(line.size(), 78u);
}

TEST(MimeMessage, TextThenHtmlPartDecodeToTheInput) {
  OutgoingEmail email = FrenchEmail();
  ParsedMessage message = ParseMessage(BuildMimeMessage(email));
  ASSERT_EQ(message.parts.size(), 2u);

  const MimePart& text = message.parts[0];
  EXPECT_EQ(text.Header("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(text.Header("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(DecodeQuotedPrintable(text.body), ToCrlf(email.text_body));

  const MimePart& html = message.parts[1];
  EXPECT_EQ(html.Header("Content-Type"), "text/html; charset=UTF-8");
  EXPECT_EQ(html.Header("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(DecodeQuotedPrintable(html.body), email.html_body);
}

TEST(MimeMessage, AwkwardBodyTextSurvivesExactly) {
  OutgoingEmail email = FrenchEmail();
  email.text_body =
      "=?UTF-8?B?not-a-word?= and 100% = sure\r\n"
      ".leading dot\r\n"
      "trailing space \r\n"
      "trailing tab\t\r\n"
      "lone CR\rin the middle\r\n"
      "--" +
      std::string(200, '-') + "\r\n" + std::string(300, 'e') + "\r\n" +
      "ééééééééééééééééééééééééééééééééééééééééééééééééééé\r\n"
      "\r\n\r\n"
      "no line end at the end";
  email.html_body = "<p style=\"color: red\">" + std::string(500, 'a') + "</p>\n";
  ParsedMessage message = ParseMessage(BuildMimeMessage(email));
  ASSERT_EQ(message.parts.size(), 2u);
  EXPECT_EQ(DecodeQuotedPrintable(message.parts[0].body), email.text_body);
  EXPECT_EQ(DecodeQuotedPrintable(message.parts[1].body), ToCrlf(email.html_body));
}

TEST(MimeMessage, EveryLineEndsInCrlfAndFitsIn76Columns) {
  OutgoingEmail email = FrenchEmail();
  email.text_body = std::string(1000, 'a') + "\n" + std::string(400, ' ') + "\nfin";
  email.html_body = std::string(1000, '=');
  std::string text = BuildMimeMessage(email);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ASSERT_TRUE(i > 0 && text[i - 1] == '\r') << "bare LF at " << i;
    }
    if (text[i] == '\r') {
      ASSERT_TRUE(i + 1 < text.size() && text[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  for (const std::string& line : CrlfLines(text)) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_EQ(text.substr(text.size() - 2), "\r\n");
}

TEST(MimeMessage, LineBreaksInHeaderValuesCannotAddHeaders) {
  OutgoingEmail email = FrenchEmail();
  email.subject = "Hello\r\nBcc: victim@example.com";
  email.to = "marie@example.ca\r\nBcc: victim@example.com";
  email.from_name = "Service\nBcc: victim@example.com";
  email.reply_to = "a@example.ca\rBcc: victim@example.com";
  email.notification_id = "id\r\nX-Injected: yes";
  std::string text = BuildMimeMessage(email);
  ParsedMessage message = ParseMessage(text);

  EXPECT_EQ(message.HeaderCount("Bcc"), 0u);
  EXPECT_EQ(message.HeaderCount("X-Injected"), 0u);
  EXPECT_EQ(message.Header("Subject"), "HelloBcc: victim@example.com");
  EXPECT_EQ(message.Header("To"), "marie@example.caBcc: victim@example.com");
  std::string headers = text.substr(0, text.find("\r\n\r\n"));
  for (const std::string& line : CrlfLines(headers)) {
    EXPECT_EQ(line.find('\r'), std::string::npos);
    EXPECT_EQ(line.find('\n'), std::string::npos);
  }
}

TEST(MimeMessage, BoundaryDiffersBetweenMessages) {
  OutgoingEmail email = FrenchEmail();
  std::string first = ParseMessage(BuildMimeMessage(email)).Header("Content-Type");
  std::string second = ParseMessage(BuildMimeMessage(email)).Header("Content-Type");
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace missive

namespace missive {
namespace {

TEST(MimeMessage, AttachmentsMakeAMixedMessageWithTheFileIntact) {
  OutgoingEmail email = FrenchEmail();
  std::string pdf = "%PDF-1.5 testpdf\n" + std::string(200, 'x');
  email.attachments.push_back({"lettre d’accueil.pdf", "application/pdf", pdf});
  email.attachments.push_back({"data.csv", "text/csv", "a,b"});
  std::string message = BuildMimeMessage(email);
  EXPECT_NE(message.find("Content-Type: multipart/mixed;"), std::string::npos);
  EXPECT_NE(message.find("Content-Type: multipart/alternative;"), std::string::npos);
  EXPECT_NE(message.find("Content-Type: application/pdf\r\n"), std::string::npos);
  EXPECT_NE(message.find("filename*=UTF-8''lettre%20d%E2%80%99accueil.pdf"), std::string::npos);
  EXPECT_NE(message.find("filename=\"data.csv\""), std::string::npos);
  EXPECT_NE(message.find("\r\n\r\nYSxi\r\n"), std::string::npos);

  size_t start = message.find("\r\n\r\n", message.find("Content-Type: application/pdf")) + 4;
  std::string encoded = message.substr(start, message.find("--", start) - start);
  std::erase(encoded, '\r');
  std::erase(encoded, '\n');
  EXPECT_EQ(Base64Decode(encoded), pdf);
}

}  // namespace
}  // namespace missive
