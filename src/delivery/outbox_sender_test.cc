#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "delivery/email_sender.h"
#include "delivery/test_util.h"

namespace missive {
namespace {

namespace fs = std::filesystem;

OutgoingEmail Email(std::string id) {
  OutgoingEmail email;
  email.notification_id = std::move(id);
  email.from_name = "Service à l'essai";
  email.from_address = "service@notification.canada.ca";
  email.to = "marie@example.ca";
  email.subject = "Réponse à votre demande";
  email.text_body = "Bonjour\n";
  email.html_body = "<p>Bonjour</p>";
  return email;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<std::string> FileNames(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(OutboxSender, NameIsOutbox) { EXPECT_EQ(MakeOutboxSender("/nonexistent")->Name(), "outbox"); }

TEST(OutboxSender, WritesTheMessageNamedAfterTheNotificationId) {
  TempDir dir;
  OutgoingEmail email = Email("26785a09-ab16-4eb0-8407-a37497a57506");
  SendResult result = MakeOutboxSender(dir.path())->Send(email);

  ASSERT_EQ(result.outcome, SendOutcome::kAccepted) << result.detail;
  fs::path file = fs::path(dir.path()) / "26785a09-ab16-4eb0-8407-a37497a57506.eml";
  EXPECT_EQ(result.detail, file.string());
  ParsedMessage message = ParseMessage(ReadFile(file));
  EXPECT_EQ(message.Header("To"), "marie@example.ca");
  EXPECT_EQ(DecodeHeaderWords(message.Header("Subject")), "Réponse à votre demande");
  EXPECT_EQ(message.Header("Message-ID"), MessageIdFor(email));
  ASSERT_EQ(message.parts.size(), 2u);
  EXPECT_EQ(DecodeQuotedPrintable(message.parts[0].body), "Bonjour\r\n");
}

TEST(OutboxSender, CreatesMissingDirectories) {
  TempDir dir;
  fs::path outbox = fs::path(dir.path()) / "data" / "outbox";
  SendResult result = MakeOutboxSender(outbox.string())->Send(Email("a1"));
  ASSERT_EQ(result.outcome, SendOutcome::kAccepted) << result.detail;
  EXPECT_TRUE(fs::is_regular_file(outbox / "a1.eml"));
}

TEST(OutboxSender, LeavesOnlyEmlFilesBehind) {
  TempDir dir;
  std::unique_ptr<EmailSender> sender = MakeOutboxSender(dir.path());
  for (const char* id : {"a1", "b2", "c3", "a1"}) {
    ASSERT_EQ(sender->Send(Email(id)).outcome, SendOutcome::kAccepted);
  }
  EXPECT_EQ(FileNames(dir.path()), (std::vector<std::string>{"a1.eml", "b2.eml", "c3.eml"}));
}

TEST(OutboxSender, SendingTheSameIdAgainReplacesTheFile) {
  TempDir dir;
  std::unique_ptr<EmailSender> sender = MakeOutboxSender(dir.path());
  OutgoingEmail email = Email("a1");
  ASSERT_EQ(sender->Send(email).outcome, SendOutcome::kAccepted);
  email.to = "second@example.ca";
  ASSERT_EQ(sender->Send(email).outcome, SendOutcome::kAccepted);
  EXPECT_EQ(ParseMessage(ReadFile(fs::path(dir.path()) / "a1.eml")).Header("To"),
            "second@example.ca");
}

TEST(OutboxSender, DirectoryThatCannotBeCreatedIsRetry) {
  TempDir dir;
  fs::path blocker = fs::path(dir.path()) / "file";
  std::ofstream(blocker) << "not a directory";
  SendResult result = MakeOutboxSender((blocker / "outbox").string())->Send(Email("a1"));
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_NE(result.detail.find("cannot create"), std::string::npos) << result.detail;
}

TEST(OutboxSender, IdThatIsNotAPlainFileNameIsRejected) {
  TempDir dir;
  fs::path outbox = fs::path(dir.path()) / "outbox";
  std::unique_ptr<EmailSender> sender = MakeOutboxSender(outbox.string());
  for (const char* id : {"../escape", "", ".hidden", "a/b", "a\r\nb"}) {
    EXPECT_EQ(sender->Send(Email(id)).outcome, SendOutcome::kRejected) << id;
  }
  EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "escape.eml"));
}

}  // namespace
}  // namespace missive
