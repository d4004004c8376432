#include "delivery/sms_pacer.h"

#include <gtest/gtest.h>

#include <vector>

#include "delivery/token_bucket.h"

namespace missive {
namespace {

constexpr Micros kStart = 1'800'000'000 * kMicrosPerSecond;
constexpr Micros kSecond = kMicrosPerSecond;

TEST(TokenBucket, StartsFullAndServesTheBurstAtOnce) {
  TokenBucket bucket(2, 4, kStart);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(bucket.Reserve(1, kStart, 0), 0);
  EXPECT_EQ(bucket.Reserve(1, kStart, kSecond), kSecond / 2);
}

TEST(TokenBucket, CallersQueueBehindEachOther) {
  TokenBucket bucket(1, 1, kStart);
  EXPECT_EQ(bucket.Reserve(1, kStart, 10 * kSecond), 0);
  EXPECT_EQ(bucket.Reserve(1, kStart, 10 * kSecond), kSecond);
  EXPECT_EQ(bucket.Reserve(1, kStart, 10 * kSecond), 2 * kSecond);
}

TEST(TokenBucket, RefillsWithTimeButNeverAboveTheBurst) {
  TokenBucket bucket(1, 2, kStart);
  EXPECT_EQ(bucket.Reserve(2, kStart, 0), 0);
  EXPECT_EQ(bucket.Reserve(1, kStart + kSecond, 0), 0);
  EXPECT_EQ(bucket.Reserve(2, kStart + 100 * kSecond, 0), 0);
  EXPECT_FALSE(bucket.Reserve(1, kStart + 100 * kSecond, 0).has_value());
}

TEST(TokenBucket, TooLongAWaitTakesNothing) {
  TokenBucket bucket(1, 1, kStart);
  EXPECT_EQ(bucket.Reserve(1, kStart, 0), 0);
  EXPECT_FALSE(bucket.Reserve(1, kStart, kSecond - 1).has_value());
  EXPECT_EQ(bucket.Reserve(1, kStart, kSecond), kSecond);
}

TEST(TokenBucket, MorePartsThanTheBurstWaitForAllOfThem) {
  TokenBucket bucket(1, 1, kStart);
  EXPECT_EQ(bucket.Reserve(3, kStart, 10 * kSecond), 2 * kSecond);
  EXPECT_EQ(bucket.Reserve(1, kStart + 2 * kSecond, 10 * kSecond), kSecond);
}

TEST(TokenBucket, RefundedTokensCanBeTakenAgain) {
  TokenBucket bucket(1, 1, kStart);
  EXPECT_EQ(bucket.Reserve(1, kStart, 0), 0);
  bucket.Refund(1, kStart);
  EXPECT_EQ(bucket.Reserve(1, kStart, 0), 0);
}

// A pacer on a manual clock whose sleeps move the clock and are recorded.
class SmsPacerTest : public ::testing::Test {
 protected:
  SmsPacer Make(PacingOptions options) {
    return SmsPacer(std::move(options), clock_, [this](Micros wait) {
      waits_.push_back(wait);
      clock_.Advance(wait);
    });
  }
  static OutgoingSms Sms(std::string sender, int fragments = 1) {
    return {.notification_id = "n", .to = "+16135550142", .sender = sender, .fragments = fragments};
  }

