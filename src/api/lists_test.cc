#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/internal/sanitise.h"
#include "api/jwt.h"
#include "api/testing/fixture.h"

namespace missive {
namespace {

using nlohmann::json;
using testing::kNow;

class SendOptionsTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    api_ = std::make_unique<Api>(*store_, clock_, ApiOptions{.public_url = "https://n.example"},
                                 nullptr);
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "", const ApiKey* key = nullptr) {
    const ApiKey& k = key ? *key : key_;
    std::string auth = "Bearer " + SignHs256(k.service_id, kNow / kMicrosPerSecond, k.secret);
    return api_->Handle({method, target, "h:1", auth, "application/json", body, "r"});
  }

  json Send(json extra = json::object()) {
    json request = {{"email_address", "zoe@example.com"},
                    {"template_id", template_.id},
                    {"personalisation", {{"name", "Zoé"}}}};
    request.update(extra);
    HttpResponse r = Call("POST", "/v2/notifications/email", request.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body);
  }

  std::unique_ptr<Api> api_;
};

TEST_F(SendOptionsTest, ReplyToComesFromTheIdOrTheDefault) {
  ReplyTo help{NewUuid(), service_.id, "aide@example.ca", true, kNow};
  ReplyTo other{NewUuid(), service_.id, "other@example.ca", false, kNow + 1};
  ASSERT_TRUE(store_->AddReplyTo(help).ok());
  ASSERT_TRUE(store_->AddReplyTo(other).ok());
  std::string by_default = Send()["id"];
  std::string chosen = Send({{"email_reply_to_id", other.id}})["id"];
  EXPECT_EQ(store_->GetNotification(service_.id, by_default)->sender, "aide@example.ca");
  EXPECT_EQ(store_->GetNotification(service_.id, chosen)->sender, "other@example.ca");
}

