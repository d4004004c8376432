#include "delivery/workers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <span>
#include <thread>

#include "core/uuid.h"
#include "delivery/receipts.h"
#include "store/sqlite_store.h"

namespace missive {
namespace {

// A provider stand-in whose answers the test scripts: the first `failures` sends get `failure`.
class ScriptedSender final : public EmailSender {
 public:
  ScriptedSender(int failures, SendOutcome failure, std::atomic<int>& sends,
                 std::vector<OutgoingEmail>& sent, std::mutex& mutex)
      : failures_(failures), failure_(failure), sends_(sends), sent_(sent), mutex_(mutex) {}
  std::string_view Name() const override { return "scripted"; }
  SendResult Send(const OutgoingEmail& email) override {
    if (sends_.fetch_add(1) < failures_) return {failure_, "451 4.3.0 try later"};
    std::lock_guard lock(mutex_);
    sent_.push_back(email);
    return {SendOutcome::kAccepted, "250 OK"};
  }

 private:
  int failures_;
  SendOutcome failure_;
  std::atomic<int>& sends_;
  std::vector<OutgoingEmail>& sent_;
  std::mutex& mutex_;
};

// Accepts every email of a batch and, after each one's outcome is handed back, reads the status
// the store then holds for it: what a crash right after that moment would leave.
class BatchCheckingSender final : public EmailSender {
 public:
  BatchCheckingSender(Store& store, std::string service_id, std::vector<size_t>& batch_sizes,
                      std::vector<NotificationStatus>& seen, std::mutex& mutex)
      : store_(store),
        service_id_(std::move(service_id)),
        batch_sizes_(batch_sizes),
        seen_(seen),
        mutex_(mutex) {}
  std::string_view Name() const override { return "batch"; }
  SendResult Send(const OutgoingEmail&) override { return {SendOutcome::kAccepted, "250 OK"}; }
  void SendEach(std::span<const OutgoingEmail> emails, const SentCallback& sent) override {
    {
      std::lock_guard lock(mutex_);
      batch_sizes_.push_back(emails.size());
    }
    for (size_t i = 0; i < emails.size(); ++i) {
      if (!sent(i, {SendOutcome::kAccepted, "250 OK"})) return;
      auto stored = store_.GetNotification(service_id_, emails[i].notification_id);
      std::lock_guard lock(mutex_);
      seen_.push_back(stored ? stored->status : NotificationStatus::kCreated);
    }
  }

 private:
  Store& store_;
  std::string service_id_;
  std::vector<size_t>& batch_sizes_;
  std::vector<NotificationStatus>& seen_;
  std::mutex& mutex_;
};

// Takes `delay` over each email and counts the sends of each notification.
class SlowSender final : public EmailSender {
 public:
  SlowSender(std::chrono::milliseconds delay, std::map<std::string, int>& sends, std::mutex& mutex)
      : delay_(delay), sends_(sends), mutex_(mutex) {}
  std::string_view Name() const override { return "slow"; }
  SendResult Send(const OutgoingEmail& email) override {
    std::this_thread::sleep_for(delay_);
    std::lock_guard lock(mutex_);
    ++sends_[email.notification_id];
    return {SendOutcome::kAccepted, "250 OK"};
  }

 private:
  std::chrono::milliseconds delay_;
  std::map<std::string, int>& sends_;
  std::mutex& mutex_;
};

// Records text messages and accepts them all.
class RecordingSms final : public SmsProvider {
 public:
  std::string_view Name() const override { return "recording"; }
  SendResult Send(const OutgoingSms& sms) override {
    std::lock_guard lock(mutex_);
    sent.push_back(sms);
    return {SendOutcome::kAccepted, "ok", awaits_receipt};
  }
  std::vector<OutgoingSms> sent;
  bool awaits_receipt = false;  // as a gateway that sends delivery reports

