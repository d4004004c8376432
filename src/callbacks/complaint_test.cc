#include "callbacks/complaint.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace missive {
namespace {

constexpr Micros kArrived = 1'796'300'000'000'000;  // 2026-12-03T12:13:20Z

Notification Sent(std::optional<std::string> reference) {
  Notification n;
  n.id = "6f1d3b7e-2a4c-4e8f-9b0a-1c2d3e4f5a6b";
  n.service_id = "service";
  n.to = "Zoe@Example.com";
  n.reference = std::move(reference);
  n.status = NotificationStatus::kDelivered;
  return n;
}

Complaint Reported() {
  return Complaint{.id = "0b9d2c4e-7f1a-4d3b-8e6c-5a4f3e2d1c0b",
                   .notification_id = "6f1d3b7e-2a4c-4e8f-9b0a-1c2d3e4f5a6b",
                   .service_id = "service",
                   .feedback_type = "abuse",
                   .complaint_date = kArrived + 250'000};
}

TEST(ComplaintPayload, HasGcNotifyFieldsInOrder) {
  auto body = nlohmann::ordered_json::parse(ComplaintPayload(Sent("dossier-42"), Reported()));

  std::vector<std::string> keys;
  for (const auto& item : body.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"notification_id", "complaint_id", "reference", "to",
                                            "complaint_date"}));
  EXPECT_EQ(body["notification_id"], "6f1d3b7e-2a4c-4e8f-9b0a-1c2d3e4f5a6b");
  EXPECT_EQ(body["complaint_id"], "0b9d2c4e-7f1a-4d3b-8e6c-5a4f3e2d1c0b");
  EXPECT_EQ(body["reference"], "dossier-42");
  EXPECT_EQ(body["to"], "Zoe@Example.com");
  EXPECT_EQ(body["complaint_date"], "2026-12-03T12:13:20.250000Z");
}

TEST(ComplaintPayload, MissingReferenceIsNull) {
  auto body = nlohmann::json::parse(ComplaintPayload(Sent(std::nullopt), Reported()));
  EXPECT_TRUE(body["reference"].is_null());
}

}  // namespace
}  // namespace missive
