#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/jwt.h"
#include "api/rate_limiter.h"
#include "api/testing/fixture.h"

namespace missive {
namespace {

using nlohmann::json;
using testing::kNow;
using ErrorPair = std::pair<std::string, std::string>;

class RulesTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    api_ = std::make_unique<Api>(*store_, clock_, ApiOptions{}, nullptr);
  }

  HttpResponse Send(const std::string& to, const ApiKey& key) {
    json request = {{"email_address", to},
                    {"template_id", template_.id},
                    {"personalisation", {{"name", "Zoé"}}}};
    int64_t iat = clock_.NowMicros() / kMicrosPerSecond;
    std::string auth = "Bearer " + SignHs256(key.service_id, iat, key.secret);
    return api_->Handle(
        {"POST", "/v2/notifications/email", "h", auth, "application/json", request.dump(), "r"});
  }

  void Update(const std::function<void(Service&)>& change) {
    Service s = std::move(store_->GetService(service_.id)).value();
    change(s);
    ASSERT_TRUE(store_->UpdateService(s).ok());
    clock_.Advance(LookupCache::kLifetime + 1);  // past the API's cached copy
  }

  static std::pair<std::string, std::string> Error(const HttpResponse& r) {
    json e = json::parse(r.body)["errors"][0];
    return {e["error"], e["message"]};
  }

  std::unique_ptr<Api> api_;
};

TEST_F(RulesTest, TrialServiceSendsOnlyToTeamAndSafelist) {
  Update([](Service& s) { s.restricted = true; });
  ASSERT_TRUE(store_->AddAllowedRecipient(service_.id, "team", "zoe@example.com").ok());
  ASSERT_TRUE(store_->AddAllowedRecipient(service_.id, "safelist", "ali@example.com").ok());
  EXPECT_EQ(Send("Zoe@Example.com", key_).status, 201);
  EXPECT_EQ(Send("ali@example.com", key_).status, 201);
  HttpResponse refused = Send("someone@example.com", key_);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(Error(refused).second,
            "Can\u2019t send to this recipient when service is in trial mode \u2013 see "
            "https://documentation.notification.canada.ca/en/keys.html#live");
  EXPECT_EQ(Send("someone@example.com", AddKey("test", KeyType::kTest)).status, 201);
}

TEST_F(RulesTest, TeamKeySendsOnlyToTeamEvenWhenLive) {
  ApiKey team = AddKey("team", KeyType::kTeam);
  HttpResponse refused = Send("someone@example.com", team);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(Error(refused).second,
            "Can\u2019t send to this recipient using a team-only API key (service " + service_.id +
                ") - see https://documentation.notification.canada.ca/en/keys.html"
                "#team-and-safelist");
  EXPECT_EQ(Send("someone@example.com", key_).status, 201);
}

TEST_F(RulesTest, SmokeTestRecipientsAnswer201AndAreNeverStored) {
  ApiKey team = AddKey("team", KeyType::kTeam);
  HttpResponse r = Send("simulate-delivered-2@notification.canada.ca", team);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = json::parse(r.body)["id"];
  EXPECT_FALSE(store_->GetNotification(service_.id, id).ok());
}

TEST_F(RulesTest, ChannelPermissionIsRequired) {
  Update([](Service& s) { s.permissions = {"sms"}; });
  EXPECT_EQ(Error(Send("zoe@example.com", key_)),
            ErrorPair("BadRequestError", "Service is not allowed to send emails"));
}

TEST_F(RulesTest, DailyLimitIsExactAndTestKeysAreExempt) {
  Update([](Service& s) { s.email_daily_limit = 2; });
  EXPECT_EQ(Send("a@example.com", key_).status, 201);
  EXPECT_EQ(Send("b@example.com", key_).status, 201);
  HttpResponse over = Send("c@example.com", key_);
  EXPECT_EQ(over.status, 429);
  EXPECT_EQ(Error(over), ErrorPair("LiveServiceTooManyEmailRequestsError",
                                   "Exceeded email daily sending limit of 2 messages"));
  EXPECT_EQ(Send("c@example.com", AddKey("test", KeyType::kTest)).status, 201);
}

TEST_F(RulesTest, AnnualLimitIsCheckedBeforeTheDailyOne) {
  Update([](Service& s) {
    s.email_annual_limit = 1;
    s.email_daily_limit = 1;
    s.restricted = true;
  });
  ASSERT_TRUE(store_->AddAllowedRecipient(service_.id, "team", "a@example.com").ok());
  EXPECT_EQ(Send("a@example.com", key_).status, 201);
  EXPECT_EQ(Error(Send("a@example.com", key_)),
            ErrorPair("TrialServiceRequestExceedsEmailAnnualLimitError",
                      "Exceeded annual email sending limit of 1 messages"));
}

TEST_F(RulesTest, RateLimitPerKeyTypeOverSixtySeconds) {
  Update([](Service& s) { s.rate_limit = 2; });
  EXPECT_EQ(Send("a@example.com", key_).status, 201);
  EXPECT_EQ(Send("a@example.com", key_).status, 201);
  HttpResponse over = Send("a@example.com", key_);
  EXPECT_EQ(over.status, 429);
  EXPECT_EQ(Error(over),
            ErrorPair("RateLimitError",
                      "Exceeded rate limit for key type LIVE of 2 requests per 60 seconds"));
  EXPECT_EQ(Send("a@example.com", AddKey("team", KeyType::kTeam)).status, 400);  // own window
  clock_.Advance(61 * kMicrosPerSecond);
  EXPECT_EQ(Send("a@example.com", key_).status, 201);
}

