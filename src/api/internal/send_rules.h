#pragma once
// The service rules a send must pass, with GC Notify's errors: channel permissions, the rate
// limit, daily and annual limits, trial mode and team keys, international numbers, and the
// smoke-test recipients that are accepted but never stored. Private to the api module.

#include <optional>
#include <string>

#include "api/internal/handlers.h"
#include "store/store.h"

namespace missive::handlers {

// Channel permission, then the rate limit (test keys are exempt).
std::optional<ApiError> CheckChannel(const Context& c, TemplateType type);

// Smoke-test recipients: pass validation, answer 201, are never stored or sent.
bool IsSmokeTestRecipient(TemplateType type, const std::string& normalised);

// Trial mode and team keys restrict recipients to team members and the safelist.
std::optional<ApiError> CheckRecipientAllowed(const Context& c, const std::string& normalised);

// The daily and annual limits of the service for `type`; nullopt for test keys.
std::optional<Store::Limits> LimitsFor(const Context& c, TemplateType type);

// The 429 for a limit the store refused: `which` is "daily" or "annual".
ApiError LimitExceeded(const Context& c, TemplateType type, const std::string& which);

}  // namespace missive::handlers
