#include "delivery/token_bucket.h"

#include <algorithm>
#include <cmath>

namespace missive {

TokenBucket::TokenBucket(double rate, double burst, Micros now)
    : rate_(rate), burst_(std::max(burst, 1.0)), tokens_(burst_), updated_(now) {}

void TokenBucket::Refill(Micros now) {
  if (now <= updated_) return;
  double earned = static_cast<double>(now - updated_) * rate_ / kMicrosPerSecond;
  tokens_ = std::min(burst_, tokens_ + earned);
  updated_ = now;
}

std::optional<Micros> TokenBucket::Reserve(double tokens, Micros now, Micros max_wait) {
  std::lock_guard lock(mutex_);
  Refill(now);
  double left = tokens_ - tokens;
  Micros wait = 0;
  if (left < 0) wait = static_cast<Micros>(std::ceil(-left * kMicrosPerSecond / rate_));
  if (wait > max_wait) return std::nullopt;
  tokens_ = left;
  return wait;
}

void TokenBucket::Refund(double tokens, Micros now) {
  std::lock_guard lock(mutex_);
  Refill(now);
  tokens_ = std::min(burst_, tokens_ + tokens);
}

}  // namespace missive
