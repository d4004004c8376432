#pragma once
// Logging: one line per event, leveled, with the id the event is about and key=value fields.
// Library code logs through spdlog's default logger, which InitLogging configures once at start.
//
//   spdlog::info("notification={} status=delivered provider=smtp", id);

#include <spdlog/spdlog.h>

#include <string_view>

namespace missive {

// Sets the default logger's level ("debug", "info", "warn", "error") and line pattern.
// Logs go to standard error. Call once, before any threads start.
void InitLogging(std::string_view level);

}  // namespace missive
