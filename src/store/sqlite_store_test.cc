#include "store/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <thread>

#include "core/uuid.h"
#include "store/internal/migrations.h"

namespace missive {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("missive-store-" + NewUuid());
    store_ = Open();
    service_ = Service{NewUuid(), "Service A", "service-a", true, false, 1000};
    ASSERT_TRUE(store_->CreateService(service_).ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<Store> Open() {
    auto store = OpenSqliteStore({.data_dir = dir_.string()});
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return std::move(store).value();
  }

  ApiKey MakeKey(std::string name) {
    return ApiKey{NewUuid(),    service_.id, std::move(name), KeyType::kNormal, NewUuid(),
                  std::nullopt, 2000};
  }

  Template MakeTemplate() {
    Template t;
    t.id = NewUuid();
    t.service_id = service_.id;
    t.name = "Confirmation";
    t.subject = "Votre demande";
    t.body = "Bonjour ((name))";
    t.created_at = 3000;
    t.created_by = "cli";
    return t;
  }

  Notification MakeNotification(const Template& t, const ApiKey& key) {
    Notification n;
    n.id = NewUuid();
    n.service_id = service_.id;
    n.api_key_id = key.id;
    n.template_id = t.id;
    n.template_version = t.version;
    n.to = "someone@example.com";
    n.personalisation_json = R"({"name":"Zoé"})";
    n.created_at = 5000;
    return n;
  }

  // A notification stored with its key and template, ready for delivery updates.
  Notification StoredNotification(TemplateType type = TemplateType::kEmail) {
    Template t = MakeTemplate();
    ApiKey key = MakeKey("live-" + NewUuid());
    EXPECT_TRUE(store_->CreateTemplate(t).ok());
    EXPECT_TRUE(store_->CreateApiKey(key).ok());
    Notification n = MakeNotification(t, key);
    n.type = type;
    EXPECT_TRUE(store_->InsertNotification(n).ok());
    return n;
  }

  PendingCallback MakeCallback(Micros due) {
    return PendingCallback{.id = NewUuid(),
                           .notification_id = NewUuid(),
                           .service_id = service_.id,
                           .payload_json = R"({"status":"delivered"})",
                           .next_attempt_at = due,
                           .created_at = due};
  }

  // Runs `sql` straight on the database file, as another process would.
  void ExecSql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "missive.db").c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
    sqlite3_free(error);
    sqlite3_close(db);
  }

  // Stores `count` copies of `seed` (new ids: prefix-1, prefix-2, ...) as one transaction.
  void CloneNotification(const Notification& seed, const std::string& prefix, int count) {
    ExecSql("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < " +
            std::to_string(count) +
            ") INSERT INTO notifications (id, service_id, api_key_id, key_type, template_id, "
            "template_version, notification_type, to_address, personalisation, status, created_at, "
            "due_at, lane) SELECT '" +
            prefix +
            "-' || i, service_id, api_key_id, key_type, template_id, template_version, "
            "notification_type, to_address, personalisation, status, created_at, due_at, lane "
            "FROM notifications, c WHERE id = '" +
            seed.id + "'");
  }

  // A stored notification of another service, with its own key and template.
  Notification StoredNotificationOf(const Service& service, ProcessType lane) {
    Template t = MakeTemplate();
    t.service_id = service.id;
    t.process_type = lane;
    ApiKey key = MakeKey("live-" + NewUuid());
    key.service_id = service.id;
    EXPECT_TRUE(store_->CreateTemplate(t).ok());
    EXPECT_TRUE(store_->CreateApiKey(key).ok());
    Notification n = MakeNotification(t, key);
    n.service_id = service.id;
    EXPECT_TRUE(store_->InsertNotification(n).ok());
    return n;
  }

  Service OtherService(const std::string& name) {
    Service other{NewUuid(), name, name, true, false, 1000};
    EXPECT_TRUE(store_->CreateService(other).ok());
    return other;
  }

  // The one integer `sql` selects, read straight from the database file.
  int64_t QueryInt(const std::string& sql, const std::string& text) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open((dir_ / "missive.db").c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    sqlite3_bind_text(stmt, 1, text.c_str(), -1, SQLITE_TRANSIENT);
    int64_t value = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  Service service_;
};

