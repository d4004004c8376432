#include "delivery/twilio_status.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/form.h"
#include "core/uuid.h"
#include "store/sqlite_store.h"

namespace missive {
namespace {

using S = NotificationStatus;

TEST(TwilioSignature, MatchesTwiliosPublishedExample) {
  // The example in Twilio's documentation of its request signatures.
  std::string signature = TwilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2",
                                          {{"To", "+18005551212"},
                                           {"From", "+12349013030"},
                                           {"Caller", "+12349013030"},
                                           {"Digits", "1234"},
                                           {"CallSid", "CA1234567890ABCDE"}});
  EXPECT_EQ(signature, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
}

TEST(TwilioStatusMap, DeliveredIsDelivered) {
  auto report = MapTwilioStatus("delivered", "");
  ASSERT_TRUE(report);
  EXPECT_EQ(report->status, S::kDelivered);
  EXPECT_EQ(report->provider_response, "Message has been accepted by phone");
}

TEST(TwilioStatusMap, ProgressIsNotFinal) {
  for (const char* status : {"queued", "accepted", "scheduled", "sending", "sent", "unknown"}) {
    EXPECT_FALSE(MapTwilioStatus(status, "").has_value()) << status;
  }
}

TEST(TwilioStatusMap, ErrorCodesDecideBetweenPermanentAndTemporary) {
  struct Case {
    const char* status;
    const char* code;
    S expected;
  };
  for (const Case& c : {Case{"undelivered", "30003", S::kPermanentFailure},
                        Case{"undelivered", "30005", S::kPermanentFailure},
                        Case{"failed", "30006", S::kPermanentFailure},
                        Case{"undelivered", "30004", S::kTemporaryFailure},
                        Case{"undelivered", "30007", S::kTemporaryFailure},
                        Case{"undelivered", "30001", S::kTemporaryFailure},
                        Case{"failed", "30008", S::kPermanentFailure},
                        Case{"failed", "21610", S::kTechnicalFailure},
                        Case{"undelivered", "", S::kTemporaryFailure},
                        Case{"undelivered", "39999", S::kTemporaryFailure},
                        Case{"failed", "", S::kPermanentFailure}}) {
    auto report = MapTwilioStatus(c.status, c.code);
    ASSERT_TRUE(report) << c.status << " " << c.code;
    EXPECT_EQ(report->status, c.expected) << c.status << " " << c.code;
  }
  EXPECT_EQ(MapTwilioStatus("failed", "21610")->provider_response, "Phone number is opted out");
  EXPECT_EQ(MapTwilioStatus("undelivered", "30003")->provider_response,
            "Phone is currently unreachable/unavailable");
}

constexpr char kAccount[] = "AC0123456789abcdef0123456789abcdef";
constexpr char kToken[] = "b4c0n-t0ken";
constexpr char kBase[] = "http://127.0.0.1:6011/providers/twilio/status?id=";

// A store holding one text message in status `sent`, and a receiver for one Twilio account.
class TwilioStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("missive-twilio-" + NewUuid());
    store_ = std::move(OpenSqliteStore({.data_dir = dir_.string()})).value();
    std::vector<TwilioAccount> accounts{{"ACother", "other-token"}, {kAccount, kToken}};
    receiver_ = std::make_unique<TwilioStatusReceiver>(*store_, clock_, std::move(accounts));
    Service service{NewUuid(), "Santé Canada", "sante", true, false, 1};
    ASSERT_TRUE(store_->CreateService(service).ok());
    ApiKey key{NewUuid(), service.id, "k", KeyType::kNormal, NewUuid(), std::nullopt, 1};
    ASSERT_TRUE(store_->CreateApiKey(key).ok());
    Template t;
    t.id = NewUuid();
    t.service_id = service.id;
    t.type = TemplateType::kSms;
    t.name = "t";
    t.body = "Votre code est ((code))";
    t.created_by = "test";
    ASSERT_TRUE(store_->CreateTemplate(t).ok());
    n_.id = NewUuid();
    n_.service_id = service.id;
    n_.api_key_id = key.id;
    n_.template_id = t.id;
    n_.type = TemplateType::kSms;
    n_.to = "+16135550142";
    n_.personalisation_json = R"({"code":"4821"})";
    n_.created_at = clock_.NowMicros();
    ASSERT_TRUE(store_->InsertNotification(n_).ok());
    Micros now = clock_.NowMicros();
    ASSERT_TRUE(store_->UpdateDelivery({n_.id, S::kSent, std::nullopt, now, now, now}).ok());
  }
  void TearDown() override {
    receiver_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static std::vector<std::pair<std::string, std::string>> Params(std::string status,
                                                                 std::string error = "") {
    std::vector<std::pair<std::string, std::string>> params{
        {"AccountSid", kAccount},  {"ApiVersion", "2010-04-01"}, {"MessageSid", "SM00ff"},
        {"MessageStatus", status}, {"SmsSid", "SM00ff"},         {"SmsStatus", status},
        {"To", "+16135550142"},    {"From", "+16135550100"}};
    if (!error.empty()) params.emplace_back("ErrorCode", error);
    return params;
  }

  // Posts `params` to `url` signed for that URL with `token`, as Twilio does.
  Result<bool> Post(const std::string& url,
                    const std::vector<std::pair<std::string, std::string>>& params,
                    const std::string& token = kToken, std::string signed_url = "") {
    std::string signature = TwilioSignature(token, signed_url.empty() ? url : signed_url, params);
    return receiver_->Receive(url, form::EncodeParams(params), signature);
  }

  Notification Current() {
    return std::move(store_->GetNotification(n_.service_id, n_.id)).value();
  }

  ManualClock clock_{1'800'000'000 * kMicrosPerSecond};
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  Notification n_;
  std::unique_ptr<TwilioStatusReceiver> receiver_;
};

TEST_F(TwilioStatusTest, SignedDeliveredReportMakesTheMessageDelivered) {
  auto changed = Post(kBase + n_.id, Params("delivered"));
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_TRUE(*changed);
  EXPECT_EQ(Current().status, S::kDelivered);
  EXPECT_EQ(Current().provider_response, "Message has been accepted by phone");
}

TEST_F(TwilioStatusTest, UndeliveredReportIsAFailure) {
  ASSERT_TRUE(Post(kBase + n_.id, Params("undelivered", "30003")).ok());
  EXPECT_EQ(Current().status, S::kPermanentFailure);
  EXPECT_EQ(Current().provider_response, "Phone is currently unreachable/unavailable");
}

TEST_F(TwilioStatusTest, ProgressReportChangesNothing) {
  auto changed = Post(kBase + n_.id, Params("sent"));
  ASSERT_TRUE(changed.ok());
  EXPECT_FALSE(*changed);
  EXPECT_EQ(Current().status, S::kSent);
}

TEST_F(TwilioStatusTest, WrongSignatureIsRefusedAndChangesNothing) {
  auto refused = Post(kBase + n_.id, Params("delivered"), "not-the-token");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kRejected);
  EXPECT_EQ(Current().status, S::kSent);
}

TEST_F(TwilioStatusTest, SignatureForAnotherNotificationIsRefused) {
  auto refused = Post(kBase + n_.id, Params("delivered"), kToken, kBase + NewUuid());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kRejected);
  EXPECT_EQ(Current().status, S::kSent);
}

