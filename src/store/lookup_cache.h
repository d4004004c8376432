#pragma once
// LookupCache: the reads every send and every delivery makes (the service, the service's keys,
// the key a full API key names, the template's current version or a given version), kept for a
// second so a busy service does not read them from the database for every message. A change (a
// revoked key, a suspended service, a new template version, a new service name) is therefore seen
// within kLifetime. Failures are not kept. Thread-safe.
//
//   LookupCache cache(store, clock);
//   Result<std::vector<ApiKey>> keys = cache.Keys(service_id);

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "store/store.h"

namespace missive {

class LookupCache {
 public:
  static constexpr Micros kLifetime = kMicrosPerSecond;

  LookupCache(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  Result<Service> GetService(const std::string& id);
  Result<std::vector<ApiKey>> Keys(const std::string& service_id);
  // Reads the keys again, for a token none of the cached keys verifies: a key created a moment
  // ago is usable at once.
  Result<std::vector<ApiKey>> FreshKeys(const std::string& service_id);
  Result<ApiKey> KeyBySecret(const std::string& secret);
  // The current version of a service's template.
  Result<Template> CurrentTemplate(const std::string& service_id, const std::string& id);
  // A given version of a service's template (versions never change once written).
  Result<Template> TemplateVersion(const std::string& service_id, const std::string& id,
                                   int version);

 private:
  template <typename V>
  struct Entry {
    V value;
    Micros expires;
  };
  template <typename V>
  using Map = std::unordered_map<std::string, Entry<V>>;

  // The cached value for `key`, or `load()` stored for kLifetime when it succeeds.
  template <typename V, typename Load>
  Result<V> Get(Map<V>& map, const std::string& key, Load&& load);

  Store& store_;
  const Clock& clock_;
  std::mutex mutex_;
  Map<Service> services_;
  Map<std::vector<ApiKey>> keys_;
  Map<ApiKey> keys_by_secret_;
  Map<Template> templates_;
  Map<Template> versions_;
};

}  // namespace missive
