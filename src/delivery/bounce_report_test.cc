#include "delivery/bounce_report.h"

#include <gtest/gtest.h>

#include <string>

namespace missive {
namespace {

constexpr const char* kBounceAddress = "bounces@example.ca";
constexpr const char* kId = "26785a09-ab16-4eb0-8407-a37497a57506";
constexpr const char* kOtherId = "9f1e6c3a-52b4-4c1e-9d0b-0c2f4a8e7d15";

// What Postfix's bounce daemon sends to the envelope sender: a VERP Delivered-To, the report, and
// the returned message's headers.
std::string PostfixDsn() {
  return std::string(
             "Return-Path: <>\n"
             "Delivered-To: bounces+") +
         kId +
         "@example.ca\n"
         "Received: by mx.example.ca (Postfix) id 3F2A1C0123; Fri,  4 Dec 2026 16:21:40 +0000\n"
         "Date: Fri,  4 Dec 2026 16:21:40 +0000 (UTC)\n"
         "From: MAILER-DAEMON@mx.example.ca (Mail Delivery System)\n"
         "Subject: Undelivered Mail Returned to Sender\n"
         "To: bounces+" +
         kId +
         "@example.ca\n"
         "Auto-Submitted: auto-replied\n"
         "MIME-Version: 1.0\n"
         "Content-Type: multipart/report; report-type=delivery-status;\n"
         "\tboundary=\"3F2A1C0123.1796401300/mx.example.ca\"\n"
         "Message-Id: <20261204162140.3F2A1C0123@mx.example.ca>\n"
         "\n"
         "This is a MIME-encapsulated message.\n"
         "\n"
         "--3F2A1C0123.1796401300/mx.example.ca\n"
         "Content-Description: Notification\n"
         "Content-Type: text/plain; charset=us-ascii\n"
         "\n"
         "The mail system could not deliver your message to one recipient.\n"
         "\n"
         "<marie.tremblay@example.com>: host mail.example.com[192.0.2.10] said: 550 5.1.1\n"
         "    <marie.tremblay@example.com>: Recipient address rejected: User unknown\n"
         "\n"
         "--3F2A1C0123.1796401300/mx.example.ca\n"
         "Content-Description: Delivery report\n"
         "Content-Type: message/delivery-status\n"
         "\n"
         "Reporting-MTA: dns; mx.example.ca\n"
         "X-Postfix-Queue-ID: 3F2A1C0123\n"
         "Arrival-Date: Fri,  4 Dec 2026 16:21:32 +0000 (UTC)\n"
         "\n"
         "Final-Recipient: rfc822; marie.tremblay@example.com\n"
         "Original-Recipient: rfc822;marie.tremblay@example.com\n"
         "Action: failed\n"
         "Status: 5.1.1\n"
         "Remote-MTA: dns; mail.example.com\n"
         "Diagnostic-Code: smtp; 550 5.1.1 <marie.tremblay@example.com>: Recipient address\n"
         "    rejected: User unknown\n"
         "\n"
         "--3F2A1C0123.1796401300/mx.example.ca\n"
         "Content-Description: Undelivered Message Headers\n"
         "Content-Type: text/rfc822-headers\n"
         "\n"
         "From: Service <service@notification.canada.ca>\n"
         "To: marie.tremblay@example.com\n"
         "Subject: =?UTF-8?B?UsOpcG9uc2U=?=\n"
         "Message-ID: <" +
         kOtherId +
         "@notification.canada.ca>\n"
         "\n"
         "--3F2A1C0123.1796401300/mx.example.ca--\n";
}

// Exim's shape, with CRLF line ends, the whole returned message, and no VERP recipient: the
// notification is found by the returned Message-ID.
std::string EximDsn(const std::string& action, const std::string& status) {
  return std::string(
             "From: Mail Delivery System <Mailer-Daemon@mail.example.org>\r\n"
             "To: bounces@example.ca\r\n"
             "Subject: Mail delivery failed: returning message to sender\r\n"
             "Message-Id: <E1kXyZa-0001Ab-Cd@mail.example.org>\r\n"
             "Date: Fri, 04 Dec 2026 16:22:01 +0000\r\n"
             "Content-Type: multipart/report; report-type=delivery-status; "
             "boundary=1796401321-eximdsn-1804289383\r\n"
             "MIME-Version: 1.0\r\n"
             "Auto-Submitted: auto-replied\r\n"
             "X-Failed-Recipients: jean@example.org\r\n"
             "\r\n"
             "--1796401321-eximdsn-1804289383\r\n"
             "Content-type: text/plain; charset=us-ascii\r\n"
             "\r\n"
             "Delivery software made this message. One address failed:\r\n"
             "\r\n"
             "  jean@example.org\r\n"
             "\r\n"
             "--1796401321-eximdsn-1804289383\r\n"
             "Content-type: message/delivery-status\r\n"
             "\r\n"
             "Reporting-MTA: dns; mail.example.org\r\n"
             "\r\n"
             "Action: ") +
         action +
         "\r\n"
         "Final-Recipient: rfc822;jean@example.org\r\n"
         "Status: " +
         status +
         "\r\n"
         "Remote-MTA: dns; mx.example.org\r\n"
         "Diagnostic-Code: smtp; 550 5.2.1 Mailbox disabled for this recipient\r\n"
         "\r\n"
         "--1796401321-eximdsn-1804289383\r\n"
         "Content-type: message/rfc822\r\n"
         "\r\n"
         "Return-path: <bounces@example.ca>\r\n"
         "Message-ID: <" +
         kId +
         "@notification.canada.ca>\r\n"
         "From: Service <service@notification.canada.ca>\r\n"
         "To: jean@example.org\r\n"
         "Subject: Hello\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain\r\n"
         "\r\n"
         "Hello Jean\r\n"
         "\r\n"
         "--1796401321-eximdsn-1804289383--\r\n";
}

// Postfix's warning that a message is still being retried.
std::string DelayedDsn() {
  return std::string("Delivered-To: bounces+") + kId +
         "@example.ca\n"
         "From: MAILER-DAEMON@mx.example.ca (Mail Delivery System)\n"
         "Subject: Delayed Mail (still being retried)\n"
         "To: bounces+" +
         kId +
         "@example.ca\n"
         "MIME-Version: 1.0\n"
         "Content-Type: multipart/report; report-type=delivery-status;\n"
         "\tboundary=\"7B1C2D.1796405000/mx.example.ca\"\n"
         "\n"
         "--7B1C2D.1796405000/mx.example.ca\n"
         "Content-Type: text/plain; charset=us-ascii\n"
         "\n"
         "This is only a warning; the mail system will keep trying.\n"
         "\n"
         "--7B1C2D.1796405000/mx.example.ca\n"
         "Content-Type: message/delivery-status\n"
         "\n"
         "Reporting-MTA: dns; mx.example.ca\n"
         "\n"
         "Final-Recipient: rfc822; luc@example.net\n"
         "Action: delayed\n"
         "Status: 4.4.1\n"
         "Diagnostic-Code: X-Postfix; connect to mx.example.net[203.0.113.5]:25: Connection\n"
         "    timed out\n"
         "Will-Retry-Until: Tue,  8 Dec 2026 16:21:32 +0000 (UTC)\n"
         "\n"
         "--7B1C2D.1796405000/mx.example.ca--\n";
}

// An abuse report in the Abuse Reporting Format, as a mailbox provider's feedback loop sends it.
std::string ArfReport(const std::string& feedback_type, const std::string& mail_from) {
  return std::string(
             "From: Feedback Loop <fbl@mailbox.example.com>\n"
             "Date: Fri, 04 Dec 2026 18:02:11 +0000\n"
             "Subject: Abuse report\n"
             "To: abuse-desk@example.ca\n"
             "MIME-Version: 1.0\n"
             "Content-Type: multipart/report; report-type=feedback-report;\n"
             "     boundary=\"fbl_7f3a_boundary\"\n"
             "\n"
             "--fbl_7f3a_boundary\n"
             "Content-Type: text/plain; charset=\"US-ASCII\"\n"
             "\n"
             "A user of our service marked the attached message as spam.\n"
             "\n"
             "--fbl_7f3a_boundary\n"
             "Content-Type: message/feedback-report\n"
             "\n"
             "Feedback-Type: ") +
         feedback_type +
         "\n"
         "User-Agent: ExampleFBL/2.1\n"
         "Version: 1\n"
         "Original-Mail-From: " +
         mail_from +
         "\n"
         "Original-Rcpt-To: <zoe@example.com>\n"
         "Arrival-Date: Fri, 04 Dec 2026 16:21:35 +0000\n"
         "Source-IP: 192.0.2.25\n"
         "Reported-Domain: notification.canada.ca\n"
         "\n"
         "--fbl_7f3a_boundary\n"
         "Content-Type: text/rfc822-headers\n"
         "\n"
         "From: Service <service@notification.canada.ca>\n"
         "To: zoe@example.com\n"
         "Subject: Hello\n"
         "Message-ID: <" +
         kOtherId +
         "@notification.canada.ca>\n"
         "\n"
         "--fbl_7f3a_boundary--\n";
}

TEST(ParseBounceReport, PostfixDsnIsAHardBounceForTheVerpNotification) {
  auto report = ParseBounceReport(PostfixDsn(), kBounceAddress);
  ASSERT_TRUE(report) << report.error().message;

  EXPECT_EQ(report->kind, ReportKind::kDeliveryStatus);
  EXPECT_EQ(report->notification_id, kId) << "the VERP address wins over the Message-ID";
  ASSERT_EQ(report->recipients.size(), 1u);
  const RecipientReport& r = report->recipients[0];
  EXPECT_EQ(r.recipient, "marie.tremblay@example.com");
  EXPECT_EQ(r.action, "failed");
  EXPECT_EQ(r.status, "5.1.1");
  EXPECT_EQ(r.diagnostic,
            "550 5.1.1 <marie.tremblay@example.com>: Recipient address rejected: User unknown");

  auto verdict = JudgeDeliveryStatus(*report);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->status, NotificationStatus::kPermanentFailure);
  EXPECT_EQ(verdict->feedback_type, "hard-bounce");
  EXPECT_EQ(verdict->feedback_subtype, "no-email");
}

TEST(ParseBounceReport, EximDsnWithoutVerpFindsTheReturnedMessageId) {
  auto report = ParseBounceReport(EximDsn("failed", "5.0.0"), kBounceAddress);
  ASSERT_TRUE(report) << report.error().message;

  EXPECT_EQ(report->notification_id, kId);
  ASSERT_EQ(report->recipients.size(), 1u);
  EXPECT_EQ(report->recipients[0].recipient, "jean@example.org");
  EXPECT_EQ(report->recipients[0].diagnostic, "550 5.2.1 Mailbox disabled for this recipient");
  auto verdict = JudgeDeliveryStatus(*report);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->status, NotificationStatus::kPermanentFailure);
  EXPECT_EQ(verdict->feedback_subtype, "general");
}

