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

namespace {

// Reads exactly `digits` digits at `pos`, advancing it.
std::optional<int> ReadNumber(std::string_view text, size_t& pos, size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < digits; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  return value;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// "Z", "+HH:MM", "+HHMM", "+HH" at `pos`, as seconds east of UTC; 0 when absent.
std::optional<int> ReadZone(std::string_view text, size_t& pos) {
  if (pos == text.size()) return 0;
  if (text[pos] == 'Z' || text[pos] == 'z') return ++pos, 0;
  if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
  int sign = text[pos++] == '-' ? -1 : 1;
  auto hours = ReadNumber(text, pos, 2);
  if (!hours) return std::nullopt;
  Expect(text, pos, ':');
  int minutes = pos < text.size() ? ReadNumber(text, pos, 2).value_or(-1) : 0;
  if (minutes < 0 || *hours > 23 || minutes > 59) return std::nullopt;
  return sign * (*hours * 3600 + minutes * 60);
}

// "HH:MM[:SS[.fraction]]" at `pos` into `parts` and microseconds.
bool ReadTime(std::string_view text, size_t& pos, std::tm& parts, long& micros) {
  auto hour = ReadNumber(text, pos, 2);
  if (!hour || !Expect(text, pos, ':')) return false;
  auto minute = ReadNumber(text, pos, 2);
  if (!minute) return false;
  parts.tm_hour = *hour;
  parts.tm_min = *minute;
  if (!Expect(text, pos, ':')) return *hour < 24 && *minute < 60;
  auto second = ReadNumber(text, pos, 2);
  if (!second) return false;
  parts.tm_sec = *second;
  if (Expect(text, pos, '.') || Expect(text, pos, ',')) {
    long scale = 100000;
    size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (scale > 0) micros += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return false;
  }
  return *hour < 24 && *minute < 60 && *second < 61;
}

}  // namespace

std::optional<Micros> ParseIsoDateTime(std::string_view text) {
  size_t pos = 0;
  std::tm parts{};
  auto year = ReadNumber(text, pos, 4);
  if (!year || !Expect(text, pos, '-')) return std::nullopt;
  auto month = ReadNumber(text, pos, 2);
  if (!month || !Expect(text, pos, '-')) return std::nullopt;
  auto day = ReadNumber(text, pos, 2);
  if (!day || *month < 1 || *month > 12 || *day < 1 || *day > 31) return std::nullopt;
  parts.tm_year = *year - 1900;
  parts.tm_mon = *month - 1;
  parts.tm_mday = *day;
  long micros = 0;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
    ++pos;
    if (!ReadTime(text, pos, parts, micros)) return std::nullopt;
  }
  auto zone = ReadZone(text, pos);
  if (!zone || pos != text.size()) return std::nullopt;
  std::tm normalised = parts;
  time_t seconds = timegm(&normalised);
  if (normalised.tm_mday != parts.tm_mday) return std::nullopt;  // 31 February and the like
  return (static_cast<Micros>(seconds) - *zone) * kMicrosPerSecond + micros;
}

}  // namespace missive
