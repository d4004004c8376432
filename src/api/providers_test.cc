// The routes SMS gateways call: Kannel's delivery reports and messages from phones.

#include "api/internal/providers.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/testing/fixture.h"
#include "core/uuid.h"

namespace missive {
namespace {

using nlohmann::json;
using testing::kNow;

constexpr const char* kSecret = "kannel-secret-0123";

class ProvidersTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    MakeApi({kSecret});
    ASSERT_TRUE(store_->AddSmsSender({NewUuid(), service_.id, "+16135550100", true, kNow}).ok());
  }

  void MakeApi(std::vector<std::string> secrets) {
    ApiOptions options;
    options.email_domain = "example.gc.ca";
    options.kannel_secrets = std::move(secrets);
    api_ = std::make_unique<Api>(*store_, clock_, options, [] {});
  }

  HttpResponse Get(const std::string& target, const std::string& authorization = "") {
    return api_->Handle(HttpRequest{"GET", target, "api.test", authorization, "", "", "r1"});
  }

  // An SMS notification that a worker handed to Kannel (status `status`).
  std::string SmsIn(NotificationStatus status) {
    Notification n;
    n.id = NewUuid();
    n.service_id = service_.id;
    n.api_key_id = key_.id;
    n.template_id = template_.id;
    n.type = TemplateType::kSms;
    n.to = "+16135550142";
    n.personalisation_json = "{}";
    n.created_at = kNow;
    EXPECT_TRUE(store_->InsertNotification(n).ok());
    if (status != NotificationStatus::kCreated) {
      EXPECT_TRUE(store_->UpdateDelivery({n.id, status, std::nullopt, kNow, kNow, kNow}).ok());
    }
    return n.id;
  }

  NotificationStatus StatusOf(const std::string& id) {
    return store_->GetNotification(service_.id, id).value().status;
  }

  std::string Receipt(const std::string& id, int type, const std::string& secret = kSecret) {
    return "/providers/kannel/receipt?id=" + id + "&status=" + std::to_string(type) +
           "&answer=ACK%2F&secret=" + secret;
  }

  size_t ReceivedCount() {
    return store_->ListReceivedTexts(service_.id, std::nullopt, 100).value().size();
  }

  std::unique_ptr<Api> api_;
};

TEST(SecretMatches, OnlyTheWholeSecretMatches) {
  std::vector<std::string> secrets = {"first-secret", "second-secret"};
  EXPECT_TRUE(handlers::SecretMatches("second-secret", secrets));
  EXPECT_FALSE(handlers::SecretMatches("second-secre", secrets));
  EXPECT_FALSE(handlers::SecretMatches("second-secret!", secrets));
  EXPECT_FALSE(handlers::SecretMatches("", secrets));
  EXPECT_FALSE(handlers::SecretMatches("first-secret", {}));
}

TEST_F(ProvidersTest, ADeliveredReportMakesTheSmsDelivered) {
  std::string id = SmsIn(NotificationStatus::kSent);
  HttpResponse r = Get(Receipt(id, 1));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(StatusOf(id), NotificationStatus::kDelivered);
}

TEST_F(ProvidersTest, FailureReportsArePermanentFailures) {
  for (int type : {2, 16}) {
    std::string id = SmsIn(NotificationStatus::kSent);
    EXPECT_EQ(Get(Receipt(id, type)).status, 200);
    EXPECT_EQ(StatusOf(id), NotificationStatus::kPermanentFailure) << type;
    auto stored = store_->GetNotification(service_.id, id).value();
    EXPECT_EQ(stored.provider_response, "ACK/");
  }
}

TEST_F(ProvidersTest, ReportsOnTheWayLeaveItSent) {
  std::string id = SmsIn(NotificationStatus::kSent);
  for (int type : {4, 8}) EXPECT_EQ(Get(Receipt(id, type)).status, 200);
  EXPECT_EQ(StatusOf(id), NotificationStatus::kSent);
}

TEST_F(ProvidersTest, AWrongOrMissingSecretIs403AndChangesNothing) {
  std::string id = SmsIn(NotificationStatus::kSent);
  EXPECT_EQ(Get(Receipt(id, 1, "kannel-secret-0124")).status, 403);
  EXPECT_EQ(Get("/providers/kannel/receipt?id=" + id + "&status=1").status, 403);
  EXPECT_EQ(StatusOf(id), NotificationStatus::kSent);
}

TEST_F(ProvidersTest, AReportForAnUnknownNotificationIsAnsweredAndIgnored) {
  EXPECT_EQ(Get(Receipt(NewUuid(), 1)).status, 200);
}

