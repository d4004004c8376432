#pragma once
// TokenBucket: paces a stream of work to `rate` tokens a second with bursts of up to `burst`.
// Callers reserve tokens and are told how long to wait before they may use them; a reservation may
// take the bucket below zero, so a steady stream of callers is served in order and each waits its
// turn instead of retrying. Thread-safe.
//
//   TokenBucket bucket(/*rate=*/10, /*burst=*/10, clock.NowMicros());
//   std::optional<Micros> wait = bucket.Reserve(parts, clock.NowMicros(), /*max_wait=*/5'000'000);
//   if (wait) SleepFor(*wait), Send(); else TryLater();

#include <mutex>
#include <optional>

#include "core/clock.h"

namespace missive {

class TokenBucket {
 public:
  // `rate` tokens a second (> 0); holds at most `burst` (>= 1); starts full at `now`.
  TokenBucket(double rate, double burst, Micros now);

  // Takes `tokens` and returns how long after `now` they may be used (0: at once). When that wait
  // would exceed `max_wait`, takes nothing and returns nullopt. A request for more than `burst`
  // tokens is allowed: it waits until the bucket would have held them all.
  std::optional<Micros> Reserve(double tokens, Micros now, Micros max_wait);

  // Gives back tokens from a reservation that was not used (never above `burst`).
  void Refund(double tokens, Micros now);

  double rate() const { return rate_; }

 private:
  void Refill(Micros now);  // mutex_ held

  const double rate_;
  const double burst_;
  std::mutex mutex_;
  double tokens_;
  Micros updated_;
};

}  // namespace missive
