#include "core/log.h"

#include <pthread.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <chrono>
#include <string>

namespace missive {

bool LogThrottle::Allow() {
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count();
  int64_t previous = last_ms_.load();
  return now - previous >= 1000 && last_ms_.compare_exchange_strong(previous, now);
}

void NameThisThread(const char* name) { pthread_setname_np(pthread_self(), name); }

void InitLogging(std::string_view level) {
  auto logger = spdlog::stderr_color_mt("missive");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %^%l%$ %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(std::string(level)));
  spdlog::set_default_logger(logger);
}

}  // namespace missive