TEST_F(ProvidersTest, AReportBeforeTheSmsIsRecordedAsSentIsToBeRetried) {
  std::string id = SmsIn(NotificationStatus::kSending);
  EXPECT_EQ(Get(Receipt(id, 1)).status, 503);
  EXPECT_EQ(StatusOf(id), NotificationStatus::kSending);
}

TEST_F(ProvidersTest, AMalformedReportIs400) {
  std::string id = SmsIn(NotificationStatus::kSent);
  EXPECT_EQ(Get("/providers/kannel/receipt?id=" + id + "&status=x&secret=" + kSecret).status, 400);
  EXPECT_EQ(Get("/providers/kannel/receipt?status=1&secret=" + std::string(kSecret)).status, 400);
  EXPECT_EQ(StatusOf(id), NotificationStatus::kSent);
}

TEST_F(ProvidersTest, WithoutAKannelProviderTheRoutesDoNotExist) {
  MakeApi({});
  std::string id = SmsIn(NotificationStatus::kSent);
  EXPECT_EQ(Get(Receipt(id, 1)).status, 404);
  EXPECT_EQ(Get("/providers/kannel/inbound?from=1&to=2&text=x&secret=").status, 404);
  EXPECT_EQ(StatusOf(id), NotificationStatus::kSent);
}

TEST_F(ProvidersTest, AnInboundMessageIsListedForTheServiceAndAnsweredWithNothing) {
  HttpResponse r =
      Get("/providers/kannel/inbound?from=16135550142&to=16135550100&text=Oui%2C+merci+%C3%A0+vous"
          "&coding=0&charset=UTF-8&secret=" +
          std::string(kSecret));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "");

  HttpResponse listed = Get("/v2/received-text-messages", "ApiKey-v1 " + FormatApiKey(key_));
  ASSERT_EQ(listed.status, 200) << listed.body;
  json texts = json::parse(listed.body)["received_text_messages"];
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_EQ(texts[0]["content"], "Oui, merci à vous");
  EXPECT_EQ(texts[0]["user_number"], "+16135550142");
  EXPECT_EQ(texts[0]["notify_number"], "+16135550100");
}

TEST_F(ProvidersTest, AnInboundUcs2MessageIsReadAsUtf8) {
  EXPECT_EQ(Get("/providers/kannel/inbound?from=16135550142&to=16135550100&text=%00%E9%00t%00%E9"
                "&coding=2&charset=UTF-16BE&secret=" +
                std::string(kSecret))
                .status,
            200);
  auto texts = store_->ListReceivedTexts(service_.id, std::nullopt, 10).value();
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_EQ(texts[0].content, "été");
}

TEST_F(ProvidersTest, AnInboundMessageToAnUnknownNumberIsAnsweredAndDropped) {
  EXPECT_EQ(Get("/providers/kannel/inbound?from=16135550142&to=16135550199&text=Allo&secret=" +
                std::string(kSecret))
                .status,
            200);
  EXPECT_EQ(ReceivedCount(), 0u);
}

TEST_F(ProvidersTest, AnInboundMessageFromOrToWhatIsNotANumberIs400AndNotStored) {
  for (std::string pair :
       {"from=&to=16135550100", "from=16135550142&to=", "from=Avis&to=16135550100",
        "from=16135550142&to=%2B1-613-555-0100", "from=%2B%2B16135550142&to=16135550100",
        "from=%2B&to=16135550100", "from=123456789012345678901&to=16135550100",
        "from=16135550142%3Cscript%3E&to=16135550100", "to=16135550100"}) {
    HttpResponse r =
        Get("/providers/kannel/inbound?" + pair + "&text=Allo&secret=" + std::string(kSecret));
    EXPECT_EQ(r.status, 400) << pair;
  }
  EXPECT_EQ(ReceivedCount(), 0u);
}

TEST_F(ProvidersTest, AnInboundNumberMayHaveAPlusAndSpaces) {
  // "+1..." left unencoded in the query arrives as " 1...".
  EXPECT_EQ(
      Get("/providers/kannel/inbound?from=+1+613+555+0142&to=%2B16135550100&text=Allo&secret=" +
          std::string(kSecret))
          .status,
      200);
  auto texts = store_->ListReceivedTexts(service_.id, std::nullopt, 10).value();
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_EQ(texts[0].user_number, "+16135550142");
}

TEST_F(ProvidersTest, AnInboundMessageWithAWrongSecretIs403AndNotStored) {
  EXPECT_EQ(
      Get("/providers/kannel/inbound?from=16135550142&to=16135550100&text=Allo&secret=no").status,
      403);
  EXPECT_EQ(ReceivedCount(), 0u);
}

}  // namespace
}  // namespace missive
