#include "api/rate_limiter.h"

namespace missive {

bool RateLimiter::Allow(const std::string& bucket, int limit, Micros now) {
  std::lock_guard lock(mutex_);
  std::deque<Micros>& window = windows_[bucket];
  while (!window.empty() && window.front() <= now - kWindow) window.pop_front();
  bool allowed = static_cast<int>(window.size()) < limit;
  // Rejected requests count as well, but the window never grows past twice the limit.
  if (allowed || static_cast<int>(window.size()) < 2 * limit) window.push_back(now);
  return allowed;
}

}  // namespace missive