TEST_F(TwilioStatusTest, ChangedParameterBreaksTheSignature) {
  auto params = Params("undelivered", "30003");
  std::string signature = TwilioSignature(kToken, kBase + n_.id, params);
  params.back().second = "30004";
  auto refused = receiver_->Receive(kBase + n_.id, form::EncodeParams(params), signature);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kRejected);
}

TEST_F(TwilioStatusTest, UnknownAccountIsRefused) {
  auto params = Params("delivered");
  params[0].second = "ACunknown";
  auto refused = Post(kBase + n_.id, params);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kRejected);
}

TEST_F(TwilioStatusTest, SignatureOverTheUrlWithItsDefaultPortIsAccepted) {
  std::string url = "https://notify.example.ca/providers/twilio/status?id=" + n_.id;
  std::string with_port = "https://notify.example.ca:443/providers/twilio/status?id=" + n_.id;
  ASSERT_TRUE(Post(url, Params("delivered"), kToken, with_port).ok());
  EXPECT_EQ(Current().status, S::kDelivered);
}

TEST_F(TwilioStatusTest, MissingIdOrStatusIsInvalid) {
  auto no_id = Post("http://127.0.0.1:6011/providers/twilio/status", Params("delivered"));
  ASSERT_FALSE(no_id.ok());
  EXPECT_EQ(no_id.error().code, ErrorCode::kInvalid);
  auto params = Params("");
  auto no_status = Post(kBase + n_.id, params);
  ASSERT_FALSE(no_status.ok());
  EXPECT_EQ(no_status.error().code, ErrorCode::kInvalid);
}

TEST_F(TwilioStatusTest, UnknownNotificationIsNotFound) {
  auto missing = Post(kBase + NewUuid(), Params("delivered"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(TwilioStatusTest, LateReportAfterAFinalStatusChangesNothing) {
  ASSERT_TRUE(Post(kBase + n_.id, Params("undelivered", "30005")).ok());
  auto changed = Post(kBase + n_.id, Params("delivered"));
  ASSERT_TRUE(changed.ok());
  EXPECT_FALSE(*changed);
  EXPECT_EQ(Current().status, S::kPermanentFailure);
}

TEST_F(TwilioStatusTest, ReportArrivingBeforeTheMessageIsRecordedSentWaitsForIt) {
  Micros now = clock_.NowMicros();
  ASSERT_TRUE(
      store_->UpdateDelivery({n_.id, S::kSending, std::nullopt, std::nullopt, now, now}).ok());
  std::thread worker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(store_->UpdateDelivery({n_.id, S::kSent, std::nullopt, now, now, now}).ok());
  });
  auto changed = Post(kBase + n_.id, Params("delivered"));
  worker.join();
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(*changed);
  EXPECT_EQ(Current().status, S::kDelivered);
}

}  // namespace
}  // namespace missive