 private:
  std::mutex mutex_;
};

class WorkersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("missive-workers-" + NewUuid());
    store_ = std::move(OpenSqliteStore({.data_dir = dir_.string()})).value();
    service_ = Service{NewUuid(), "Santé Canada", "sante", true, false, 1};
    ASSERT_TRUE(store_->CreateService(service_).ok());
    key_ = ApiKey{NewUuid(), service_.id, "k", KeyType::kNormal, NewUuid(), std::nullopt, 1};
    ASSERT_TRUE(store_->CreateApiKey(key_).ok());
    template_.id = NewUuid();
    template_.service_id = service_.id;
    template_.name = "t";
    template_.subject = "Réponse pour ((name))";
    template_.body = "Bonjour ((name))";
    template_.created_by = "test";
    ASSERT_TRUE(store_->CreateTemplate(template_).ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  Notification Insert(KeyType type = KeyType::kNormal) {
    Notification n;
    n.id = NewUuid();
    n.service_id = service_.id;
    n.api_key_id = key_.id;
    n.key_type = type;
    n.template_id = template_.id;
    n.to = "zoe@example.com";
    n.personalisation_json = R"({"name":"Zoé"})";
    n.created_at = SystemClock::Instance().NowMicros();
    EXPECT_TRUE(store_->InsertNotification(n).ok());
    return n;
  }

  // Runs workers until `id` leaves the in-flight states or five seconds pass.
  Notification RunUntilSettled(const std::string& id, int failures, SendOutcome failure,
                               WorkerOptions options) {
    options.poll_interval = kMicrosPerSecond / 100;
    options.retry_base = kMicrosPerSecond / 100;
    options.email_domain = "example.gc.ca";
    DeliveryWorkers workers(
        *store_, SystemClock::Instance(),
        [&] { return std::make_unique<ScriptedSender>(failures, failure, sends_, sent_, mutex_); },
        [&] { return sms_; }, options);
    workers.Start();
    workers.Wake();
    for (int i = 0; i < 500; ++i) {
      auto n = store_->GetNotification(service_.id, id);
      if (n->status != NotificationStatus::kCreated && n->status != NotificationStatus::kSending) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    workers.Stop();
    return std::move(store_->GetNotification(service_.id, id)).value();
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  Service service_;
  ApiKey key_;
  Template template_;
  std::shared_ptr<RecordingSms> sms_ = std::make_shared<RecordingSms>();
  std::atomic<int> sends_{0};
  std::vector<OutgoingEmail> sent_;
  std::mutex mutex_;
};

TEST_F(WorkersTest, AcceptedEmailIsDeliveredWithRenderedContent) {
  Notification n = Insert();
  Notification done = RunUntilSettled(n.id, 0, SendOutcome::kRetry, {.threads = 1});
  EXPECT_EQ(done.status, NotificationStatus::kDelivered);
  EXPECT_TRUE(done.sent_at.has_value());
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].notification_id, n.id);
  EXPECT_EQ(sent_[0].from_name, "Santé Canada");
  EXPECT_EQ(sent_[0].from_address, "sante@example.gc.ca");
  EXPECT_EQ(sent_[0].subject, "Réponse pour Zoé");
  EXPECT_NE(sent_[0].text_body.find("Bonjour Zoé"), std::string::npos);
  EXPECT_NE(sent_[0].html_body.find("http://127.0.0.1:6011/assets/gc-logo-en.png"),
            std::string::npos);
}

TEST_F(WorkersTest, EmailsOfAClaimGoTogetherAndEachIsCommittedBeforeTheNextIsSent) {
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(Insert().id);
  std::vector<size_t> batch_sizes;
  std::vector<NotificationStatus> seen;
  WorkerOptions options{.threads = 1, .batch = 8, .poll_interval = kMicrosPerSecond / 100};
  DeliveryWorkers workers(
      *store_, SystemClock::Instance(),
      [&] {
        return std::make_unique<BatchCheckingSender>(*store_, service_.id, batch_sizes, seen,
                                                     mutex_);
      },
      [&] { return sms_; }, options);
  workers.Start();
  workers.Wake();
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lock(mutex_);
      if (seen.size() == ids.size()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  workers.Stop();

  EXPECT_EQ(batch_sizes, (std::vector<size_t>{8, 8, 4}));
  ASSERT_EQ(seen.size(), ids.size());
  for (NotificationStatus status : seen) EXPECT_EQ(status, NotificationStatus::kDelivered);
}

TEST_F(WorkersTest, ClaimSlowerThanItsLeaseIsHandedBackNotSentTwice) {
  std::vector<std::string> ids;
  for (int i = 0; i < 16; ++i) ids.push_back(Insert().id);
  std::map<std::string, int> sends;
  // 8 emails of 60 ms each would outlast a 300 ms lease; the idle third thread would then take
  // the rest of a claim while its thread still sends it.
  WorkerOptions options{.threads = 3,
                        .batch = 8,
                        .lease = 300'000,
                        .longest_send = 100'000,
                        .poll_interval = kMicrosPerSecond / 100};
  DeliveryWorkers workers(
      *store_, SystemClock::Instance(),
      [&] { return std::make_unique<SlowSender>(std::chrono::milliseconds(60), sends, mutex_); },
      [&] { return sms_; }, options);
  workers.Start();
  workers.Wake();
  for (int i = 0; i < 1000; ++i) {
    {
      std::lock_guard lock(mutex_);
      if (sends.size() == ids.size()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // any late duplicate shows now
  workers.Stop();

  ASSERT_EQ(sends.size(), ids.size());
  for (const auto& [id, count] : sends) EXPECT_EQ(count, 1) << id;
  for (const std::string& id : ids) {
    EXPECT_EQ(store_->GetNotification(service_.id, id)->status, NotificationStatus::kDelivered);
  }
}

TEST_F(WorkersTest, LeaseShorterThanOneSendStillDeliversEveryMessageOnce) {
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(Insert().id);
  std::map<std::string, int> sends;
  // The default 30 s send time-out is far beyond this 100 ms lease: each claim's first message
  // still goes, the rest is handed back.
  WorkerOptions options{.threads = 1, .batch = 8, .lease = 100'000};
  options.poll_interval = kMicrosPerSecond / 100;
  DeliveryWorkers workers(
      *store_, SystemClock::Instance(),
      [&] { return std::make_unique<SlowSender>(std::chrono::milliseconds(60), sends, mutex_); },
      [&] { return sms_; }, options);
  workers.Start();
  workers.Wake();
  for (int i = 0; i < 500; ++i) {
    {
      std::lock_guard lock(mutex_);
      if (sends.size() == ids.size()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  workers.Stop();

  ASSERT_EQ(sends.size(), ids.size());
  for (const auto& [id, count] : sends) EXPECT_EQ(count, 1) << id;
}

TEST_F(WorkersTest, BounceAddressGivesEachEmailItsVerpEnvelopeSender) {
  Notification n = Insert();
  RunUntilSettled(n.id, 0, SendOutcome::kRetry,
                  {.threads = 1, .bounce_address = "bounces@example.gc.ca"});
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].envelope_from, "bounces+" + n.id + "@example.gc.ca");
  EXPECT_EQ(sent_[0].from_address, "sante@example.gc.ca");
}

TEST_F(WorkersTest, WithoutABounceAddressTheEnvelopeSenderIsLeftToTheFromAddress) {
  Notification n = Insert();
  RunUntilSettled(n.id, 0, SendOutcome::kRetry, {.threads = 1});
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_EQ(sent_[0].envelope_from, "");
}

TEST_F(WorkersTest, TemporaryFailuresAreRetriedUntilAccepted) {
  Notification n = Insert();
  Notification done = RunUntilSettled(n.id, 3, SendOutcome::kRetry, {.threads = 2});
  EXPECT_EQ(done.status, NotificationStatus::kDelivered);
  EXPECT_EQ(done.attempts, 4);
  EXPECT_EQ(sent_.size(), 1u);
}

TEST_F(WorkersTest, PermanentRefusalIsATechnicalFailureWithTheReply) {
  Notification n = Insert();
  Notification done = RunUntilSettled(n.id, 1, SendOutcome::kRejected, {.threads = 1});
  EXPECT_EQ(done.status, NotificationStatus::kTechnicalFailure);
  EXPECT_EQ(done.provider_response, "451 4.3.0 try later");
  EXPECT_TRUE(sent_.empty());
}

TEST_F(WorkersTest, GivesUpAfterTheLastAttempt) {
  Notification n = Insert();
  Notification done =
      RunUntilSettled(n.id, 100, SendOutcome::kRetry, {.threads = 1, .max_attempts = 3});
  EXPECT_EQ(done.status, NotificationStatus::kTechnicalFailure);
  EXPECT_EQ(done.attempts, 3);
  EXPECT_EQ(sends_.load(), 3);
}

TEST_F(WorkersTest, TestKeyNotificationsNeverReachTheProvider) {
  Notification n = Insert(KeyType::kTest);
  Notification done = RunUntilSettled(n.id, 0, SendOutcome::kRetry, {.threads = 1});
  EXPECT_EQ(done.status, NotificationStatus::kDelivered);
  EXPECT_EQ(sends_.load(), 0);
}

TEST_F(WorkersTest, TextMessagesGoToTheSmsProviderWithThePrefix) {
  Template sms;
  sms.id = NewUuid();
  sms.service_id = service_.id;
  sms.type = TemplateType::kSms;
  sms.name = "sms";
  sms.body = "Bonjour ((name)), votre code est 1234.";
  sms.created_by = "test";
  ASSERT_TRUE(store_->CreateTemplate(sms).ok());
  Notification n = Insert();
  n.id = NewUuid();
  n.type = TemplateType::kSms;
  n.template_id = sms.id;
  n.to = "(613) 555-0142";
  ASSERT_TRUE(store_->InsertNotification(n).ok());

  Notification done = RunUntilSettled(n.id, 0, SendOutcome::kRetry, {.threads = 1});
  EXPECT_EQ(done.status, NotificationStatus::kDelivered);
  ASSERT_EQ(sms_->sent.size(), 1u);
  EXPECT_EQ(sms_->sent[0].to, "+16135550142");
  EXPECT_EQ(sms_->sent[0].text, "Santé Canada: Bonjour Zoé, votre code est 1234.");
  EXPECT_EQ(sms_->sent[0].sender, "MISSIVE");
}

TEST_F(WorkersTest, GatewayThatReportsLaterLeavesTheTextSentUntilItsReceipt) {
  ASSERT_TRUE(
      store_->SetServiceCallback({service_.id, "https://a.example/cb", "0123456789", 1}).ok());
  Template sms{.id = NewUuid(), .service_id = service_.id, .type = TemplateType::kSms};
  sms.name = "sms";
  sms.body = "Bonjour";
  sms.created_by = "test";
  ASSERT_TRUE(store_->CreateTemplate(sms).ok());
  Notification n{.id = NewUuid(), .service_id = service_.id, .api_key_id = key_.id};
  n.type = TemplateType::kSms;
  n.template_id = sms.id;
  n.to = "6135550142";
  n.personalisation_json = "{}";
  n.created_at = SystemClock::Instance().NowMicros();
  ASSERT_TRUE(store_->InsertNotification(n).ok());
  sms_->awaits_receipt = true;

  Notification sent = RunUntilSettled(n.id, 0, SendOutcome::kRetry, {.threads = 1});
  EXPECT_EQ(sent.status, NotificationStatus::kSent);
  EXPECT_TRUE(sent.sent_at.has_value());
  auto none = store_->ClaimDueCallbacks(INT64_MAX / 2, 1, 10);
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_TRUE(none->empty());

  auto applied = RecordReceipt(*store_, SystemClock::Instance(), n.id,
                               NotificationStatus::kDelivered, "DELIVRD");
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_TRUE(*applied);
  auto again = RecordReceipt(*store_, SystemClock::Instance(), n.id,
                             NotificationStatus::kPermanentFailure, "late");
  EXPECT_FALSE(*again);

  EXPECT_EQ(store_->GetNotification(service_.id, n.id)->status, NotificationStatus::kDelivered);
  auto callbacks = store_->ClaimDueCallbacks(INT64_MAX / 2, 1, 10);
  ASSERT_EQ(callbacks->size(), 1u);
  auto body = nlohmann::json::parse((*callbacks)[0].payload_json);
  EXPECT_EQ(body["status"], "delivered");
  EXPECT_EQ(body["provider_response"], "DELIVRD");
  EXPECT_EQ(body["notification_type"], "sms");
}

TEST_F(WorkersTest, ReceiptForAnUnknownNotificationIsNotFound) {
  auto applied = RecordReceipt(*store_, SystemClock::Instance(), NewUuid(),
                               NotificationStatus::kDelivered, std::nullopt);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, ErrorCode::kNotFound);
}

TEST_F(WorkersTest, TestKeysGetSimulatedOutcomesByRecipient) {
  Notification temp = Insert(KeyType::kTest);
  temp.id = NewUuid();
  temp.to = "Temp-Fail@simulator.notify";
  ASSERT_TRUE(store_->InsertNotification(temp).ok());
  Notification perm = temp;
  perm.id = NewUuid();
  perm.to = "perm-fail@simulator.notify";
  ASSERT_TRUE(store_->InsertNotification(perm).ok());
  RunUntilSettled(perm.id, 0, SendOutcome::kRetry, {.threads = 1});
  EXPECT_EQ(store_->GetNotification(service_.id, temp.id)->status,
            NotificationStatus::kTemporaryFailure);
  EXPECT_EQ(store_->GetNotification(service_.id, perm.id)->status,
            NotificationStatus::kPermanentFailure);
  EXPECT_EQ(sends_.load(), 0);
}

TEST_F(WorkersTest, FinalStatusQueuesOneCallbackWithThePayload) {
  ServiceCallback callback{service_.id, "https://cb.example/status", "0123456789", 1, std::nullopt};
  ASSERT_TRUE(store_->SetServiceCallback(callback).ok());
  Notification n = Insert();
  Notification done = RunUntilSettled(n.id, 2, SendOutcome::kRetry, {.threads = 1});
  ASSERT_EQ(done.status, NotificationStatus::kDelivered);

  auto queued = store_->ClaimDueCallbacks(SystemClock::Instance().NowMicros(), 60'000'000, 10);
  ASSERT_TRUE(queued.ok());
  ASSERT_EQ(queued->size(), 1u);  // the retries before it queued nothing
  EXPECT_EQ((*queued)[0].notification_id, n.id);
  auto body = nlohmann::json::parse((*queued)[0].payload_json);
  EXPECT_EQ(body["id"], n.id);
  EXPECT_EQ(body["to"], "zoe@example.com");
  EXPECT_EQ(body["status"], "delivered");
  EXPECT_EQ(body["notification_type"], "email");
  EXPECT_EQ(body["sent_at"], FormatTimestamp(*done.sent_at));
  EXPECT_EQ(body["completed_at"], FormatTimestamp(*done.updated_at));
}

TEST_F(WorkersTest, TestKeyFailureQueuesItsCallbackToo) {
  ServiceCallback callback{service_.id, "https://cb.example/status", "0123456789", 1, std::nullopt};
  ASSERT_TRUE(store_->SetServiceCallback(callback).ok());
  Notification n = Insert(KeyType::kTest);
  n.id = NewUuid();
  n.to = "perm-fail@simulator.notify";
  ASSERT_TRUE(store_->InsertNotification(n).ok());
  RunUntilSettled(n.id, 0, SendOutcome::kRetry, {.threads = 1});

  auto queued = store_->ClaimDueCallbacks(SystemClock::Instance().NowMicros(), 60'000'000, 10);
  ASSERT_TRUE(queued.ok());
  std::vector<nlohmann::json> bodies;
  for (const auto& pending : *queued) bodies.push_back(nlohmann::json::parse(pending.payload_json));
  auto failed = std::find_if(bodies.begin(), bodies.end(),
                             [&](const nlohmann::json& body) { return body["id"] == n.id; });
  ASSERT_NE(failed, bodies.end());
  EXPECT_EQ((*failed)["status"], "permanent-failure");
  EXPECT_EQ((*failed)["status_description"], "No such address");
}

TEST_F(WorkersTest, ServiceBrandingChoosesTheBanner) {
  Service s = std::move(store_->GetService(service_.id)).value();
  s.branding = "gc-fr";
  ASSERT_TRUE(store_->UpdateService(s).ok());
  Notification n = Insert();
  RunUntilSettled(n.id, 0, SendOutcome::kRetry, {.threads = 1, .public_url = "https://n.gc.ca"});
  ASSERT_EQ(sent_.size(), 1u);
  EXPECT_NE(sent_[0].html_body.find("https://n.gc.ca/assets/gc-logo-fr.png"), std::string::npos);
  EXPECT_NE(sent_[0].html_body.find("lang=\"fr\""), std::string::npos);
}

TEST(RetryDelay, DoublesUpToTheCap) {
  WorkerOptions options{.retry_base = 1'000'000, .retry_cap = 5'000'000};
  EXPECT_EQ(RetryDelay(1, ProcessType::kNormal, options), 1'000'000);
  EXPECT_EQ(RetryDelay(2, ProcessType::kNormal, options), 2'000'000);
  EXPECT_EQ(RetryDelay(3, ProcessType::kNormal, options), 4'000'000);
  EXPECT_EQ(RetryDelay(4, ProcessType::kNormal, options), 5'000'000);
  EXPECT_EQ(RetryDelay(60, ProcessType::kNormal, options), 5'000'000);
}

TEST(RetryDelay, PriorityLaneHasItsOwnShorterCap) {
  WorkerOptions options{.retry_base = 1'000'000};
  EXPECT_EQ(RetryDelay(60, ProcessType::kPriority, options), 25'000'000);
  EXPECT_EQ(RetryDelay(60, ProcessType::kBulk, options), 300'000'000);
  EXPECT_EQ(RetryDelay(2, ProcessType::kPriority, options), 2'000'000);
}

}  // namespace
}  // namespace missive

namespace missive {
namespace {

TEST_F(WorkersTest, SweeperTimesOutWhatIsStillInFlightAfterThreeDays) {
  Notification n = Insert();
  ManualClock clock(n.created_at + 259'201 * kMicrosPerSecond);
  std::atomic<int> sends{0};
  DeliveryWorkers workers(
      *store_, clock,
      [&] {
        return std::make_unique<ScriptedSender>(1000, SendOutcome::kRetry, sends, sent_, mutex_);
      },
      [&] { return sms_; }, {.threads = 0, .sweep_interval = kMicrosPerSecond / 100});
  workers.Start();
  for (int i = 0; i < 200; ++i) {
    if (store_->GetNotification(service_.id, n.id)->status != NotificationStatus::kCreated) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  workers.Stop();
  EXPECT_EQ(store_->GetNotification(service_.id, n.id)->status,
            NotificationStatus::kTechnicalFailure);
  EXPECT_EQ(sends.load(), 0);
}

}  // namespace
}  // namespace missive
