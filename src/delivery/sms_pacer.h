#pragma once
// SmsPacer: keeps one SMS provider account under its sending rate, and each sender number under
// the rate carriers allow a long code, so that steady sending never draws throttling errors. It
// counts message parts (OutgoingSms::fragments), as providers and carriers do. Senders that are
// not numbers (alphanumeric sender IDs) share only the account's bucket. Thread-safe: one pacer
// per provider, shared by every worker thread.
//
//   SmsPacer pacer({.rate = 10, .sender_rate = 1}, SystemClock::Instance());
//   if (pacer.Acquire(sms)) provider.Send(sms); else TryAnotherProvider(sms);

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "delivery/sms_provider.h"
#include "delivery/token_bucket.h"

namespace missive {

struct PacingOptions {
  double rate = 0;   // message parts a second for the account; 0: not paced
  double burst = 0;  // parts the account may send at once; 0: max(rate, 1)
  // Parts a second per sender number ("+" then digits), across all messages from it; 0: not paced.
  double sender_rate = 1;
  // The number a provider sends from when a message's sender is not a number (Twilio's `from`);
  // that number is paced in its place. Empty: such messages are not paced per sender.
  std::string default_sender;
  Micros max_wait = 5 * kMicrosPerSecond;  // longest a message waits for its turn
};

// Blocks the calling thread for the given time; tests pass one that moves a ManualClock instead.
using Sleeper = std::function<void(Micros)>;
void SleepFor(Micros duration);

class SmsPacer {
 public:
  SmsPacer(PacingOptions options, const Clock& clock, Sleeper sleep = SleepFor);

  // Waits until `sms` may be sent and returns true; returns false at once, having taken nothing,
  // when its turn is more than options.max_wait away.
  bool Acquire(const OutgoingSms& sms);

 private:
  // The bucket of the number `sms` goes out from; null when that is not paced.
  TokenBucket* SenderBucket(const OutgoingSms& sms, Micros now);

  PacingOptions options_;
  const Clock& clock_;
  Sleeper sleep_;
  std::unique_ptr<TokenBucket> account_;  // null when not paced
  std::mutex mutex_;                      // guards senders_
  std::map<std::string, std::unique_ptr<TokenBucket>, std::less<>> senders_;
};

}  // namespace missive