TEST_F(SendOptionsTest, UnknownReplyToIdIsRefused) {
  std::string id = NewUuid();
  HttpResponse r = Call("POST", "/v2/notifications/email",
                        json{{"email_address", "zoe@example.com"},
                             {"template_id", template_.id},
                             {"personalisation", {{"name", "Z"}}},
                             {"email_reply_to_id", id}}
                            .dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(
      json::parse(r.body)["errors"][0]["message"],
      "email_reply_to_id " + id + " does not exist in database for service id " + service_.id);
}

TEST_F(SendOptionsTest, UnsubscribeUrlIsEchoedAndKept) {
  json plain = Send();
  EXPECT_TRUE(plain["content"].contains("one_click_unsubscribe_url"));
  EXPECT_EQ(plain["content"]["one_click_unsubscribe_url"], nullptr);
  EXPECT_FALSE(plain.contains("sanitised_content"));
  json with = Send({{"one_click_unsubscribe_url", "https://example.ca/unsub"}});
  EXPECT_EQ(with["content"]["one_click_unsubscribe_url"], "https://example.ca/unsub");
  EXPECT_EQ(store_->GetNotification(service_.id, with["id"].get<std::string>())->unsubscribe_url,
            "https://example.ca/unsub");
}

TEST_F(SendOptionsTest, SanitisedContentOnlyWhenAskedFor) {
  json r = Send({{"personalisation", {{"name", "User, [click here](https://evil.link)"}}},
                 {"sanitise_content_for", {"NAME"}}});
  EXPECT_EQ(r["sanitised_content"]["name"]["sanitised"], "User, \\[click here\\]\\(\\)");
  EXPECT_EQ(r["sanitised_content"]["name"]["unsanitised"], "User, [click here](https://evil.link)");
  EXPECT_NE(r["content"]["body"].get<std::string>().find("User, \\[click here\\]\\(\\)"),
            std::string::npos);
  json untouched = Send({{"sanitise_content_for", json::array()}});
  EXPECT_EQ(untouched["sanitised_content"], json::object());
}

TEST(Sanitise, RemovesLinksAndEscapesMarkdown) {
  EXPECT_EQ(handlers::SanitiseValue("see www.example.com/x now"), "see  now");
  EXPECT_EQ(handlers::SanitiseValue("gov.uk"), "gov\\.uk");
  EXPECT_EQ(handlers::SanitiseValue("www.gov.uk"), "www\\. gov\\. uk");
  EXPECT_EQ(handlers::SanitiseValue("**bold** #1"), "\\*\\*bold\\*\\* \\#1");
  EXPECT_EQ(handlers::SanitiseValue("(http://a.b/c)."), "\\(\\)\\.");
}

TEST_F(SendOptionsTest, ListShowsOnlyTheCallersKeyTypeNewestFirst) {
  ApiKey test_key = AddKey("test", KeyType::kTest);
  std::string first = Send()["id"];
  clock_.Advance(1000);
  std::string second = Send()["id"];
  HttpResponse test_view = Call("GET", "/v2/notifications", "", &test_key);
  EXPECT_EQ(json::parse(test_view.body)["notifications"], json::array());

  HttpResponse r = Call("GET", "/v2/notifications?template_type=email");
  ASSERT_EQ(r.status, 200) << r.body;
  json page = json::parse(r.body);
  ASSERT_EQ(page["notifications"].size(), 2u);
  EXPECT_EQ(page["notifications"][0]["id"], second);
  EXPECT_EQ(page["links"]["current"], "https://n.example/v2/notifications?template_type=email");
  EXPECT_EQ(page["links"]["next"],
            "https://n.example/v2/notifications?template_type=email&older_than=" + first);

  json last = json::parse(Call("GET", "/v2/notifications?older_than=" + first).body);
  EXPECT_EQ(last["notifications"], json::array());
  EXPECT_FALSE(last["links"].contains("next"));
}

TEST_F(SendOptionsTest, ListFiltersByStatusGroups) {
  Send();
  auto count = [&](const std::string& query) {
    return json::parse(Call("GET", "/v2/notifications?" + query).body)["notifications"].size();
  };
  EXPECT_EQ(count("status=accepted"), 1u);
  EXPECT_EQ(count("status=created"), 1u);
  EXPECT_EQ(count("status=failed"), 0u);
  EXPECT_EQ(count("status=received"), 0u);
  EXPECT_EQ(count("reference=none"), 0u);
}

TEST_F(SendOptionsTest, ListRefusesBadFilters) {
  HttpResponse r = Call("GET", "/v2/notifications?status=lost&template_type=fax&older_than=x&a=1");
  ASSERT_EQ(r.status, 400);
  json errors = json::parse(r.body)["errors"];
  ASSERT_EQ(errors.size(), 4u) << r.body;
  EXPECT_EQ(errors[0]["message"],
            "status lost is not one of [cancelled, created, sending, sent, delivered, pending, "
            "failed, technical-failure, temporary-failure, permanent-failure, provider-failure, "
            "pending-virus-check, validation-failed, virus-scan-failed, returned-letter, "
            "pii-check-failed, accepted, received]");
  EXPECT_EQ(errors[1]["message"], "template_type fax is not one of [sms, email, letter]");
  EXPECT_EQ(errors[2]["message"], "older_than is not a valid UUID");
  EXPECT_EQ(errors[3]["message"], "Additional properties are not allowed (a was unexpected)");
}

TEST_F(SendOptionsTest, ReceivedTextsAreListedWithExactlyTheirFields) {
  ReceivedText text{NewUuid(), service_.id, "+16135550100", "+16135550142", "Oui merci", kNow};
  ASSERT_TRUE(store_->InsertReceivedText(text).ok());
  HttpResponse r = Call("GET", "/v2/received-text-messages");
  ASSERT_EQ(r.status, 200) << r.body;
  json page = json::parse(r.body);
  ASSERT_EQ(page["received_text_messages"].size(), 1u);
  json item = page["received_text_messages"][0];
  EXPECT_EQ(item.size(), 6u);
  EXPECT_EQ(item["content"], "Oui merci");
  EXPECT_EQ(item["user_number"], "+16135550142");
  EXPECT_EQ(item["notify_number"], "+16135550100");
  EXPECT_EQ(item["service_id"], service_.id);
  EXPECT_EQ(page["links"]["next"],
            "https://n.example/v2/received-text-messages?older_than=" + text.id);
}

TEST_F(SendOptionsTest, PostToAnUnknownNotificationTypeIs404AfterAuth) {
  HttpResponse r = Call("POST", "/v2/notifications/emails", "{}");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(json::parse(r.body)["result"], "error");
  HttpResponse unauthenticated =
      api_->Handle({"POST", "/v2/notifications/emails", "h", "", "application/json", "{}", "r"});
  EXPECT_EQ(unauthenticated.status, 401);
}

}  // namespace
}  // namespace missive

