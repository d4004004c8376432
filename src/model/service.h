#pragma once
// Services (the senders) and their API keys. Plain values; no behaviour beyond naming.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace missive {

struct Service {
  std::string id;
  std::string name;
  std::string email_from;  // local part of the From address
  bool active = true;      // false: suspended
  bool restricted = true;  // trial mode
  Micros created_at = 0;
  bool prefix_sms = true;  // text messages start with "<name>: "
  // Channel permissions: "email", "sms", "international_sms", "upload_document".
  std::vector<std::string> permissions = {"email", "sms", "international_sms", "upload_document"};
  int rate_limit = 1000;  // requests per 60 seconds, per key type
  int email_daily_limit = 50;
  int sms_daily_limit = 50;
  int email_annual_limit = 20'000'000;
  int sms_annual_limit = 100'000;

  // The banner of its emails: "gc-en", "gc-fr" (the Government of Canada signature, English or
  // French first), "custom" (logo_url, logo_alt) or "none".
  std::string branding = "gc-en";
  std::optional<std::string> logo_url;
  std::optional<std::string> logo_alt;

  bool Can(std::string_view permission) const;
};

// Limits a service gets on creation, by state (GC Notify's admin defaults).
inline constexpr int kTrialDailyLimit = 50;
inline constexpr int kLiveEmailDailyLimit = 10'000;
inline constexpr int kLiveSmsDailyLimit = 1'500;

// An address replies to the service's email go to.
struct ReplyTo {
  std::string id;
  std::string service_id;
  std::string email_address;
  bool is_default = false;
  Micros created_at = 0;
};

// A name or number the service's text messages come from.
struct SmsSender {
  std::string id;
  std::string service_id;
  std::string sms_sender;
  bool is_default = false;
  Micros created_at = 0;
};

// A text message a member of the public sent to one of the service's numbers.
struct ReceivedText {
  std::string id;
  std::string service_id;
  std::string notify_number;  // the service's number it was sent to
  std::string user_number;    // the sender's number
  std::string content;
  Micros created_at = 0;
};

enum class KeyType { kNormal, kTeam, kTest };

// "normal", "team", "test": the stored and wire names.
std::string_view KeyTypeName(KeyType type);
std::optional<KeyType> ParseKeyType(std::string_view name);

struct ApiKey {
  std::string id;
  std::string service_id;
  std::string name;
  KeyType type = KeyType::kNormal;
  std::string secret;  // in clear in memory only; the store keeps it sealed
  std::optional<Micros> revoked_at;
  Micros created_at = 0;
};

}  // namespace missive