  ManualClock clock_{kStart};
  std::vector<Micros> waits_;
};

TEST_F(SmsPacerTest, SenderNumberSendsOnePartASecond) {
  SmsPacer pacer = Make({.sender_rate = 1});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(pacer.Acquire(Sms("+16135550100")));
  EXPECT_EQ(waits_, (std::vector<Micros>{0, kSecond, kSecond}));
}

TEST_F(SmsPacerTest, EachPartOfALongMessageCounts) {
  SmsPacer pacer = Make({.sender_rate = 1});
  ASSERT_TRUE(pacer.Acquire(Sms("+16135550100", 3)));
  ASSERT_TRUE(pacer.Acquire(Sms("+16135550100", 1)));
  EXPECT_EQ(waits_, (std::vector<Micros>{2 * kSecond, kSecond}));
}

TEST_F(SmsPacerTest, DifferentSenderNumbersDoNotWaitForEachOther) {
  SmsPacer pacer = Make({.sender_rate = 1});
  ASSERT_TRUE(pacer.Acquire(Sms("+16135550100")));
  ASSERT_TRUE(pacer.Acquire(Sms("+16135550101")));
  EXPECT_EQ(waits_, (std::vector<Micros>{0, 0}));
}

TEST_F(SmsPacerTest, NamedSenderIsPacedAsTheProvidersDefaultNumber) {
  SmsPacer pacer = Make({.sender_rate = 1, .default_sender = "+16135550100"});
  ASSERT_TRUE(pacer.Acquire(Sms("MISSIVE")));
  ASSERT_TRUE(pacer.Acquire(Sms("+16135550100")));
  EXPECT_EQ(waits_, (std::vector<Micros>{0, kSecond}));
}

TEST_F(SmsPacerTest, NamedSenderWithoutDefaultNumberIsOnlyPacedByTheAccount) {
  SmsPacer pacer = Make({.rate = 0, .sender_rate = 1});
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(pacer.Acquire(Sms("MISSIVE")));
  EXPECT_EQ(waits_, std::vector<Micros>(5, 0));
}

TEST_F(SmsPacerTest, AccountRateAppliesAcrossSenders) {
  SmsPacer pacer = Make({.rate = 2, .burst = 2, .sender_rate = 0});
  for (std::string sender : {"+16135550100", "+16135550101", "+16135550102", "ALERTE"}) {
    ASSERT_TRUE(pacer.Acquire(Sms(sender)));
  }
  EXPECT_EQ(waits_, (std::vector<Micros>{0, 0, kSecond / 2, kSecond / 2}));
}

TEST_F(SmsPacerTest, SteadySendingAtTheRateNeverWaits) {
  SmsPacer pacer = Make({.rate = 10, .sender_rate = 1});
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(pacer.Acquire(Sms("+16135550100")));
    clock_.Advance(kSecond);
  }
  EXPECT_EQ(waits_, std::vector<Micros>(50, 0));
}

TEST_F(SmsPacerTest, RefusesATurnTooFarAwayAndGivesBackTheAccountsTokens) {
  SmsPacer pacer = Make({.rate = 1, .burst = 1, .sender_rate = 1, .max_wait = 0});
  ASSERT_TRUE(pacer.Acquire(Sms("+16135550100")));
  clock_.Advance(kSecond);  // the account has a token again; the sender has too
  ASSERT_TRUE(pacer.Acquire(Sms("+16135550100")));
  clock_.Advance(kSecond / 2);
  EXPECT_FALSE(pacer.Acquire(Sms("+16135550100")));  // neither has one yet
  clock_.Advance(kSecond / 2);
  EXPECT_TRUE(pacer.Acquire(Sms("+16135550101")));  // the refused message took nothing
  EXPECT_EQ(waits_, (std::vector<Micros>{0, 0, 0}));
}

TEST_F(SmsPacerTest, BusySenderGivesBackTheAccountsTokens) {
  SmsPacer pacer = Make({.rate = 10, .burst = 2, .sender_rate = 0.5, .max_wait = 0});
  ASSERT_TRUE(pacer.Acquire(Sms("+16135550100")));
  EXPECT_FALSE(pacer.Acquire(Sms("+16135550100")));  // its sender must wait two seconds
  EXPECT_TRUE(pacer.Acquire(Sms("+16135550101")));   // the account's second token is still there
  EXPECT_FALSE(pacer.Acquire(Sms("+16135550102")));  // and now it is gone
}

}  // namespace
}  // namespace missive