TEST(ParseBounceReport, DelayedDsnIsASoftBounce) {
  auto report = ParseBounceReport(DelayedDsn(), kBounceAddress);
  ASSERT_TRUE(report) << report.error().message;

  EXPECT_EQ(report->notification_id, kId);
  EXPECT_EQ(report->recipients[0].action, "delayed");
  EXPECT_EQ(report->recipients[0].diagnostic,
            "connect to mx.example.net[203.0.113.5]:25: Connection timed out");
  auto verdict = JudgeDeliveryStatus(*report);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->status, NotificationStatus::kTemporaryFailure);
  EXPECT_EQ(verdict->feedback_type, "soft-bounce");
}

TEST(ParseBounceReport, FailureWithA4xxStatusIsTemporary) {
  auto report = ParseBounceReport(EximDsn("failed", "4.2.2 (mailbox full)"), kBounceAddress);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->recipients[0].status, "4.2.2");
  auto verdict = JudgeDeliveryStatus(*report);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->status, NotificationStatus::kTemporaryFailure);
  EXPECT_EQ(verdict->feedback_type, "soft-bounce");
  EXPECT_EQ(verdict->feedback_subtype, "mailbox-full");
}

TEST(ParseBounceReport, FailureWithAMalformedStatusIsAnUnknownBounce) {
  auto report = ParseBounceReport(EximDsn("Failed", "five"), kBounceAddress);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->recipients[0].action, "failed");
  EXPECT_EQ(report->recipients[0].status, "");
  auto verdict = JudgeDeliveryStatus(*report);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->status, NotificationStatus::kTemporaryFailure);
  EXPECT_EQ(verdict->feedback_type, "unknown-bounce");
  EXPECT_EQ(verdict->feedback_subtype, "unknown-bounce-subtype");
}

