#include "api/auth.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <cmath>

#include "api/jwt.h"
#include "core/uuid.h"

namespace missive {
namespace {

constexpr int64_t kClockSkewSeconds = 30;
constexpr size_t kSecretLength = 36;
constexpr size_t kServiceAndSecretLength = 73;
constexpr size_t kMinimumFullKeyLength = 79;

constexpr const char* kInvalidScheme =
    "Unauthorized, Authorization header is invalid. GC Notify supports the following "
    "authentication methods. Bearer: JWT token that the client generates and passes in, Learn "
    "more: https://documentation.notification.canada.ca/en/start.html#headers., ApiKey-v1: If "
    "you cannot generate a JWT token you may optionally use the API secret generated for you by "
    "GC Notify. Learn more: https://documentation.notification.canada.ca/en/start.html#headers.";

ApiError Forbidden(std::string message) { return ApiError::Auth(403, std::move(message)); }

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// The token after "<scheme> ", as GC Notify slices it.
std::string_view TokenAfter(std::string_view header, std::string_view scheme) {
  return header.size() > scheme.size() ? Trim(header.substr(scheme.size() + 1)) : "";
}

ApiResult<Service> LoadIssuer(const JwtClaims& claims, LookupCache& store) {
  if (!claims.iss) return Forbidden("Invalid token: iss field not provided");
  auto service_id = ParseUuid(*claims.iss);
  if (!service_id) return Forbidden("Invalid token: service id is not the right data type");
  auto service = store.GetService(*service_id);
  if (!service && service.error().code == ErrorCode::kNotFound) {
    return Forbidden("Invalid token: service not found");
  }
  if (!service) return ApiError::Internal("DatabaseError");
  return std::move(service).value();
}

bool IatWithinSkew(int64_t iat, const Clock& clock) {
  double now = static_cast<double>(clock.NowMicros()) / kMicrosPerSecond;
  return std::fabs(now - static_cast<double>(iat)) <= kClockSkewSeconds;
}

// The key whose secret signed `token`; an error with status 0 when none did.
ApiResult<ApiKey> MatchKey(const std::string& token, const JwtClaims& claims,
                           const std::vector<ApiKey>& keys, const Clock& clock) {
  for (const ApiKey& key : keys) {
    if (!claims.iat || !VerifyHs256(token, key.secret)) continue;
    if (!IatWithinSkew(*claims.iat, clock)) {
      return Forbidden("Error: Your system clock must be accurate to within 30 seconds");
    }
    if (key.revoked_at) return Forbidden("Invalid token: API key revoked");
    return key;
  }
  return ApiError{0, false, {}};
}

ApiResult<Caller> AuthenticateJwt(const std::string& token, LookupCache& store,
                                  const Clock& clock) {
  auto claims = ReadJwtUnverified(token);
  if (!claims) return Forbidden("Invalid token: signature, api token is not valid");
  auto service = LoadIssuer(*claims, store);
  if (!service) return service.error();
  auto keys = store.Keys(service->id);
  if (keys && keys->empty()) keys = store.FreshKeys(service->id);
  if (!keys) return ApiError::Internal("DatabaseError");
  if (keys->empty()) return Forbidden("Invalid token: service has no API keys");
  if (!service->active) return Forbidden("Invalid token: service is archived");

  auto matched = MatchKey(token, *claims, *keys, clock);
  if (!matched && matched.error().status == 0) {
    keys = store.FreshKeys(service->id);
    if (!keys) return ApiError::Internal("DatabaseError");
    matched = MatchKey(token, *claims, *keys, clock);
  }
  if (!matched && matched.error().status == 0) {
    return Forbidden("Invalid token: signature, api token not found");
  }
  if (!matched) return matched.error();
  return Caller{std::move(service).value(), std::move(matched).value()};
}

ApiResult<Caller> AuthenticateFullKey(std::string_view full_key, LookupCache& store) {
  if (full_key.substr(0, kKeyPrefix.size()) != kKeyPrefix) {
    return Forbidden("Invalid token: Enter your full API key");
  }
  std::string_view secret =
      full_key.size() > kSecretLength ? full_key.substr(full_key.size() - kSecretLength) : full_key;
  auto key = store.KeyBySecret(std::string(secret));
  if (!key && key.error().code != ErrorCode::kNotFound) return ApiError::Internal("DatabaseError");
  if (!key) return Forbidden("Invalid token: API key not found");
  if (full_key.size() < kMinimumFullKeyLength ||
      full_key.substr(full_key.size() - kServiceAndSecretLength, 36) != key->service_id) {
    return Forbidden("Invalid token: Enter your full API key");
  }
  if (key->revoked_at) return Forbidden("Invalid token: API key revoked");
  auto service = store.GetService(key->service_id);
  if (!service) return ApiError::Internal("DatabaseError");
  return Caller{std::move(service).value(), std::move(key).value()};
}

}  // namespace

ApiResult<Caller> Authenticate(std::string_view authorization, LookupCache& store,
                               const Clock& clock) {
  if (authorization.empty()) {
    return ApiError::Auth(401, "Unauthorized, authentication token must be provided");
  }
  if (StartsWithIgnoringCase(authorization, "Bearer")) {
    return AuthenticateJwt(std::string(TokenAfter(authorization, "Bearer")), store, clock);
  }
  if (StartsWithIgnoringCase(authorization, "ApiKey-v1")) {
    return AuthenticateFullKey(TokenAfter(authorization, "ApiKey-v1"), store);
  }
  return ApiError::Auth(401, kInvalidScheme);
}

void KeyUseTracker::Touch(const std::string& key_id, Store& store, Micros now) {
  constexpr Micros kInterval = 10 * kMicrosPerSecond;
  {
    std::lock_guard lock(mutex_);
    Micros& last = last_written_[key_id];
    if (now - last < kInterval) return;
    last = now;
  }
  if (Status touched = store.TouchApiKey(key_id, now); !touched) {
    spdlog::warn("key={} event=last-used-not-saved error=\"{}\"", key_id, touched.error().message);
  }
}

std::string FormatApiKey(const ApiKey& key) {
  return std::string(kKeyPrefix) + key.name + "-" + key.service_id + "-" + key.secret;
}

}  // namespace missive