TEST(RateLimiter, WindowSlides) {
  RateLimiter limiter;
  EXPECT_TRUE(limiter.Allow("s:normal", 2, 0));
  EXPECT_TRUE(limiter.Allow("s:normal", 2, 1));
  EXPECT_FALSE(limiter.Allow("s:normal", 2, 2));
  EXPECT_TRUE(limiter.Allow("s:team", 2, 2));
  EXPECT_FALSE(limiter.Allow("s:normal", 2, RateLimiter::kWindow));
  EXPECT_TRUE(limiter.Allow("s:normal", 2, RateLimiter::kWindow + 3));
}

TEST_F(RulesTest, SuspendedServiceIsRefusedWith403) {
  Update([](Service& s) { s.active = false; });
  HttpRequest request{
      "POST",
      "/v2/notifications/email",
      "h",
      "ApiKey-v1 " + FormatApiKey(key_),
      "application/json",
      json{{"email_address", "a@example.com"}, {"template_id", template_.id}}.dump(),
      "r"};
  HttpResponse r = api_->Handle(request);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Error(r).second, "Service is suspended");
}

}  // namespace
}  // namespace missive

namespace missive {
namespace {

class SmsRulesTest : public RulesTest {
 protected:
  void SetUp() override {
    RulesTest::SetUp();
    sms_.id = NewUuid();
    sms_.service_id = service_.id;
    sms_.type = TemplateType::kSms;
    sms_.name = "sms";
    sms_.body = "((message))";
    sms_.created_by = "test";
    ASSERT_TRUE(store_->CreateTemplate(sms_).ok());
  }

  HttpResponse SendSms(const std::string& to, const std::string& message = "Bonjour") {
    json request = {{"phone_number", to},
                    {"template_id", sms_.id},
                    {"personalisation", {{"message", message}}}};
    int64_t iat = clock_.NowMicros() / kMicrosPerSecond;
    std::string auth = "Bearer " + SignHs256(service_.id, iat, key_.secret);
    return api_->Handle(
        {"POST", "/v2/notifications/sms", "h", auth, "application/json", request.dump(), "r"});
  }

  Template sms_;
};

TEST_F(SmsRulesTest, SmsPermissionIsRequired) {
  Update([](Service& s) { s.permissions = {"email"}; });
  EXPECT_EQ(Error(SendSms("6135550142")),
            ErrorPair("BadRequestError", "Service is not allowed to send text messages"));
}

TEST_F(SmsRulesTest, InternationalNumbersNeedThePermission) {
  EXPECT_EQ(SendSms("+44 7911 123456").status, 201);
  Update([](Service& s) { s.permissions = {"email", "sms"}; });
  EXPECT_EQ(Error(SendSms("+44 7911 123456")),
            ErrorPair("BadRequestError", "Cannot send to international mobile numbers"));
  EXPECT_EQ(SendSms("6135550142").status, 201);
}

TEST_F(SmsRulesTest, SmsDailyAndAnnualLimits) {
  Update([](Service& s) { s.sms_daily_limit = 1; });
  EXPECT_EQ(SendSms("6135550142").status, 201);
  EXPECT_EQ(Error(SendSms("6135550142")),
            ErrorPair("LiveServiceTooManySMSRequestsError",
                      "Exceeded SMS daily sending limit of 1 fragments"));
  Update([](Service& s) {
    s.sms_daily_limit = 100;
    s.sms_annual_limit = 1;
  });
  EXPECT_EQ(Error(SendSms("6135550142")),
            ErrorPair("LiveServiceRequestExceedsSMSAnnualLimitError",
                      "Exceeded annual SMS sending limit of 1 messages"));
}

TEST_F(SmsRulesTest, SmokeTestNumbersAreNotStoredAndUseNoLimit) {
  Update([](Service& s) { s.sms_daily_limit = 0; });
  HttpResponse r = SendSms("613-253-2222");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(store_->GetNotification(service_.id, json::parse(r.body)["id"].get<std::string>()));
}

TEST_F(SmsRulesTest, BlankMessageIsRefused) {
  EXPECT_EQ(Error(SendSms("6135550142", "  \n ")),
            ErrorPair("BadRequestError", "Message is empty or just whitespace"));
}

TEST_F(RulesTest, ArchivedTemplateIsDeleted) {
  ASSERT_TRUE(store_->ArchiveTemplate(template_.id).ok());
  EXPECT_EQ(Error(Send("a@example.com", key_)),
            ErrorPair("BadRequestError", "Template " + template_.id + " has been deleted"));
}

TEST_F(RulesTest, PersonalisationOver51200BytesIsRefused) {
  json request = {{"email_address", "a@example.com"},
                  {"template_id", template_.id},
                  {"personalisation", {{"name", std::string(51201, 'a')}}}};
  std::string auth = "Bearer " + SignHs256(service_.id, kNow / kMicrosPerSecond, key_.secret);
  HttpResponse r = api_->Handle(
      {"POST", "/v2/notifications/email", "h", auth, "application/json", request.dump(), "r"});
  EXPECT_EQ(Error(r), ErrorPair("ValidationError",
                                "Personalisation variables size of 51201 bytes is greater than "
                                "allowed limit of 51200 bytes."));
}

}  // namespace
}  // namespace missive