TEST_F(SqliteStoreTest, ReopeningKeepsDataAndSchema) {
  store_.reset();
  store_ = Open();
  auto found = store_->GetService(service_.id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->name, "Service A");
  EXPECT_FALSE(found->restricted);
  EXPECT_EQ(LatestSchemaVersion(), sqlite::Migrations().back().version);
  EXPECT_EQ(found->branding, "gc-en");
  EXPECT_TRUE(found->prefix_sms);
}

TEST_F(SqliteStoreTest, DuplicateServiceNameIsAConflict) {
  Service other{NewUuid(), "Service A", "other", true, true, 1};
  Status created = store_->CreateService(other);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->ListServices()->size(), 1u);
}

TEST_F(SqliteStoreTest, UnknownServiceIsNotFound) {
  auto found = store_->GetService(NewUuid());
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteStoreTest, KeySecretIsNeverStoredInClear) {
  ApiKey key = MakeKey("live");
  ASSERT_TRUE(store_->CreateApiKey(key).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "missive.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT count(*) FROM api_keys WHERE secret_sealed LIKE ? "
                     "OR secret_digest LIKE ?",
                     -1, &stmt, nullptr);
  std::string pattern = "%" + key.secret + "%";
  sqlite3_bind_text(stmt, 1, pattern.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 2, pattern.c_str(), -1, SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_F(SqliteStoreTest, KeysAreFoundBySecretAndOpened) {
  ApiKey key = MakeKey("live");
  ASSERT_TRUE(store_->CreateApiKey(key).ok());
  auto found = store_->FindApiKeyBySecret(key.secret);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, key.id);
  EXPECT_EQ(found->secret, key.secret);
  EXPECT_FALSE(store_->FindApiKeyBySecret(NewUuid()).ok());
  auto keys = store_->GetApiKeys(service_.id);
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0].secret, key.secret);
}

TEST_F(SqliteStoreTest, LiveKeyNamesAreUniqueUntilRevoked) {
  ApiKey first = MakeKey("live");
  ASSERT_TRUE(store_->CreateApiKey(first).ok());
  EXPECT_EQ(store_->CreateApiKey(MakeKey("live")).error().code, ErrorCode::kConflict);
  ASSERT_TRUE(store_->RevokeApiKey(first.id, 9000).ok());
  EXPECT_TRUE(store_->CreateApiKey(MakeKey("live")).ok());
  EXPECT_EQ(store_->RevokeApiKey(first.id, 9001).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*store_->FindApiKeyBySecret(first.secret)->revoked_at, 9000);
}

TEST_F(SqliteStoreTest, TemplateUpdatesKeepEveryVersion) {
  Template t = MakeTemplate();
  ASSERT_TRUE(store_->CreateTemplate(t).ok());
  auto updated = store_->UpdateTemplate(t.id, {.name = "Renamed", .body = "Salut"}, 4000);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->version, 2);
  auto current = store_->GetTemplate(service_.id, t.id);
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->version, 2);
  EXPECT_EQ(current->name, "Renamed");
  EXPECT_EQ(current->subject, "Votre demande");
  EXPECT_EQ(current->updated_at, 4000);
  auto first = store_->GetTemplate(service_.id, t.id, 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->body, "Bonjour ((name))");
  EXPECT_EQ(first->updated_at, std::nullopt);
  EXPECT_FALSE(store_->GetTemplate(service_.id, t.id, 3).ok());
}

TEST_F(SqliteStoreTest, ListTemplatesByNameAtCurrentVersion) {
  Template b = MakeTemplate();
  b.name = "B";
  Template a = MakeTemplate();
  a.name = "A";
  a.type = TemplateType::kSms;
  a.subject.reset();
  ASSERT_TRUE(store_->CreateTemplate(b).ok());
  ASSERT_TRUE(store_->CreateTemplate(a).ok());
  ASSERT_TRUE(store_->UpdateTemplate(b.id, {.body = "v2"}, 4000).ok());
  auto all = store_->ListTemplates(service_.id, std::nullopt);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "A");
  EXPECT_EQ((*all)[1].version, 2);
  EXPECT_EQ((*all)[1].body, "v2");
  auto sms = store_->ListTemplates(service_.id, TemplateType::kSms);
  ASSERT_EQ(sms->size(), 1u);
  EXPECT_EQ((*sms)[0].id, a.id);
  EXPECT_TRUE(store_->ListTemplates(NewUuid(), std::nullopt)->empty());
}