namespace missive {
namespace {

class SmsSendTest : public SendOptionsTest {
 protected:
  void SetUp() override {
    SendOptionsTest::SetUp();
    sms_.id = NewUuid();
    sms_.service_id = service_.id;
    sms_.type = TemplateType::kSms;
    sms_.name = "Code";
    sms_.body = "Bonjour ((name)) – votre code : 1234 …";
    sms_.created_by = "test";
    ASSERT_TRUE(store_->CreateTemplate(sms_).ok());
  }

  HttpResponse SendSms(nlohmann::json extra) {
    nlohmann::json request = {{"phone_number", "613-555-0142"},
                              {"template_id", sms_.id},
                              {"personalisation", {{"name", "Zoé"}}}};
    request.update(extra);
    return Call("POST", "/v2/notifications/sms", request.dump());
  }

  std::string Message(const HttpResponse& r) {
    return nlohmann::json::parse(r.body)["errors"][0]["message"];
  }

  Template sms_;
};

TEST_F(SmsSendTest, SendAnswers201WithDowngradedBodyAndSender) {
  ASSERT_TRUE(store_->AddSmsSender({NewUuid(), service_.id, "16135550100", true, kNow}).ok());
  HttpResponse r = SendSms(nlohmann::json::object());
  ASSERT_EQ(r.status, 201) << r.body;
  nlohmann::json body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["content"]["body"], "Bonjour Zoé - votre code : 1234...");
  EXPECT_EQ(body["content"]["from_number"], "+16135550100");
  auto stored = store_->GetNotification(service_.id, body["id"].get<std::string>());
  EXPECT_EQ(stored->type, TemplateType::kSms);
  EXPECT_EQ(stored->to, "613-555-0142");
  nlohmann::json read = nlohmann::json::parse(Call("GET", "/v2/notifications/" + stored->id).body);
  EXPECT_EQ(read["phone_number"], "613-555-0142");
  EXPECT_EQ(read["email_address"], nullptr);
  EXPECT_EQ(read["body"], "Bonjour Zoé - votre code : 1234...");
  EXPECT_EQ(read["subject"], nullptr);
}

TEST_F(SmsSendTest, WithoutSendersFromNumberIsTheDefaultName) {
  HttpResponse r = SendSms(nlohmann::json::object());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body)["content"]["from_number"], "MISSIVE");
}

TEST_F(SmsSendTest, BadPhoneNumbersUseGcNotifyTexts) {
  EXPECT_EQ(Message(SendSms({{"phone_number", "12345"}})),
            "phone_number Not a valid international number");
  EXPECT_EQ(Message(SendSms({{"phone_number", "613-555-0142;"}})),
            "phone_number Not a valid number");
  EXPECT_EQ(Message(SendSms({{"phone_number", 6135550142}})),
            "phone_number 6135550142 is not of type string");
}

TEST_F(SmsSendTest, EmailTemplateIsNotSuitable) {
  EXPECT_EQ(Message(SendSms({{"template_id", template_.id}})),
            "email template is not suitable for sms notification");
}

