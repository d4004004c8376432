#pragma once
// Logging: one line per event, leveled, with the id the event is about and key=value fields.
// Library code logs through spdlog's default logger, which InitLogging configures once at start.
//
//   spdlog::info("notification={} status=delivered provider=smtp", id);

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdint>
#include <string_view>

namespace missive {

// Sets the default logger's level ("debug", "info", "warn", "error") and line pattern.
// Logs go to standard error. Call once, before any threads start.
void InitLogging(std::string_view level);

// Names the calling thread (at most 15 characters: "delivery", "db-writer") so that top -H, ps,
// perf and gdb tell the threads apart.
void NameThisThread(const char* name);

// Lets a log line through at most once a second, across threads: for warnings that an outage
// would otherwise repeat for every message. Thread-safe.
//
//   static LogThrottle throttle;
//   if (throttle.Allow()) spdlog::warn("notification={} event=retry ...", id);
class LogThrottle {
 public:
  bool Allow();

 private:
  std::atomic<int64_t> last_ms_{0};  // steady clock, when a line last went through
};

}  // namespace missive
