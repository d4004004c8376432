#include "delivery/provider_chain.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

namespace missive {
namespace {

constexpr Micros kStart = 1'800'000'000 * kMicrosPerSecond;
constexpr Micros kSecond = kMicrosPerSecond;

// A provider whose answer to its n-th call (from 1) the test decides; it accepts by default.
class FakeProvider final : public SmsProvider {
 public:
  explicit FakeProvider(std::string name) : name_(std::move(name)) {}
  std::string_view Name() const override { return name_; }
  SendResult Send(const OutgoingSms&) override {
    int call = ++calls;
    SendOutcome outcome = answer ? answer(call) : SendOutcome::kAccepted;
    return {outcome, name_ + " call " + std::to_string(call)};
  }

  std::function<SendOutcome(int call)> answer;
  std::atomic<int> calls{0};

 private:
  std::string name_;
};

SendOutcome AlwaysRetry(int) { return SendOutcome::kRetry; }

class ProviderChainTest : public ::testing::Test {
 protected:
  ProviderChain Make(ChainOptions options = {.failures_before_cooldown = 3,
                                             .cooldown = 30 * kSecond}) {
    return ProviderChain({{first_, 1, nullptr}, {second_, 2, nullptr}}, options, clock_);
  }
  static OutgoingSms Sms() { return {.notification_id = "n", .to = "+16135550142", .text = "hi"}; }

