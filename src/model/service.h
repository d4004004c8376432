#pragma once
// Services (the senders) and their API keys. Plain values; no behaviour beyond naming.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace missive {

struct Service {
  std::string id;
  std::string name;
  std::string email_from;  // local part of the From address
  bool active = true;      // false: suspended
  bool restricted = true;  // trial mode
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