TEST_F(SqliteStoreTest, TemplatesOfAnotherServiceAreNotFound) {
  Template t = MakeTemplate();
  ASSERT_TRUE(store_->CreateTemplate(t).ok());
  auto found = store_->GetTemplate(NewUuid(), t.id);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteStoreTest, NotificationsAreScopedToTheirService) {
  Template t = MakeTemplate();
  ApiKey key = MakeKey("live");
  ASSERT_TRUE(store_->CreateTemplate(t).ok());
  ASSERT_TRUE(store_->CreateApiKey(key).ok());
  Notification n = MakeNotification(t, key);
  ASSERT_TRUE(store_->InsertNotification(n).ok());
  auto found = store_->GetNotification(service_.id, n.id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->personalisation_json, R"({"name":"Zoé"})");
  EXPECT_EQ(found->status, NotificationStatus::kCreated);
  EXPECT_FALSE(store_->GetNotification(NewUuid(), n.id).ok());
}

TEST_F(SqliteStoreTest, InsertWithUnknownTemplateVersionChangesNothing) {
  Template t = MakeTemplate();
  ApiKey key = MakeKey("live");
  ASSERT_TRUE(store_->CreateTemplate(t).ok());
  ASSERT_TRUE(store_->CreateApiKey(key).ok());
  Notification n = MakeNotification(t, key);
  n.template_version = 7;
  EXPECT_EQ(store_->InsertNotification(n).error().code, ErrorCode::kConflict);
  EXPECT_FALSE(store_->GetNotification(service_.id, n.id).ok());
}