TEST(ParseBounceReport, DeliveredActionIsDelivered) {
  auto report = ParseBounceReport(EximDsn("delivered", "2.0.0"), kBounceAddress);
  ASSERT_TRUE(report) << report.error().message;
  auto verdict = JudgeDeliveryStatus(*report);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->status, NotificationStatus::kDelivered);
  EXPECT_EQ(verdict->feedback_type, "");
}

TEST(ParseBounceReport, UnknownActionGivesNoVerdict) {
  auto report = ParseBounceReport(EximDsn("pondering", "2.0.0"), kBounceAddress);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_FALSE(JudgeDeliveryStatus(*report));
}

TEST(ParseBounceReport, TheMostSevereRecipientDecides) {
  std::string dsn = DelayedDsn();
  std::string extra =
      "Final-Recipient: rfc822; anne@example.net\n"
      "Action: failed\n"
      "Status: 5.3.4\n"
      "\n";
  dsn.insert(dsn.find("--7B1C2D.1796405000/mx.example.ca--"), extra);
  auto report = ParseBounceReport(dsn, kBounceAddress);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->recipients.size(), 2u);
  auto verdict = JudgeDeliveryStatus(*report);
  ASSERT_TRUE(verdict);
  EXPECT_EQ(verdict->status, NotificationStatus::kPermanentFailure);
  EXPECT_EQ(verdict->feedback_subtype, "message-too-large");
  EXPECT_EQ(verdict->recipient.recipient, "anne@example.net");
}

