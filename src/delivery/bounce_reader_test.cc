#include "delivery/bounce_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "core/uuid.h"
#include "store/sqlite_store.h"

namespace missive {
namespace {

namespace fs = std::filesystem;

constexpr Micros kStart = 1'796'400'000'000'000;

// A delivery status notification for `id`, as Postfix sends it to the VERP address.
std::string Dsn(const std::string& id, const std::string& action, const std::string& status) {
  return "Delivered-To: bounces+" + id +
         "@example.ca\n"
         "From: MAILER-DAEMON@mx.example.ca (Mail Delivery System)\n"
         "To: bounces+" +
         id +
         "@example.ca\n"
         "Subject: Undelivered Mail Returned to Sender\n"
         "MIME-Version: 1.0\n"
         "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B1\"\n"
         "\n"
         "--B1\n"
         "Content-Type: text/plain\n"
         "\n"
         "Your message could not be delivered.\n"
         "--B1\n"
         "Content-Type: message/delivery-status\n"
         "\n"
         "Reporting-MTA: dns; mx.example.ca\n"
         "\n"
         "Final-Recipient: rfc822; zoe@example.com\n"
         "Action: " +
         action +
         "\n"
         "Status: " +
         status +
         "\n"
         "Diagnostic-Code: smtp; 550 5.1.1 <zoe@example.com>: User unknown\n"
         "\n"
         "--B1--\n";
}

// An abuse complaint about `id` in the Abuse Reporting Format.
std::string Arf(const std::string& id) {
  return std::string(
             "From: fbl@mailbox.example.com\n"
             "To: abuse-desk@example.ca\n"
             "Subject: Abuse report\n"
             "MIME-Version: 1.0\n"
             "Content-Type: multipart/report; report-type=feedback-report; boundary=\"F1\"\n"
             "\n"
             "--F1\n"
             "Content-Type: text/plain\n"
             "\n"
             "A user reported this message as spam.\n"
             "--F1\n"
             "Content-Type: message/feedback-report\n"
             "\n"
             "Feedback-Type: abuse\n"
             "Version: 1\n"
             "Original-Mail-From: <bounces+") +
         id +
         "@example.ca>\n"
         "Arrival-Date: Fri, 04 Dec 2026 16:21:35 +0000\n"
         "\n"
         "--F1\n"
         "Content-Type: text/rfc822-headers\n"
         "\n"
         "Message-ID: <" +
         id +
         "@notification.canada.ca>\n"
         "\n"
         "--F1--\n";
}

class BounceReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("missive-bounces-" + NewUuid());
    fs::create_directories(dir_ / "mail" / "new");
    store_ = std::move(OpenSqliteStore({.data_dir = (dir_ / "data").string()})).value();
    service_ = Service{NewUuid(), "Santé Canada", "sante", true, false, 1};
    ASSERT_TRUE(store_->CreateService(service_).ok());
    ASSERT_TRUE(store_->SetServiceCallback({service_.id, "https://a.example/cb", "0123456789", 1}));
    ServiceCallback complaints{service_.id, "https://a.example/plaintes", "9876543210", 1};
    complaints.kind = CallbackKind::kComplaint;
    ASSERT_TRUE(store_->SetServiceCallback(complaints));
    key_ = ApiKey{NewUuid(), service_.id, "k", KeyType::kNormal, NewUuid(), std::nullopt, 1};
    ASSERT_TRUE(store_->CreateApiKey(key_).ok());
    template_.id = NewUuid();
    template_.service_id = service_.id;
    template_.name = "t";
    template_.subject = "Avis";
    template_.body = "Bonjour";
    template_.created_by = "test";
    ASSERT_TRUE(store_->CreateTemplate(template_).ok());
    reader_ =
        std::make_unique<BounceReader>(*store_, clock_,
                                       BounceReaderOptions{.maildir = (dir_ / "mail").string(),
                                                           .bounce_address = "bounces@example.ca"});
  }
  void TearDown() override {
    reader_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  // A live email notification that the SMTP server accepted (status delivered).
  Notification Delivered() {
    Notification n;
    n.id = NewUuid();
    n.service_id = service_.id;
    n.api_key_id = key_.id;
    n.template_id = template_.id;
    n.to = "zoe@example.com";
    n.reference = "dossier-7";
    n.personalisation_json = "{}";
    n.created_at = kStart;
    EXPECT_TRUE(store_->InsertNotification(n).ok());
    DeliveryUpdate update{n.id,           NotificationStatus::kDelivered,
                          std::nullopt,   kStart + 1'000,
                          kStart + 1'000, kStart + 1'000};
    EXPECT_TRUE(store_->UpdateDelivery(update).ok());
    return *store_->FindNotification(n.id);
  }

  // Places `message` in new/ as a mail server would; returns its file name.
  std::string Deliver(const std::string& message, std::string name = "") {
    if (name.empty()) name = "1796401300.M" + std::to_string(++files_) + "P42.mx.example.ca";
    std::ofstream(dir_ / "mail" / "new" / name, std::ios::binary) << message;
    return name;
  }

  BounceReader::Counts Poll() {
    auto counts = reader_->PollOnce();
    EXPECT_TRUE(counts) << counts.error().message;
    return counts ? *counts : BounceReader::Counts{};
  }

  NotificationStatus StatusOf(const std::string& id) {
    return store_->FindNotification(id)->status;
  }

  // The callbacks now queued, as parsed JSON bodies, with "url" set to where each goes.
  std::vector<nlohmann::json> QueuedCallbacks() {
    std::vector<nlohmann::json> bodies;
    auto claimed = store_->ClaimDueCallbacks(kStart + 3'600'000'000, 60'000'000, 100);
    EXPECT_TRUE(claimed);
    for (const auto& c : *claimed) {
      bodies.push_back(nlohmann::json::parse(c.payload_json));
      bodies.back()["url"] = c.url;
    }
    return bodies;
  }

  bool Exists(const fs::path& relative) { return fs::exists(dir_ / "mail" / relative); }

  fs::path dir_;
  ManualClock clock_{kStart + 60'000'000};
  std::unique_ptr<Store> store_;
  std::unique_ptr<BounceReader> reader_;
  Service service_;
  ApiKey key_;
  Template template_;
  int files_ = 0;
};

TEST_F(BounceReaderTest, HardBounceMakesThePermanentFailureAndFilesTheMessageAsSeen) {
  Notification n = Delivered();
  QueuedCallbacks();  // the delivered callback, already sent
  std::string name = Deliver(Dsn(n.id, "failed", "5.1.1"));

  BounceReader::Counts counts = Poll();

  EXPECT_EQ(counts.applied, 1);
  EXPECT_EQ(StatusOf(n.id), NotificationStatus::kPermanentFailure);
  EXPECT_FALSE(Exists(fs::path("new") / name));
  EXPECT_TRUE(Exists(fs::path("cur") / (name + ":2,S")));
  auto bounces = store_->ListBounces(n.id);
  ASSERT_EQ(bounces->size(), 1u);
  EXPECT_EQ((*bounces)[0].feedback_type, "hard-bounce");
  EXPECT_EQ((*bounces)[0].feedback_subtype, "no-email");
  EXPECT_EQ((*bounces)[0].diagnostic, "550 5.1.1 <zoe@example.com>: User unknown");
  EXPECT_EQ((*bounces)[0].report_key, name);
  auto callbacks = QueuedCallbacks();
  ASSERT_EQ(callbacks.size(), 1u);
  EXPECT_EQ(callbacks[0]["url"], "https://a.example/cb");
  EXPECT_EQ(callbacks[0]["id"], n.id);
  EXPECT_EQ(callbacks[0]["status"], "permanent-failure");
  EXPECT_EQ(callbacks[0]["status_description"], "No such address");
  EXPECT_TRUE(callbacks[0]["provider_response"].is_null());
}

TEST_F(BounceReaderTest, DelayIsATemporaryFailureThatALaterHardBounceOverwrites) {
  Notification n = Delivered();
  Deliver(Dsn(n.id, "delayed", "4.4.1"));
  EXPECT_EQ(Poll().applied, 1);
  EXPECT_EQ(StatusOf(n.id), NotificationStatus::kTemporaryFailure);

  Deliver(Dsn(n.id, "failed", "5.4.7"));
  EXPECT_EQ(Poll().applied, 1);
  EXPECT_EQ(StatusOf(n.id), NotificationStatus::kPermanentFailure);
  EXPECT_EQ(store_->ListBounces(n.id)->size(), 2u);
}

TEST_F(BounceReaderTest, ComplaintIsKeptWithItsCallbackAndTheEmailStaysDelivered) {
  Notification n = Delivered();
  QueuedCallbacks();
  Deliver(Arf(n.id));

  EXPECT_EQ(Poll().applied, 1);

  EXPECT_EQ(StatusOf(n.id), NotificationStatus::kDelivered);
  auto complaints = store_->ListComplaints(n.id);
  ASSERT_EQ(complaints->size(), 1u);
  const Complaint& c = (*complaints)[0];
  EXPECT_EQ(c.feedback_type, "abuse");
  EXPECT_EQ(c.service_id, service_.id);
  EXPECT_EQ(FormatTimestamp(c.complaint_date), "2026-12-04T16:21:35.000000Z");
  auto callbacks = QueuedCallbacks();
  ASSERT_EQ(callbacks.size(), 1u);
  EXPECT_EQ(callbacks[0]["url"], "https://a.example/plaintes");
  EXPECT_EQ(callbacks[0]["notification_id"], n.id);
  EXPECT_EQ(callbacks[0]["complaint_id"], c.id);
  EXPECT_EQ(callbacks[0]["reference"], "dossier-7");
  EXPECT_EQ(callbacks[0]["to"], "zoe@example.com");
  EXPECT_EQ(callbacks[0]["complaint_date"], "2026-12-04T16:21:35.000000Z");
}

TEST_F(BounceReaderTest, ComplaintAfterAHardBounceLeavesThePermanentFailure) {
  Notification n = Delivered();
  Deliver(Dsn(n.id, "failed", "5.1.1"));
  Deliver(Arf(n.id));
  EXPECT_EQ(Poll().applied, 2);
  EXPECT_EQ(StatusOf(n.id), NotificationStatus::kPermanentFailure);
  EXPECT_EQ(store_->ListComplaints(n.id)->size(), 1u);
}

TEST_F(BounceReaderTest, UnparseableMessageGoesToFailedIntact) {
  Notification n = Delivered();
  std::string junk = "Subject: Out of office\nFrom: zoe@example.com\n\nBack on Monday.\n";
  std::string name = Deliver(junk);

  BounceReader::Counts counts = Poll();

  EXPECT_EQ(counts.failed, 1);
  EXPECT_EQ(counts.applied, 0);
  EXPECT_FALSE(Exists(fs::path("new") / name));
  std::ifstream kept(dir_ / "mail" / "failed" / name, std::ios::binary);
  std::stringstream content;
  content << kept.rdbuf();
  EXPECT_EQ(content.str(), junk);
  EXPECT_EQ(StatusOf(n.id), NotificationStatus::kDelivered);
}

TEST_F(BounceReaderTest, TwoMessagesOfOneNameBothSurviveInFailed) {
  std::string first = "Subject: Out of office\n\nBack on Monday.\n";
  std::string second = "Subject: Vacances\n\nDe retour lundi.\n";
  std::string name = Deliver(first, "1796401300.M1P42.mx.example.ca:2,");
  EXPECT_EQ(Poll().failed, 1);
  Deliver(second, name);
  EXPECT_EQ(Poll().failed, 1);

  std::vector<std::string> kept;
  for (const auto& entry : fs::directory_iterator(dir_ / "mail" / "failed")) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    kept.push_back(content.str());
  }
  std::sort(kept.begin(), kept.end());
  EXPECT_EQ(kept, (std::vector<std::string>{first, second}));
  EXPECT_TRUE(Exists(fs::path("failed") / name));
  EXPECT_TRUE(Exists(fs::path("failed") / "1796401300.M1P42.mx.example.ca.1:2,"));
}

TEST_F(BounceReaderTest, TwoReportsOfOneNameBothSurviveInCur) {
  Notification first = Delivered();
  Notification second = Delivered();
  std::string name = Deliver(Dsn(first.id, "failed", "5.1.1"));
  EXPECT_EQ(Poll().applied, 1);
  std::ofstream(dir_ / "mail" / "cur" / (name + ".1:2,S")) << "already here";
  Deliver(Arf(second.id), name);
  EXPECT_EQ(Poll().applied, 1);

  EXPECT_TRUE(Exists(fs::path("cur") / (name + ":2,S")));
  std::ifstream untouched(dir_ / "mail" / "cur" / (name + ".1:2,S"));
  std::stringstream content;
  content << untouched.rdbuf();
  EXPECT_EQ(content.str(), "already here");
  EXPECT_TRUE(Exists(fs::path("cur") / (name + ".2:2,S")));
  EXPECT_FALSE(Exists(fs::path("new") / name));
}

TEST_F(BounceReaderTest, UnknownNotificationGoesToFailed) {
  std::string name = Deliver(Dsn(NewUuid(), "failed", "5.1.1"));
  EXPECT_EQ(Poll().failed, 1);
  EXPECT_TRUE(Exists(fs::path("failed") / name));
}

TEST_F(BounceReaderTest, ReportNamingNoNotificationGoesToFailed) {
  std::string dsn = Dsn("not-a-uuid", "failed", "5.1.1");
  std::string name = Deliver(dsn);
  EXPECT_EQ(Poll().failed, 1);
  EXPECT_TRUE(Exists(fs::path("failed") / name));
}

TEST_F(BounceReaderTest, ReportWithoutAUsableActionGoesToFailed) {
  Notification n = Delivered();
  std::string name = Deliver(Dsn(n.id, "pondering", "5.1.1"));
  EXPECT_EQ(Poll().failed, 1);
  EXPECT_TRUE(Exists(fs::path("failed") / name));
  EXPECT_EQ(StatusOf(n.id), NotificationStatus::kDelivered);
}

TEST_F(BounceReaderTest, MessageLargerThanTheLimitGoesToFailedUnread) {
  reader_ =
      std::make_unique<BounceReader>(*store_, clock_,
                                     BounceReaderOptions{.maildir = (dir_ / "mail").string(),
                                                         .bounce_address = "bounces@example.ca",
                                                         .max_message_bytes = 100});
  Notification n = Delivered();
  std::string name = Deliver(Dsn(n.id, "failed", "5.1.1"));
  EXPECT_EQ(Poll().failed, 1);
  EXPECT_TRUE(Exists(fs::path("failed") / name));
  EXPECT_EQ(StatusOf(n.id), NotificationStatus::kDelivered);
}

TEST_F(BounceReaderTest, ReportReadAgainAfterACrashIsAppliedOnce) {
  Notification n = Delivered();
  QueuedCallbacks();
  std::string name = Deliver(Arf(n.id));
  EXPECT_EQ(Poll().applied, 1);
  // As if the process had died after recording the complaint but before filing the message.
  fs::rename(dir_ / "mail" / "cur" / (name + ":2,S"), dir_ / "mail" / "new" / name);

  EXPECT_EQ(Poll().applied, 1);

  EXPECT_EQ(store_->ListComplaints(n.id)->size(), 1u);
  EXPECT_EQ(QueuedCallbacks().size(), 1u);
}

TEST_F(BounceReaderTest, FilesBeingWrittenAreLeftAlone) {
  Notification n = Delivered();
  Deliver(Dsn(n.id, "failed", "5.1.1"), ".1796401300.M9P42.mx.example.ca");
  BounceReader::Counts counts = Poll();
  EXPECT_EQ(counts.applied + counts.failed + counts.deferred, 0);
  EXPECT_TRUE(Exists("new/.1796401300.M9P42.mx.example.ca"));
}

TEST_F(BounceReaderTest, MissingMaildirIsUnavailable) {
  fs::remove_all(dir_ / "mail");
  auto counts = reader_->PollOnce();
  ASSERT_FALSE(counts);
  EXPECT_EQ(counts.error().code, ErrorCode::kUnavailable);
}

TEST_F(BounceReaderTest, StartMakesTheMaildirFolders) {
  fs::remove_all(dir_ / "mail");
  ASSERT_TRUE(reader_->Start());
  reader_->Stop();
  for (const char* folder : {"new", "cur", "tmp", "failed"}) EXPECT_TRUE(Exists(folder)) << folder;
}

TEST_F(BounceReaderTest, StartFailsWhenTheMaildirCannotBeMade) {
  std::ofstream(dir_ / "a-file") << "not a folder";
  BounceReader reader(*store_, clock_,
                      {.maildir = (dir_ / "a-file" / "mail").string(), .bounce_address = ""});
  Status started = reader.Start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, ErrorCode::kUnavailable);
}

TEST_F(BounceReaderTest, ThreadAppliesWhatArrives) {
  Notification n = Delivered();
  Deliver(Dsn(n.id, "failed", "5.1.1"));
  ASSERT_TRUE(reader_->Start());
  for (int i = 0; i < 500 && StatusOf(n.id) != NotificationStatus::kPermanentFailure; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  reader_->Stop();
  EXPECT_EQ(StatusOf(n.id), NotificationStatus::kPermanentFailure);
}

}  // namespace
}  // namespace missive