TEST_F(SmsSendTest, TooLongIsRefused) {
  HttpResponse r = SendSms({{"personalisation", {{"name", std::string(600, 'a')}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Message(r), "Content for template has a character count greater than the limit of 612");
}

TEST_F(SmsSendTest, UnknownSenderIdIsRefused) {
  std::string id = NewUuid();
  EXPECT_EQ(Message(SendSms({{"sms_sender_id", id}})),
            "sms_sender_id " + id + " does not exist in database for service id " + service_.id);
}

}  // namespace
}  // namespace missive

namespace missive {
namespace {

class ScheduleTest : public SendOptionsTest {};

TEST_F(ScheduleTest, ScheduledSendIsStoredDueLaterAndEchoed) {
  std::string at = FormatTimestamp(kNow + 3600 * kMicrosPerSecond);
  nlohmann::json sent = Send({{"scheduled_for", at}});
  EXPECT_EQ(sent["scheduled_for"], at);
  std::string id = sent["id"];
  EXPECT_EQ(store_->GetNotification(service_.id, id)->scheduled_for,
            kNow + 3600 * kMicrosPerSecond);
  EXPECT_TRUE(store_->ClaimDue(kNow + 60 * kMicrosPerSecond, 1, 10)->empty());
  nlohmann::json read = nlohmann::json::parse(Call("GET", "/v2/notifications/" + id).body);
  EXPECT_EQ(read["scheduled_for"], at);
  EXPECT_EQ(store_->ClaimDue(kNow + 3601 * kMicrosPerSecond, 1, 10)->size(), 1u);
}

TEST_F(ScheduleTest, OffsetsAreHonoured) {
  nlohmann::json sent = Send({{"scheduled_for", "2026-05-29 21:00-04:00"}});
  std::string id = sent["id"];
  EXPECT_EQ(store_->GetNotification(service_.id, id)->scheduled_for,
            ParseIsoDateTime("2026-05-30T01:00:00Z"));
}

TEST_F(ScheduleTest, BadTimesAreRefused) {
  auto message = [&](const std::string& when) {
    HttpResponse r = Call("POST", "/v2/notifications/email",
                          nlohmann::json{{"email_address", "a@example.com"},
                                         {"template_id", template_.id},
                                         {"personalisation", {{"name", "Z"}}},
                                         {"scheduled_for", when}}
                              .dump());
    EXPECT_EQ(r.status, 400);
    return nlohmann::json::parse(r.body)["errors"][0]["message"].get<std::string>();
  };
  EXPECT_EQ(message("soon"),
            "scheduled_for datetime format is invalid. It must be a valid ISO8601 date time "
            "format, https://en.wikipedia.org/wiki/ISO_8601");
  EXPECT_EQ(message(FormatTimestamp(kNow - kMicrosPerSecond)),
            "scheduled_for datetime cannot be in the past");
  EXPECT_EQ(message(FormatTimestamp(kNow + 97 * 3600 * kMicrosPerSecond)),
            "scheduled_for datetime can only be up to 96 hours in the future");
}

TEST_F(ScheduleTest, CancelWinsOnlyBeforeTheHandOff) {
  std::string later =
      Send({{"scheduled_for", FormatTimestamp(kNow + 3600 * kMicrosPerSecond)}})["id"];
  std::string now = Send()["id"];
  HttpResponse cancelled = Call("DELETE", "/v2/notifications/" + later);
  EXPECT_EQ(cancelled.status, 200);
  EXPECT_EQ(cancelled.body, R"({"result":"success"})");
  EXPECT_EQ(store_->GetNotification(service_.id, later)->status, NotificationStatus::kCancelled);
  EXPECT_TRUE(store_->ClaimDue(kNow + 7200 * kMicrosPerSecond, 1, 10)->size() == 1u);  // `now`

  auto message = [&](const std::string& id) {
    return nlohmann::json::parse(
        Call("DELETE", "/v2/notifications/" + id).body)["errors"][0]["message"];
  };
  EXPECT_EQ(message(now), "Notification is not scheduled and cannot be deleted");
  std::string claimed =
      Send({{"scheduled_for", FormatTimestamp(kNow + 10 * kMicrosPerSecond)}})["id"];
  ASSERT_EQ(store_->ClaimDue(kNow + 20 * kMicrosPerSecond, 1, 10)->size(), 1u);
  EXPECT_EQ(message(claimed), "Notification has already been sent and cannot be deleted");
  EXPECT_EQ(Call("DELETE", "/v2/notifications/" + NewUuid()).status, 404);
  EXPECT_EQ(Call("DELETE", "/v2/notifications/nope").status, 400);
}

}  // namespace
}  // namespace missive

namespace missive {
namespace {

TEST_F(SendOptionsTest, ServiceChangesReachTheApiWithinTheCacheLifetime) {
  EXPECT_EQ(Call("POST", "/v2/notifications/email",
                 nlohmann::json{{"email_address", "a@example.com"},
                                {"template_id", template_.id},
                                {"personalisation", {{"name", "Z"}}}}
                     .dump())
                .status,
            201);
  Service s = std::move(store_->GetService(service_.id)).value();
  s.active = false;
  ASSERT_TRUE(store_->UpdateService(s).ok());
  clock_.Advance(LookupCache::kLifetime + 1);
  HttpResponse r = Call("GET", "/v2/notifications");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(nlohmann::json::parse(r.body)["errors"][0]["message"],
            "Invalid token: service is archived");
}

}  // namespace
}  // namespace missive