TEST(ParseBounceReport, VerpLocalPartIsMatchedWithoutRegardToCase) {
  std::string dsn = EximDsn("failed", "5.1.1");
  std::string upper_id = "26785A09-AB16-4EB0-8407-A37497A57506";
  dsn.replace(dsn.find("To: bounces@example.ca"), 22, "To: BOUNCES+" + upper_id + "@EXAMPLE.CA");
  dsn.replace(dsn.find(kId), 36, kOtherId);  // the returned Message-ID names another one
  auto report = ParseBounceReport(dsn, kBounceAddress);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->notification_id, kId);
}

TEST(ParseBounceReport, AnotherAddressesPlusPartIsNotOurs) {
  std::string dsn = EximDsn("failed", "5.1.1");
  dsn.replace(dsn.find("To: bounces@example.ca"), 22,
              std::string("To: listes+") + kOtherId + "@example.ca");
  auto report = ParseBounceReport(dsn, kBounceAddress);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->notification_id, kId) << "found by the returned Message-ID instead";
}

TEST(ParseBounceReport, Base64EncodedReportPartsAreDecoded) {
  std::string dsn = PostfixDsn();
  size_t start = dsn.find("Content-Type: message/delivery-status\n") +
                 std::string("Content-Type: message/delivery-status\n").size();
  size_t end = dsn.find("--3F2A1C0123.1796401300/mx.example.ca\nContent-Description: Undelivered");
  std::string encoded =
      "Content-Transfer-Encoding: base64\n\n"
      "RmluYWwtUmVjaXBpZW50OiByZmM4MjI7IHBhdWxAZXhhbXBsZS5jb20KQWN0aW9uOiBmYWlsZWQK"
      "U3RhdHVzOiA1LjcuMQoK\n";  // Final-Recipient: rfc822; paul@..., Action: failed, 5.7.1
  dsn.replace(start, end - start, encoded);
  auto report = ParseBounceReport(dsn, kBounceAddress);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->recipients.size(), 1u);
  EXPECT_EQ(report->recipients[0].recipient, "paul@example.com");
  EXPECT_EQ(report->recipients[0].status, "5.7.1");
}

