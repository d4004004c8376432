#include <gtest/gtest.h>

#include "model/notification.h"

namespace missive {
namespace {

TEST(Status, NamesRoundTrip) {
  for (auto status : {NotificationStatus::kCreated, NotificationStatus::kSending,
                      NotificationStatus::kDelivered, NotificationStatus::kTechnicalFailure}) {
    EXPECT_EQ(ParseStatus(StatusName(status)), status);
  }
  EXPECT_EQ(StatusName(NotificationStatus::kTechnicalFailure), "technical-failure");
  EXPECT_EQ(ParseStatus("no-such-status"), std::nullopt);
}

TEST(Status, DescriptionsFollowGcNotify) {
  EXPECT_EQ(StatusDescription(NotificationStatus::kSending, TemplateType::kEmail), "In transit");
  EXPECT_EQ(StatusDescription(NotificationStatus::kSent, TemplateType::kEmail), "Delivered");
  EXPECT_EQ(StatusDescription(NotificationStatus::kSent, TemplateType::kSms), "Sent");
  EXPECT_EQ(StatusDescription(NotificationStatus::kTechnicalFailure, TemplateType::kEmail),
            "Tech issue");
  EXPECT_EQ(StatusDescription(NotificationStatus::kPermanentFailure, TemplateType::kSms),
            "No such number");
}

TEST(Status, CompletedOnlyAfterAFinalState) {
  EXPECT_FALSE(IsCompleted(NotificationStatus::kCreated));
  EXPECT_FALSE(IsCompleted(NotificationStatus::kSending));
  EXPECT_TRUE(IsCompleted(NotificationStatus::kDelivered));
  EXPECT_TRUE(IsCompleted(NotificationStatus::kTechnicalFailure));
}

TEST(KeyType, ParsesOnlyKnownNames) {
  EXPECT_EQ(ParseKeyType("team"), KeyType::kTeam);
  EXPECT_EQ(ParseKeyType("live"), std::nullopt);
}

}  // namespace
}  // namespace missive
