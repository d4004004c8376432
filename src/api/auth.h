#pragma once
// Authentication of /v2 requests, exactly as GC Notify does it: "Bearer <JWT>" signed with one
// of the service's key secrets (iss = service id, iat within 30 seconds), or "ApiKey-v1 <full
// key>". Failures carry GC Notify's status and message. Thread-safe (reads the store only).
//
//   ApiResult<Caller> caller = Authenticate(request.authorization, lookups, clock);
//   if (!caller) return ErrorResponse(caller.error());

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/api_error.h"
#include "core/clock.h"
#include "model/service.h"
#include "store/lookup_cache.h"
#include "store/store.h"

namespace missive {

inline constexpr std::string_view kKeyPrefix = "gcntfy-";

struct Caller {
  Service service;
  ApiKey key;
};

ApiResult<Caller> Authenticate(std::string_view authorization, LookupCache& lookups,
                               const Clock& clock);

// Records when each key was last used, writing at most once every 10 seconds per key, as GC
// Notify does. Thread-safe.
class KeyUseTracker {
 public:
  void Touch(const std::string& key_id, Store& store, Micros now);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, Micros> last_written_;
};

// The full key string shown once at creation: gcntfy-{name}-{service_id}-{secret}.
std::string FormatApiKey(const ApiKey& key);

}  // namespace missive