  ManualClock clock_{kStart};
  std::shared_ptr<FakeProvider> first_ = std::make_shared<FakeProvider>("first");
  std::shared_ptr<FakeProvider> second_ = std::make_shared<FakeProvider>("second");
};

TEST_F(ProviderChainTest, SendsThroughTheFirstProviderWhileItIsHealthy) {
  ProviderChain chain = Make();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(chain.Send(Sms()).outcome, SendOutcome::kAccepted);
  EXPECT_EQ(first_->calls, 5);
  EXPECT_EQ(second_->calls, 0);
}

TEST_F(ProviderChainTest, LowerPriorityGoesFirstWhateverTheOrderGiven) {
  ProviderChain chain({{second_, 2, nullptr}, {first_, 1, nullptr}}, {}, clock_);
  EXPECT_EQ(chain.Send(Sms()).detail, "first call 1");
}

TEST_F(ProviderChainTest, MessageRefusedByTheFirstIsOfferedToTheNext) {
  first_->answer = AlwaysRetry;
  ProviderChain chain = Make();
  SendResult result = chain.Send(Sms());
  EXPECT_EQ(result.outcome, SendOutcome::kAccepted);
  EXPECT_EQ(result.detail, "second call 1");
}

TEST_F(ProviderChainTest, RejectionIsTheMessagesFaultAndIsNotFailedOver) {
  first_->answer = [](int) { return SendOutcome::kRejected; };
  ProviderChain chain = Make();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(chain.Send(Sms()).outcome, SendOutcome::kRejected);
  EXPECT_EQ(second_->calls, 0);
  EXPECT_TRUE(chain.Healthy(0));
}

TEST_F(ProviderChainTest, ThreeRetriesInARowTakeTheProviderOutForTheCooldown) {
  first_->answer = AlwaysRetry;
  ProviderChain chain = Make();
  for (int i = 0; i < 10; ++i) EXPECT_EQ(chain.Send(Sms()).outcome, SendOutcome::kAccepted);
  EXPECT_EQ(first_->calls, 3);
  EXPECT_EQ(second_->calls, 10);
  EXPECT_FALSE(chain.Healthy(0));
  clock_.Advance(30 * kSecond - 1);
  EXPECT_EQ(chain.Send(Sms()).detail, "second call 11");
  EXPECT_EQ(first_->calls, 3);
}

TEST_F(ProviderChainTest, AfterTheCooldownOneMessageProbesAndSuccessBringsItBack) {
  first_->answer = [](int call) {
    return call <= 3 ? SendOutcome::kRetry : SendOutcome::kAccepted;
  };
  ProviderChain chain = Make();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(chain.Send(Sms()).outcome, SendOutcome::kAccepted);
  clock_.Advance(30 * kSecond);
  EXPECT_EQ(chain.Send(Sms()).detail, "first call 4");
  EXPECT_TRUE(chain.Healthy(0));
  EXPECT_EQ(chain.Send(Sms()).detail, "first call 5");
}

TEST_F(ProviderChainTest, FailedProbeStartsAnotherCooldown) {
  first_->answer = AlwaysRetry;
  ProviderChain chain = Make();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(chain.Send(Sms()).outcome, SendOutcome::kAccepted);
  clock_.Advance(30 * kSecond);
  EXPECT_EQ(chain.Send(Sms()).detail, "second call 4");  // after the probe (call 4) failed
  EXPECT_EQ(first_->calls, 4);
  clock_.Advance(29 * kSecond);
  chain.Send(Sms());
  EXPECT_EQ(first_->calls, 4);
  clock_.Advance(kSecond);
  chain.Send(Sms());
  EXPECT_EQ(first_->calls, 5);
}

TEST_F(ProviderChainTest, SuccessBetweenFailuresResetsTheCount) {
  first_->answer = [](int call) {
    return call % 3 == 0 ? SendOutcome::kAccepted : SendOutcome::kRetry;
  };
  ProviderChain chain = Make();
  for (int i = 0; i < 12; ++i) ASSERT_EQ(chain.Send(Sms()).outcome, SendOutcome::kAccepted);
  EXPECT_TRUE(chain.Healthy(0));
}

// One failure at call N, for each N: the message goes through the second provider and the first
// stays in service.
TEST_F(ProviderChainTest, OneFailureAtAnyCallIsFailedOverAndForgiven) {
  for (int n = 1; n <= 6; ++n) {
    first_ = std::make_shared<FakeProvider>("first");
    second_ = std::make_shared<FakeProvider>("second");
    first_->answer = [n](int call) {
      return call == n ? SendOutcome::kRetry : SendOutcome::kAccepted;
    };
    ProviderChain chain = Make();
    for (int i = 0; i < 6; ++i) {
      ASSERT_EQ(chain.Send(Sms()).outcome, SendOutcome::kAccepted) << "failing call " << n;
    }
    EXPECT_EQ(second_->calls, 1) << "failing call " << n;
    EXPECT_TRUE(chain.Healthy(0)) << "failing call " << n;
  }
}

TEST_F(ProviderChainTest, EveryProviderFailingIsRetryWithTheLastAnswer) {
  first_->answer = AlwaysRetry;
  second_->answer = AlwaysRetry;
  ProviderChain chain = Make();
  SendResult result = chain.Send(Sms());
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_EQ(result.detail, "second call 1");
}

TEST_F(ProviderChainTest, EveryProviderOutOfServiceIsProbedRatherThanWaitedFor) {
  first_->answer = [](int call) {
    return call <= 4 ? SendOutcome::kRetry : SendOutcome::kAccepted;
  };
  second_->answer = AlwaysRetry;
  ProviderChain chain = Make();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(chain.Send(Sms()).outcome, SendOutcome::kRetry);
  ASSERT_FALSE(chain.Healthy(0));
  ASSERT_FALSE(chain.Healthy(1));
  SendResult result = chain.Send(Sms());  // both probed, both fail
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_EQ(result.detail, "second call 4");
  EXPECT_EQ(chain.Send(Sms()).detail, "first call 5");  // before the cool-down is over
  EXPECT_TRUE(chain.Healthy(0));
}

TEST_F(ProviderChainTest, SingleProviderIsRetriedWithoutACooldown) {
  first_->answer = [](int call) {
    return call <= 5 ? SendOutcome::kRetry : SendOutcome::kAccepted;
  };
  ProviderChain chain({{first_, 1, nullptr}}, {}, clock_);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(chain.Send(Sms()).outcome, SendOutcome::kRetry);
  EXPECT_EQ(chain.Send(Sms()).outcome, SendOutcome::kAccepted);
  EXPECT_EQ(first_->calls, 6);
}

TEST_F(ProviderChainTest, ProviderAtItsRateHandsTheMessageToTheNext) {
  auto pacer = std::make_shared<SmsPacer>(
      PacingOptions{.rate = 1, .burst = 1, .sender_rate = 0, .max_wait = 0}, clock_, [](Micros) {});
  ProviderChain chain({{first_, 1, pacer}, {second_, 2, nullptr}}, {}, clock_);
  EXPECT_EQ(chain.Send(Sms()).detail, "first call 1");
  EXPECT_EQ(chain.Send(Sms()).detail, "second call 1");
  EXPECT_TRUE(chain.Healthy(0));  // being busy is not a failure
  clock_.Advance(kSecond);
  EXPECT_EQ(chain.Send(Sms()).detail, "first call 2");
}

TEST_F(ProviderChainTest, OnlyProviderAtItsRateIsRetry) {
  auto pacer = std::make_shared<SmsPacer>(
      PacingOptions{.rate = 1, .burst = 1, .sender_rate = 0, .max_wait = 0}, clock_, [](Micros) {});
  ProviderChain chain({{first_, 1, pacer}}, {}, clock_);
  ASSERT_EQ(chain.Send(Sms()).outcome, SendOutcome::kAccepted);
  SendResult result = chain.Send(Sms());
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_EQ(result.detail, "every SMS provider is at its sending rate");
}

TEST_F(ProviderChainTest, SharedBetweenThreadsAFailingProviderIsTakenOutOnce) {
  first_->answer = AlwaysRetry;
  ProviderChain chain = Make();
  constexpr int kThreads = 4;
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (chain.Send(Sms()).outcome == SendOutcome::kAccepted) ++accepted;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(accepted, kThreads * 100);
  // Three failures take it out; sends already past the check when that happened may add one each.
  EXPECT_LE(first_->calls, 3 + kThreads - 1);
  EXPECT_FALSE(chain.Healthy(0));
}

}  // namespace
}  // namespace missive