TEST_F(SqliteStoreTest, ClaimLeasesUntilExpiryThenAllowsTakeOver) {
  Template t = MakeTemplate();
  ApiKey key = MakeKey("live");
  ASSERT_TRUE(store_->CreateTemplate(t).ok());
  ASSERT_TRUE(store_->CreateApiKey(key).ok());
  Notification n = MakeNotification(t, key);
  ASSERT_TRUE(store_->InsertNotification(n).ok());

  auto claimed = store_->ClaimDue(10'000, 60'000, 10);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].status, NotificationStatus::kSending);
  EXPECT_EQ((*claimed)[0].attempts, 1);
  EXPECT_TRUE(store_->ClaimDue(20'000, 60'000, 10)->empty());

  auto taken_over = store_->ClaimDue(70'000, 60'000, 10);
  ASSERT_EQ(taken_over->size(), 1u);
  EXPECT_EQ((*taken_over)[0].attempts, 2);

  DeliveryUpdate done{n.id, NotificationStatus::kDelivered, "250 OK", 71'000, 71'000, 71'000};
  ASSERT_TRUE(store_->UpdateDelivery(done).ok());
  EXPECT_TRUE(store_->ClaimDue(999'000'000, 60'000, 10)->empty());
  auto delivered = store_->GetNotification(service_.id, n.id);
  EXPECT_EQ(delivered->status, NotificationStatus::kDelivered);
  EXPECT_EQ(delivered->sent_at, 71'000);
  EXPECT_EQ(delivered->provider_response, "250 OK");
}

TEST_F(SqliteStoreTest, ListNotificationsFiltersAndPages) {
  Template t = MakeTemplate();
  ApiKey key = MakeKey("live");
  ASSERT_TRUE(store_->CreateTemplate(t).ok());
  ASSERT_TRUE(store_->CreateApiKey(key).ok());
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    Notification n = MakeNotification(t, key);
    n.created_at = 1000 + i;
    n.reference = i % 2 == 0 ? "even" : "odd";
    ASSERT_TRUE(store_->InsertNotification(n).ok());
    ids.push_back(n.id);
  }
  NotificationQuery query{.service_id = service_.id};
  auto all = store_->ListNotifications(query);
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->size(), 5u);
  EXPECT_EQ((*all)[0].id, ids[4]);

  query.reference = "even";
  EXPECT_EQ(store_->ListNotifications(query)->size(), 3u);
  query.reference.reset();
  query.older_than = ids[2];
  auto older = store_->ListNotifications(query);
  ASSERT_EQ(older->size(), 2u);
  EXPECT_EQ((*older)[0].id, ids[1]);
  query.older_than = NewUuid();
  EXPECT_TRUE(store_->ListNotifications(query)->empty());

  query.older_than.reset();
  query.statuses = {"delivered"};
  EXPECT_TRUE(store_->ListNotifications(query)->empty());
  query.statuses = {"created", "sending"};
  query.types = {"email"};
  EXPECT_EQ(store_->ListNotifications(query)->size(), 5u);
  query.key_type = KeyType::kTest;
  EXPECT_TRUE(store_->ListNotifications(query)->empty());
}

TEST_F(SqliteStoreTest, SendersAndReceivedTextsBelongToTheirService) {
  ASSERT_TRUE(store_->AddReplyTo({NewUuid(), service_.id, "help@example.ca", true, 1}).ok());
  ASSERT_TRUE(store_->AddSmsSender({NewUuid(), service_.id, "CANADA.CA", true, 1}).ok());
  EXPECT_EQ(store_->ListReplyTos(service_.id)->at(0).email_address, "help@example.ca");
  EXPECT_EQ(store_->ListSmsSenders(service_.id)->at(0).sms_sender, "CANADA.CA");
  EXPECT_TRUE(store_->ListReplyTos(NewUuid())->empty());

  ReceivedText first{NewUuid(), service_.id, "+16135550100", "+16135550142", "Oui", 10};
  ReceivedText second{NewUuid(), service_.id, "+16135550100", "+16135550143", "Non", 20};
  ASSERT_TRUE(store_->InsertReceivedText(first).ok());
  ASSERT_TRUE(store_->InsertReceivedText(second).ok());
  auto texts = store_->ListReceivedTexts(service_.id, std::nullopt, 250);
  ASSERT_EQ(texts->size(), 2u);
  EXPECT_EQ((*texts)[0].content, "Non");
  auto older = store_->ListReceivedTexts(service_.id, second.id, 250);
  ASSERT_EQ(older->size(), 1u);
  EXPECT_EQ((*older)[0].id, first.id);
}

TEST_F(SqliteStoreTest, CancelAndClaimRacingExactlyOneWins) {
  Template t = MakeTemplate();
  ApiKey key = MakeKey("live");
  ASSERT_TRUE(store_->CreateTemplate(t).ok());
  ASSERT_TRUE(store_->CreateApiKey(key).ok());
  for (int round = 0; round < 50; ++round) {
    Notification n = MakeNotification(t, key);
    n.scheduled_for = 10'000;
    ASSERT_TRUE(store_->InsertNotification(n).ok());
    std::optional<Store::CancelOutcome> cancel;
    size_t claimed = 0;
    std::thread canceller([&] { cancel = *store_->CancelScheduled(service_.id, n.id, 20'000); });
    std::thread claimer([&] { claimed = store_->ClaimDue(20'000, 60'000'000, 10)->size(); });
    canceller.join();
    claimer.join();
    bool cancelled = cancel == Store::CancelOutcome::kCancelled;
    EXPECT_NE(cancelled, claimed == 1) << "round " << round;
    auto status = store_->GetNotification(service_.id, n.id)->status;
    EXPECT_EQ(status, cancelled ? NotificationStatus::kCancelled : NotificationStatus::kSending);
  }
}

TEST_F(SqliteStoreTest, StaleNotificationsTimeOutAsGcNotifyDoes) {
  Template t = MakeTemplate();
  ApiKey key = MakeKey("live");
  ASSERT_TRUE(store_->CreateTemplate(t).ok());
  ASSERT_TRUE(store_->CreateApiKey(key).ok());
  Notification old_created = MakeNotification(t, key);
  old_created.created_at = 1'000;
  Notification old_sending = MakeNotification(t, key);
  old_sending.created_at = 1'000;
  Notification scheduled = MakeNotification(t, key);
  scheduled.created_at = 1'000;
  scheduled.scheduled_for = 900'000;
  Notification fresh = MakeNotification(t, key);
  fresh.created_at = 800'000;
  for (const auto& n : {old_created, old_sending, scheduled, fresh}) {
    ASSERT_TRUE(store_->InsertNotification(n).ok());
  }
  ASSERT_TRUE(store_
                  ->UpdateDelivery({old_sending.id, NotificationStatus::kSending, std::nullopt,
                                    std::nullopt, 2'000, 3'000})
                  .ok());

  auto changed = store_->TimeOutStale(500'000, 999'000);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(*changed, 2);
  EXPECT_EQ(store_->GetNotification(service_.id, old_created.id)->status,
            NotificationStatus::kTechnicalFailure);
  EXPECT_EQ(store_->GetNotification(service_.id, old_sending.id)->status,
            NotificationStatus::kTemporaryFailure);
  EXPECT_EQ(store_->GetNotification(service_.id, scheduled.id)->status,
            NotificationStatus::kCreated);
  EXPECT_EQ(store_->GetNotification(service_.id, fresh.id)->status, NotificationStatus::kCreated);
}

TEST_F(SqliteStoreTest, ConcurrentInsertsAreAllCommitted) {
  Template t = MakeTemplate();
  ApiKey key = MakeKey("live");
  ASSERT_TRUE(store_->CreateTemplate(t).ok());
  ASSERT_TRUE(store_->CreateApiKey(key).ok());
  constexpr int kThreads = 16, kEach = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < kEach; ++j) {
        if (!store_->InsertNotification(MakeNotification(t, key)).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto claimed = store_->ClaimDue(10'000, 60'000, kThreads * kEach + 10);
  EXPECT_EQ(claimed->size(), static_cast<size_t>(kThreads * kEach));
}

TEST_F(SqliteStoreTest, CallbackTokenIsSealedOnDiskAndOpenedOnRead) {
  const std::string token = "secret-token-" + NewUuid();
  ASSERT_TRUE(store_->SetServiceCallback({service_.id, "https://a.example/cb", token, 100}).ok());
  EXPECT_EQ(QueryInt("SELECT count(*) FROM service_callbacks WHERE token_sealed LIKE ?",
                     "%" + token + "%"),
            0);
  EXPECT_EQ(QueryInt("SELECT count(*) FROM service_callbacks WHERE service_id = ?", service_.id),
            1);

  auto found = store_->GetServiceCallback(service_.id, CallbackKind::kDeliveryStatus);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->url, "https://a.example/cb");
  EXPECT_EQ(found->bearer_token, token);
  EXPECT_EQ(found->created_at, 100);
  EXPECT_FALSE(found->updated_at.has_value());
}

TEST_F(SqliteStoreTest, SettingACallbackAgainReplacesItAndKeepsItsCreationTime) {
  ASSERT_TRUE(
      store_->SetServiceCallback({service_.id, "https://a.example/1", "token-one-1", 100}).ok());
  ASSERT_TRUE(
      store_->SetServiceCallback({service_.id, "https://a.example/2", "token-two-2", 200}).ok());
  auto found = store_->GetServiceCallback(service_.id, CallbackKind::kDeliveryStatus);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->url, "https://a.example/2");
  EXPECT_EQ(found->bearer_token, "token-two-2");
  EXPECT_EQ(found->created_at, 100);
  EXPECT_EQ(found->updated_at, 200);
}

TEST_F(SqliteStoreTest, CallbacksOfUnknownServicesAreNotFound) {
  Status set = store_->SetServiceCallback({NewUuid(), "https://a.example/cb", "0123456789", 1});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, ErrorCode::kNotFound);
  auto none = store_->GetServiceCallback(service_.id, CallbackKind::kDeliveryStatus);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteStoreTest, FinalUpdateQueuesItsCallbackOnlyWhenTheServiceHasOne) {
  Notification before = StoredNotification();
  DeliveryUpdate update{
      before.id,           NotificationStatus::kDelivered, std::nullopt, 9'000, 9'000, 9'000,
      R"({"id":"before"})"};
  ASSERT_TRUE(store_->UpdateDelivery(update).ok());
  EXPECT_TRUE(store_->ClaimDueCallbacks(999'000, 60'000, 10)->empty());

  ASSERT_TRUE(
      store_->SetServiceCallback({service_.id, "https://a.example/cb", "0123456789", 1}).ok());
  Notification after = StoredNotification();
  update.id = after.id;
  update.callback_payload = R"({"id":"after"})";
  ASSERT_TRUE(store_->UpdateDelivery(update).ok());
  EXPECT_EQ(store_->GetNotification(service_.id, after.id)->status, NotificationStatus::kDelivered);

  auto claimed = store_->ClaimDueCallbacks(9'000, 60'000, 10);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  const PendingCallback& callback = (*claimed)[0];
  EXPECT_EQ(callback.notification_id, after.id);
  EXPECT_EQ(callback.service_id, service_.id);
  EXPECT_EQ(callback.payload_json, R"({"id":"after"})");
  EXPECT_EQ(callback.attempts, 0);
  EXPECT_EQ(callback.created_at, 9'000);
  EXPECT_EQ(callback.url, "https://a.example/cb");
  EXPECT_EQ(callback.bearer_token, "0123456789");
}

TEST_F(SqliteStoreTest, UpdateWithoutPayloadQueuesNoCallback) {
  ASSERT_TRUE(
      store_->SetServiceCallback({service_.id, "https://a.example/cb", "0123456789", 1}).ok());
  Notification n = StoredNotification();
  DeliveryUpdate retry{n.id,  NotificationStatus::kSending, std::nullopt, std::nullopt, 9'000,
                       19'000};
  ASSERT_TRUE(store_->UpdateDelivery(retry).ok());
  EXPECT_TRUE(store_->ClaimDueCallbacks(999'000, 60'000, 10)->empty());
}

TEST_F(SqliteStoreTest, EnqueueCallbackNeedsAConfiguredCallback) {
  auto without = store_->EnqueueCallback(MakeCallback(1'000));
  ASSERT_TRUE(without.ok());
  EXPECT_FALSE(*without);

  ASSERT_TRUE(
      store_->SetServiceCallback({service_.id, "https://a.example/cb", "0123456789", 1}).ok());
  auto with = store_->EnqueueCallback(MakeCallback(1'000));
  ASSERT_TRUE(with.ok());
  EXPECT_TRUE(*with);
  EXPECT_EQ(store_->ClaimDueCallbacks(1'000, 60'000, 10)->size(), 1u);
}

TEST_F(SqliteStoreTest, ClaimedCallbacksAreLeasedUntilExpiryThenTakenOver) {
  ASSERT_TRUE(
      store_->SetServiceCallback({service_.id, "https://a.example/cb", "0123456789", 1}).ok());
  PendingCallback first = MakeCallback(1'000);
  PendingCallback later = MakeCallback(50'000);
  ASSERT_TRUE(*store_->EnqueueCallback(later));
  ASSERT_TRUE(*store_->EnqueueCallback(first));

  EXPECT_TRUE(store_->ClaimDueCallbacks(999, 60'000, 10)->empty());
  auto claimed = store_->ClaimDueCallbacks(10'000, 60'000, 10);
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].id, first.id);
  EXPECT_EQ((*claimed)[0].next_attempt_at, 70'000);

  auto next = store_->ClaimDueCallbacks(69'999, 60'000, 10);
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ((*next)[0].id, later.id);
  auto taken_over = store_->ClaimDueCallbacks(70'000, 60'000, 10);
  ASSERT_EQ(taken_over->size(), 1u);
  EXPECT_EQ((*taken_over)[0].id, first.id);
}

TEST_F(SqliteStoreTest, RescheduledCallbackCountsTheAttemptAndWaits) {
  ASSERT_TRUE(
      store_->SetServiceCallback({service_.id, "https://a.example/cb", "0123456789", 1}).ok());
  PendingCallback callback = MakeCallback(1'000);
  ASSERT_TRUE(*store_->EnqueueCallback(callback));
  ASSERT_EQ(store_->ClaimDueCallbacks(1'000, 60'000, 10)->size(), 1u);

  ASSERT_TRUE(store_->RescheduleCallback(callback.id, 5'000, "HTTP 503").ok());
  EXPECT_TRUE(store_->ClaimDueCallbacks(4'999, 60'000, 10)->empty());
  auto again = store_->ClaimDueCallbacks(5'000, 60'000, 10);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].attempts, 1);
  EXPECT_EQ((*again)[0].last_error, "HTTP 503");
}

TEST_F(SqliteStoreTest, GivenUpCallbackIsKeptButNeverClaimedAgain) {
  ASSERT_TRUE(
      store_->SetServiceCallback({service_.id, "https://a.example/cb", "0123456789", 1}).ok());
  PendingCallback callback = MakeCallback(1'000);
  ASSERT_TRUE(*store_->EnqueueCallback(callback));
  ASSERT_EQ(store_->ClaimDueCallbacks(1'000, 60'000, 10)->size(), 1u);

  ASSERT_TRUE(store_->GiveUpCallback(callback.id, 2'000, "HTTP 404").ok());
  EXPECT_TRUE(store_->ClaimDueCallbacks(999'000'000, 60'000, 10)->empty());
  EXPECT_EQ(QueryInt("SELECT given_up_at FROM pending_callbacks WHERE id = ?", callback.id), 2'000);
  EXPECT_EQ(QueryInt("SELECT attempts FROM pending_callbacks WHERE id = ?", callback.id), 1);
  EXPECT_EQ(QueryInt("SELECT count(*) FROM pending_callbacks WHERE id = ? AND "
                     "last_error = 'HTTP 404'",
                     callback.id),
            1);
}

TEST_F(SqliteStoreTest, DeliveredCallbackIsDeleted) {
  ASSERT_TRUE(
      store_->SetServiceCallback({service_.id, "https://a.example/cb", "0123456789", 1}).ok());
  PendingCallback callback = MakeCallback(1'000);
  ASSERT_TRUE(*store_->EnqueueCallback(callback));
  ASSERT_EQ(store_->ClaimDueCallbacks(1'000, 60'000, 10)->size(), 1u);

  ASSERT_TRUE(store_->MarkCallbackDelivered(callback.id).ok());
  EXPECT_EQ(QueryInt("SELECT count(*) FROM pending_callbacks WHERE id = ?", callback.id), 0);
  EXPECT_TRUE(store_->MarkCallbackDelivered(callback.id).ok());
}

TEST_F(SqliteStoreTest, EachCallbackKindHasItsOwnUrlAndQueue) {
  ServiceCallback complaints{service_.id,  "https://a.example/complaints", "complaint-token", 1,
                             std::nullopt, CallbackKind::kComplaint};
  ASSERT_TRUE(store_->SetServiceCallback(complaints).ok());
  auto status = store_->GetServiceCallback(service_.id, CallbackKind::kDeliveryStatus);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kNotFound);

  PendingCallback report = MakeCallback(1'000);
  EXPECT_FALSE(*store_->EnqueueCallback(report));  // no delivery-status callback
  report.kind = CallbackKind::kComplaint;
  EXPECT_TRUE(*store_->EnqueueCallback(report));

  auto claimed = store_->ClaimDueCallbacks(1'000, 60'000, 10);
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].kind, CallbackKind::kComplaint);
  EXPECT_EQ((*claimed)[0].url, "https://a.example/complaints");
  EXPECT_EQ((*claimed)[0].bearer_token, "complaint-token");
}

TEST_F(SqliteStoreTest, FindNotificationSearchesEveryService) {
  Notification n = StoredNotification();
  auto found = store_->FindNotification(n.id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->service_id, service_.id);
  auto missing = store_->FindNotification(NewUuid());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteStoreTest, SmsReceiptAppliesOnlyWhileTheMessageIsSent) {
  Notification n = StoredNotification(TemplateType::kSms);
  ASSERT_TRUE(
      store_->UpdateDelivery({n.id, NotificationStatus::kSent, "queued", 8'000, 8'000, 8'000})
          .ok());

  Receipt delivered{n.id, NotificationStatus::kDelivered, "Message has been accepted by phone",
                    9'000};
  EXPECT_TRUE(*store_->ApplyReceipt(delivered, std::nullopt));
  Receipt late{n.id, NotificationStatus::kPermanentFailure, "late duplicate", 10'000};
  EXPECT_FALSE(*store_->ApplyReceipt(late, std::nullopt));

  auto stored = store_->GetNotification(service_.id, n.id);
  EXPECT_EQ(stored->status, NotificationStatus::kDelivered);
  EXPECT_EQ(stored->provider_response, "Message has been accepted by phone");
}

TEST_F(SqliteStoreTest, EmailBounceReplacesDeliveredButDeliveredNeverReplacesPermanentFailure) {
  Notification n = StoredNotification();
  ASSERT_TRUE(store_
                  ->UpdateDelivery(
                      {n.id, NotificationStatus::kDelivered, std::nullopt, 8'000, 8'000, 8'000})
                  .ok());
  Receipt bounce{n.id, NotificationStatus::kPermanentFailure, std::nullopt, 9'000};
  EXPECT_TRUE(*store_->ApplyReceipt(bounce, std::nullopt));
  Receipt delivered{n.id, NotificationStatus::kDelivered, std::nullopt, 10'000};
  EXPECT_FALSE(*store_->ApplyReceipt(delivered, std::nullopt));
  EXPECT_EQ(store_->GetNotification(service_.id, n.id)->status,
            NotificationStatus::kPermanentFailure);
}

TEST_F(SqliteStoreTest, AppliedReceiptQueuesItsCallbackAndIgnoredOneDoesNot) {
  ASSERT_TRUE(
      store_->SetServiceCallback({service_.id, "https://a.example/cb", "0123456789", 1}).ok());
  Notification n = StoredNotification();
  Receipt bounce{n.id, NotificationStatus::kPermanentFailure, std::nullopt, 9'000};
  EXPECT_TRUE(*store_->ApplyReceipt(bounce, R"({"status":"permanent-failure"})"));
  Receipt delivered{n.id, NotificationStatus::kDelivered, std::nullopt, 10'000};
  EXPECT_FALSE(*store_->ApplyReceipt(delivered, R"({"status":"delivered"})"));

  auto claimed = store_->ClaimDueCallbacks(99'000, 60'000, 10);
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].payload_json, R"({"status":"permanent-failure"})");
}

TEST_F(SqliteStoreTest, ReceiptForAnUnknownNotificationIsNotFound) {
  auto applied = store_->ApplyReceipt({NewUuid(), NotificationStatus::kDelivered}, std::nullopt);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, ErrorCode::kNotFound);
}

TEST_F(SqliteStoreTest, OneServicesLargeBatchDoesNotHoldUpAnotherServicesMessage) {
  Notification seed = StoredNotification();
  CloneNotification(seed, "batch", 50'000);
  Service other = OtherService("Service B");
  Notification single = StoredNotificationOf(other, ProcessType::kNormal);

  auto claimed = store_->ClaimDue(10'000, 60'000, 8);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 8u);  // B's one, and the batch takes the rest
  auto found = std::find_if(claimed->begin(), claimed->end(),
                            [&](const Notification& n) { return n.id == single.id; });
  ASSERT_NE(found, claimed->end());
  EXPECT_LE(found - claimed->begin(), 1);  // the claim alternates between the services
  auto next = store_->ClaimDue(10'000, 60'000, 8);
  EXPECT_EQ(next->size(), 8u);
}

TEST_F(SqliteStoreTest, ServicesTakeTurnsWhenThereAreMoreThanOneClaimHolds) {
  std::vector<std::string> services;
  for (int i = 0; i < 5; ++i) {
    Service service = OtherService("Service " + std::to_string(i));
    Notification seed = StoredNotificationOf(service, ProcessType::kNormal);
    CloneNotification(seed, "s" + std::to_string(i), 20);
    services.push_back(service.id);
  }
  std::set<std::string> served;
  for (int claim = 0; claim < 5; ++claim) {
    auto claimed = store_->ClaimDue(10'000, 60'000, 1);
    ASSERT_EQ(claimed->size(), 1u);
    served.insert((*claimed)[0].service_id);
  }
  EXPECT_EQ(served.size(), 5u);  // five claims of one: each service once
}

TEST_F(SqliteStoreTest, LanesAreServedPriorityThenNormalThenBulk) {
  Service other = OtherService("Service B");
  Notification bulk = StoredNotificationOf(other, ProcessType::kBulk);
  Notification normal = StoredNotificationOf(other, ProcessType::kNormal);
  Notification priority = StoredNotificationOf(other, ProcessType::kPriority);

  std::vector<std::string> order;
  for (int claim = 0; claim < 3; ++claim) {
    auto claimed = store_->ClaimDue(10'000, 60'000, 1);
    ASSERT_EQ(claimed->size(), 1u);
    order.push_back((*claimed)[0].id);
  }
  EXPECT_EQ(order, (std::vector<std::string>{priority.id, normal.id, bulk.id}));
  EXPECT_EQ(store_->FindNotification(priority.id)->lane, ProcessType::kPriority);
}

TEST_F(SqliteStoreTest, TemplateProcessTypeIsKeptAndChangedByUpdates) {
  Template t = MakeTemplate();
  t.process_type = ProcessType::kBulk;
  ASSERT_TRUE(store_->CreateTemplate(t).ok());
  EXPECT_EQ(store_->GetTemplate(service_.id, t.id)->process_type, ProcessType::kBulk);
  TemplateChange change;
  change.process_type = ProcessType::kPriority;
  auto updated = store_->UpdateTemplate(t.id, change, 9'000);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(store_->GetTemplate(service_.id, t.id)->process_type, ProcessType::kPriority);
  EXPECT_EQ(store_->GetTemplate(service_.id, t.id, 1)->process_type, ProcessType::kPriority);
}

}  // namespace
}  // namespace missive
