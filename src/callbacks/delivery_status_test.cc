#include "callbacks/delivery_status.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace missive {
namespace {

using nlohmann::json;

constexpr Micros kCreated = 1'796'300'000'000'000;  // 2026-12-03T12:13:20Z

Notification Claimed(TemplateType type, std::string to) {
  Notification n;
  n.id = "6f1d3b7e-2a4c-4e8f-9b0a-1c2d3e4f5a6b";
  n.service_id = "service";
  n.type = type;
  n.to = std::move(to);
  n.reference = "dossier-42";
  n.status = NotificationStatus::kSending;
  n.created_at = kCreated;
  return n;
}

TEST(DeliveryStatusPayload, DeliveredEmailHasGcNotifyFieldsInOrder) {
  Notification n = Claimed(TemplateType::kEmail, "zoe@example.com");
  DeliveryUpdate update{n.id,
                        NotificationStatus::kDelivered,
                        std::nullopt,
                        kCreated + 2'500'000,
                        kCreated + 2'500'000,
                        kCreated + 2'500'000};

  auto body = nlohmann::ordered_json::parse(DeliveryStatusPayload(n, update));

  std::vector<std::string> keys;
  for (const auto& item : body.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "reference", "to", "status", "status_description",
                                            "provider_response", "created_at", "completed_at",
                                            "sent_at", "notification_type"}));
  EXPECT_EQ(body["id"], n.id);
  EXPECT_EQ(body["reference"], "dossier-42");
  EXPECT_EQ(body["to"], "zoe@example.com");
  EXPECT_EQ(body["status"], "delivered");
  EXPECT_EQ(body["status_description"], "Delivered");
  EXPECT_TRUE(body["provider_response"].is_null());
  EXPECT_EQ(body["created_at"], FormatTimestamp(kCreated));
  EXPECT_EQ(body["completed_at"], FormatTimestamp(kCreated + 2'500'000));
  EXPECT_EQ(body["sent_at"], FormatTimestamp(kCreated + 2'500'000));
  EXPECT_EQ(body["notification_type"], "email");
}

TEST(DeliveryStatusPayload, TimesUseTheMicrosecondZuluFormat) {
  Notification n = Claimed(TemplateType::kEmail, "zoe@example.com");
  n.created_at = 1'796'307'692'123'456;
  DeliveryUpdate update{
      n.id, NotificationStatus::kDelivered, std::nullopt, std::nullopt, n.created_at, n.created_at};
  json body = json::parse(DeliveryStatusPayload(n, update));
  EXPECT_EQ(body["created_at"], "2026-12-03T14:21:32.123456Z");
}

TEST(DeliveryStatusPayload, SmsPermanentFailureCarriesProviderResponseAndNulls) {
  Notification n = Claimed(TemplateType::kSms, "+16135550199");
  n.reference.reset();
  DeliveryUpdate update{n.id,
                        NotificationStatus::kPermanentFailure,
                        "Phone is currently unreachable/unavailable",
                        std::nullopt,
                        kCreated + 1,
                        kCreated + 1};

  json body = json::parse(DeliveryStatusPayload(n, update));

  EXPECT_TRUE(body["reference"].is_null());
  EXPECT_EQ(body["to"], "+16135550199");
  EXPECT_EQ(body["status"], "permanent-failure");
  EXPECT_EQ(body["status_description"], "No such number");
  EXPECT_EQ(body["provider_response"], "Phone is currently unreachable/unavailable");
  EXPECT_TRUE(body["sent_at"].is_null());
  EXPECT_EQ(body["notification_type"], "sms");
}

TEST(DeliveryStatusPayload, FailureAfterAnEarlierSendKeepsTheNotificationsSentAt) {
  Notification n = Claimed(TemplateType::kEmail, "zoe@example.com");
  n.sent_at = kCreated + 10;
  DeliveryUpdate update{n.id,
                        NotificationStatus::kTechnicalFailure,
                        "550 5.1.1 no such user",
                        std::nullopt,
                        kCreated + 20,
                        kCreated + 20};

  json body = json::parse(DeliveryStatusPayload(n, update));

  EXPECT_EQ(body["status"], "technical-failure");
  EXPECT_EQ(body["status_description"], "Tech issue");
  EXPECT_EQ(body["sent_at"], FormatTimestamp(kCreated + 10));
  EXPECT_EQ(body["completed_at"], FormatTimestamp(kCreated + 20));
}

TEST(DeliveryStatusPayload, TemporaryFailureOfAnEmailIsAnInboxIssue) {
  Notification n = Claimed(TemplateType::kEmail, "temp-fail@simulator.notify");
  DeliveryUpdate update{
      n.id, NotificationStatus::kTemporaryFailure, std::nullopt, std::nullopt, kCreated, kCreated};
  json body = json::parse(DeliveryStatusPayload(n, update));
  EXPECT_EQ(body["status"], "temporary-failure");
  EXPECT_EQ(body["status_description"], "Content or inbox issue");
}

TEST(DeliveryStatusPayload, ProviderTextThatIsNotUtf8IsReplacedNotThrown) {
  Notification n = Claimed(TemplateType::kEmail, "zoe@example.com");
  DeliveryUpdate update{n.id,
                        NotificationStatus::kTechnicalFailure,
                        std::string("550 bo\xff\xfe"),
                        std::nullopt,
                        kCreated,
                        kCreated};
  json body = json::parse(DeliveryStatusPayload(n, update));
  EXPECT_EQ(body["provider_response"], "550 bo\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace missive
