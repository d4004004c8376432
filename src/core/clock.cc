#include "core/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace missive {

const SystemClock& SystemClock::Instance() {
  static const SystemClock clock;
  return clock;
}

Micros SystemClock::NowMicros() const {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::string FormatTimestamp(Micros at) {
  time_t seconds = static_cast<time_t>(at / kMicrosPerSecond);
  long fraction = static_cast<long>(at % kMicrosPerSecond);
  if (fraction < 0) {
    fraction += kMicrosPerSecond;
    --seconds;
  }
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                fraction);
  return buffer;
}

std::optional<Micros> ParseTimestamp(std::string_view text) {
  std::tm parts{};
  long fraction = 0;
  int consumed = 0;
  std::string copy(text);
  int fields = std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%6ldZ%n", &parts.tm_year,
                           &parts.tm_mon, &parts.tm_mday, &parts.tm_hour, &parts.tm_min,
                           &parts.tm_sec, &fraction, &consumed);
  if (fields != 7 || consumed != static_cast<int>(copy.size())) return std::nullopt;
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  return static_cast<Micros>(timegm(&parts)) * kMicrosPerSecond + fraction;
}

}  // namespace missive
