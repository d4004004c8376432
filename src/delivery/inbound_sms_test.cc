#include "delivery/inbound_sms.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "core/uuid.h"
#include "delivery/test_util.h"
#include "store/sqlite_store.h"

namespace missive {
namespace {

constexpr Micros kNow = 1'780'000'000LL * kMicrosPerSecond;

class InboundSmsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(OpenSqliteStore({.data_dir = dir_.path()})).value();
    ASSERT_TRUE(store_->CreateService(Service{first_, "Premier", "premier", true, false, kNow}));
    ASSERT_TRUE(store_->CreateService(Service{second_, "Second", "second", true, false, kNow}));
    ASSERT_TRUE(store_->AddSmsSender({NewUuid(), first_, "MISSIVE", true, kNow}));
    ASSERT_TRUE(store_->AddSmsSender({NewUuid(), second_, "+16135550100", false, kNow}));
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  ManualClock clock_{kNow};
  std::string first_ = NewUuid();
  std::string second_ = NewUuid();
};

TEST(SameNumber, OneNumberWrittenThreeWaysIsTheSame) {
  EXPECT_TRUE(SameNumber("+1 613-555-0100", "16135550100"));
  EXPECT_TRUE(SameNumber("6135550100", "+16135550100"));
  EXPECT_TRUE(SameNumber("12345", "12345"));
  EXPECT_TRUE(SameNumber("Missive", "MISSIVE"));
}

TEST(SameNumber, DifferentNumbersAndNamesDiffer) {
  EXPECT_FALSE(SameNumber("+16135550100", "+16135550101"));
  EXPECT_FALSE(SameNumber("12345", "+112345"));
  EXPECT_FALSE(SameNumber("MISSIVE", "12345"));
  EXPECT_FALSE(SameNumber("", "12345"));
}

TEST(InboundNumber, TakesDigitsWithAnOptionalPlusAndDropsSpaces) {
  EXPECT_EQ(InboundNumber("16135550142"), "16135550142");
  EXPECT_EQ(InboundNumber("+1 613 555 0142"), "+16135550142");
  EXPECT_EQ(InboundNumber(" 16135550142"), "16135550142");
  EXPECT_EQ(InboundNumber("12345"), "12345");
  EXPECT_EQ(InboundNumber("7"), "7");
  EXPECT_EQ(InboundNumber("12345678901234567890"), "12345678901234567890");
}

TEST(InboundNumber, RefusesWhatIsNotAPhoneNumberOrShortCode) {
  for (const char* text :
       {"", " ", "+", "++1613", "1+613", "+1-613-555-0142", "(613)5550142", "Avis", "16135550142x",
        "123456789012345678901", "+12345678901234567890", "1613\n5550142"}) {
    EXPECT_FALSE(InboundNumber(text)) << text;
  }
}

TEST_F(InboundSmsTest, StoresTheMessageForTheServiceOwningTheNumber) {
  auto text = RecordInboundSms(*store_, clock_, {"16135550142", "16135550100", "Oui, merci"});
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->service_id, second_);
  EXPECT_EQ(text->user_number, "+16135550142");
  EXPECT_EQ(text->notify_number, "+16135550100");
  EXPECT_EQ(text->created_at, kNow);

  auto listed = store_->ListReceivedTexts(second_, std::nullopt, 10);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].content, "Oui, merci");
  EXPECT_TRUE(store_->ListReceivedTexts(first_, std::nullopt, 10)->empty());
}

TEST_F(InboundSmsTest, AShortCodeIsKeptAsItIs) {
  ASSERT_TRUE(store_->AddSmsSender({NewUuid(), first_, "12345", false, kNow}));
  auto text = RecordInboundSms(*store_, clock_, {"16135550142", "12345", "Bonjour"});
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->service_id, first_);
  EXPECT_EQ(text->notify_number, "12345");
}

TEST_F(InboundSmsTest, ANumberNoServiceHasIsNotFoundAndStoresNothing) {
  auto text = RecordInboundSms(*store_, clock_, {"16135550142", "16135550199", "Allô?"});
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->ListReceivedTexts(first_, std::nullopt, 10)->empty());
  EXPECT_TRUE(store_->ListReceivedTexts(second_, std::nullopt, 10)->empty());
}

TEST_F(InboundSmsTest, QueuesTheInboundCallbackWithGcNotifysBody) {
  ServiceCallback callback{second_, "https://service.example.ca/sms", "jeton-0123456789", kNow};
  callback.kind = CallbackKind::kInboundSms;
  ASSERT_TRUE(store_->SetServiceCallback(callback));

  auto text = RecordInboundSms(*store_, clock_, {"+16135550142", "+16135550100", "Réponse"});
  ASSERT_TRUE(text);
  auto due = store_->ClaimDueCallbacks(kNow, kMicrosPerSecond, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].url, "https://service.example.ca/sms");
  auto body = nlohmann::json::parse((*due)[0].payload_json);
  EXPECT_EQ(body, nlohmann::json({{"id", text->id},
                                  {"source_number", "+16135550142"},
                                  {"destination_number", "+16135550100"},
                                  {"message", "Réponse"},
                                  {"date_received", FormatTimestamp(kNow)}}));
}

TEST_F(InboundSmsTest, WithoutACallbackTheMessageIsStillStored) {
  auto text = RecordInboundSms(*store_, clock_, {"16135550142", "+16135550100", "Oui"});
  ASSERT_TRUE(text);
  EXPECT_TRUE(store_->ClaimDueCallbacks(kNow, kMicrosPerSecond, 10)->empty());
  EXPECT_EQ(store_->ListReceivedTexts(second_, std::nullopt, 10)->size(), 1u);
}

}  // namespace
}  // namespace missive