TEST(ParseBounceReport, ArfAbuseReportIsAComplaintWithItsArrivalDate) {
  auto report = ParseBounceReport(
      ArfReport("abuse", std::string("<bounces+") + kId + "@example.ca>"), kBounceAddress);
  ASSERT_TRUE(report) << report.error().message;

  EXPECT_EQ(report->kind, ReportKind::kComplaint);
  EXPECT_EQ(report->feedback_type, "abuse");
  EXPECT_TRUE(IsComplaint(report->feedback_type));
  EXPECT_EQ(report->notification_id, kId) << "from Original-Mail-From";
  ASSERT_TRUE(report->arrival_date);
  EXPECT_EQ(FormatTimestamp(*report->arrival_date), "2026-12-04T16:21:35.000000Z");
  EXPECT_TRUE(report->recipients.empty());
}

TEST(ParseBounceReport, ArfReportWithoutVerpFindsTheReturnedMessageId) {
  auto report =
      ParseBounceReport(ArfReport("Abuse", "<service@notification.canada.ca>"), kBounceAddress);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->feedback_type, "abuse");
  EXPECT_EQ(report->notification_id, kOtherId);
}

TEST(ParseBounceReport, NotSpamAndAuthFailureReportsAreNotComplaints) {
  for (std::string type : {"not-spam", "auth-failure", "made-up"}) {
    auto report = ParseBounceReport(ArfReport(type, "<bounces@example.ca>"), kBounceAddress);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_FALSE(IsComplaint(report->feedback_type)) << type;
  }
}

TEST(ParseBounceReport, MessageWithNeitherVerpNorMessageIdNamesNoNotification) {
  std::string dsn = EximDsn("failed", "5.1.1");
  dsn.replace(dsn.find("Message-ID: <"), 13, "X-Was-Message-ID: <");
  auto report = ParseBounceReport(dsn, kBounceAddress);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_FALSE(report->notification_id);
}

TEST(ParseBounceReport, JunkIsInvalid) {
  const std::string junk[] = {
      "",
      "\x01\x02\xff\xfe binary",
      "Subject: Out of office\nFrom: a@example.com\n\nI am away until Monday.\n",
      "Content-Type: multipart/report; report-type=disposition-notification; boundary=b\n\n"
      "--b\nContent-Type: message/disposition-notification\n\nDisposition: manual-action/"
      "MDN-sent-manually; displayed\n--b--\n",
      "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n"
      "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; x\n\n"
      "Final-Recipient: rfc822; a@b\nStatus: 5.1.1\n--b--\n",
      "Content-Type: multipart/report; report-type=feedback-report; boundary=b\n\n"
      "--b\nContent-Type: message/feedback-report\n\nUser-Agent: x\n--b--\n",
      "Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n"
      "--b\nContent-Type: text/plain\n\nno report part\n--b--\n",
  };
  for (const auto& message : junk) {
    auto report = ParseBounceReport(message, kBounceAddress);
    ASSERT_FALSE(report) << message;
    EXPECT_EQ(report.error().code, ErrorCode::kInvalid);
  }
}

}  // namespace
}  // namespace missive
