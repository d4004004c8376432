#pragma once
// RateLimiter: GC Notify's per-service, per-key-type request limit over a rolling 60 seconds,
// counted in memory (one node). Rejected requests count too, as in GC Notify. Thread-safe.
//
//   RateLimiter limiter;
//   if (!limiter.Allow(service.id + ":normal", service.rate_limit, clock.NowMicros())) ...

#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace missive {

class RateLimiter {
 public:
  static constexpr Micros kWindow = 60 * kMicrosPerSecond;

  // Records a request for `bucket` at `now`; false when the window already holds `limit` or more.
  bool Allow(const std::string& bucket, int limit, Micros now);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<Micros>> windows_;
};

}  // namespace missive
