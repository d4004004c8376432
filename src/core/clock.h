#pragma once
// Time as Missive sees it: microseconds since the Unix epoch, UTC. Code that needs the time takes
// a Clock so tests can move it by hand. SystemClock is thread-safe; ManualClock is thread-safe.
//
//   const Clock& clock = SystemClock::Instance();
//   std::string stamp = FormatTimestamp(clock.NowMicros());  // 2026-12-04T16:21:32.123456Z

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace missive {

using Micros = int64_t;
constexpr Micros kMicrosPerSecond = 1'000'000;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Micros NowMicros() const = 0;
};

class SystemClock final : public Clock {
 public:
  static const SystemClock& Instance();
  Micros NowMicros() const override;
};

// A clock that stands still until told to move.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Micros start) : now_(start) {}
  Micros NowMicros() const override { return now_.load(); }
  void Set(Micros now) { now_.store(now); }
  void Advance(Micros by) { now_.fetch_add(by); }

 private:
  std::atomic<Micros> now_;
};

// GC Notify's v2 timestamp format: %Y-%m-%dT%H:%M:%S.%fZ (UTC, six fraction digits).
std::string FormatTimestamp(Micros at);

// Parses the format written by FormatTimestamp. nullopt when it does not match.
std::optional<Micros> ParseTimestamp(std::string_view text);

// Parses an ISO 8601 date and time as people send them: "2026-12-04", "2026-12-04 13:15",
// "2026-12-04T13:15:30.5", each optionally followed by "Z", "+HH:MM", "+HHMM" or "+HH". Without
// a zone the time is UTC. Returns the instant; nullopt when the text is not such a date.
std::optional<Micros> ParseIsoDateTime(std::string_view text);

}  // namespace missive
