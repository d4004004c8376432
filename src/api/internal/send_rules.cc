#include "api/internal/send_rules.h"

#include <algorithm>

namespace missive::handlers {
namespace {

constexpr const char* kSmokeTestEmails[] = {"simulate-delivered@notification.canada.ca",
                                            "simulate-delivered-2@notification.canada.ca",
                                            "simulate-delivered-3@notification.canada.ca"};
constexpr const char* kSmokeTestNumbers[] = {"+16132532222", "+16132532223", "+16132532224"};

std::string KeyTypeLabel(KeyType type) {
  switch (type) {
    case KeyType::kNormal:
      return "LIVE";
    case KeyType::kTeam:
      return "TEAM";
    case KeyType::kTest:
      return "TEST";
  }
  return "LIVE";
}

}  // namespace

std::optional<ApiError> CheckChannel(const Context& c, TemplateType type) {
  const Service& service = c.caller.service;
  bool email = type == TemplateType::kEmail;
  if (!service.Can(email ? "email" : "sms")) {
    return ApiError::BadRequest(email ? "Service is not allowed to send emails"
                                      : "Service is not allowed to send text messages");
  }
  if (c.caller.key.type == KeyType::kTest) return std::nullopt;
  std::string bucket = service.id + ":" + std::string(KeyTypeName(c.caller.key.type));
  if (c.rate_limiter.Allow(bucket, service.rate_limit, c.clock.NowMicros())) return std::nullopt;
  return ApiError::V2(429, "RateLimitError",
                      "Exceeded rate limit for key type " + KeyTypeLabel(c.caller.key.type) +
                          " of " + std::to_string(service.rate_limit) + " requests per 60 seconds");
}

bool IsSmokeTestRecipient(TemplateType type, const std::string& normalised) {
  if (type == TemplateType::kEmail) {
    return std::find(std::begin(kSmokeTestEmails), std::end(kSmokeTestEmails), normalised) !=
           std::end(kSmokeTestEmails);
  }
  return std::find(std::begin(kSmokeTestNumbers), std::end(kSmokeTestNumbers), normalised) !=
         std::end(kSmokeTestNumbers);
}

std::optional<ApiError> CheckRecipientAllowed(const Context& c, const std::string& normalised) {
  KeyType key = c.caller.key.type;
  bool restricted =
      key == KeyType::kTeam || (key == KeyType::kNormal && c.caller.service.restricted);
  if (!restricted) return std::nullopt;
  auto allowed = c.store.ListAllowedRecipients(c.caller.service.id);
  if (!allowed) return ApiError::Internal("DatabaseError");
  if (std::find(allowed->begin(), allowed->end(), normalised) != allowed->end()) {
    return std::nullopt;
  }
  if (key == KeyType::kTeam) {
    return ApiError::BadRequest(
        "Can\u2019t send to this recipient using a team-only API key (service " +
        c.caller.service.id +
        ") - see https://documentation.notification.canada.ca/en/keys.html#team-and-safelist");
  }
  return ApiError::BadRequest(
      "Can\u2019t send to this recipient when service is in trial mode \u2013 see "
      "https://documentation.notification.canada.ca/en/keys.html#live");
}

std::optional<Store::Limits> LimitsFor(const Context& c, TemplateType type) {
  if (c.caller.key.type == KeyType::kTest) return std::nullopt;
  const Service& s = c.caller.service;
  if (type == TemplateType::kEmail) return Store::Limits{s.email_daily_limit, s.email_annual_limit};
  return Store::Limits{s.sms_daily_limit, s.sms_annual_limit};
}

ApiError LimitExceeded(const Context& c, TemplateType type, const std::string& which) {
  const Service& s = c.caller.service;
  std::string state = s.restricted ? "Trial" : "Live";
  bool email = type == TemplateType::kEmail;
  if (which == "annual") {
    int limit = email ? s.email_annual_limit : s.sms_annual_limit;
    return ApiError::V2(
        429, state + "ServiceRequestExceeds" + (email ? "Email" : "SMS") + "AnnualLimitError",
        "Exceeded annual " + std::string(email ? "email" : "SMS") + " sending limit of " +
            std::to_string(limit) + " messages");
  }
  if (email) {
    return ApiError::V2(429, state + "ServiceTooManyEmailRequestsError",
                        "Exceeded email daily sending limit of " +
                            std::to_string(s.email_daily_limit) + " messages");
  }
  return ApiError::V2(
      429, state + "ServiceTooManySMSRequestsError",
      "Exceeded SMS daily sending limit of " + std::to_string(s.sms_daily_limit) + " fragments");
}

}  // namespace missive::handlers
