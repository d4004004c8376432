#include "store/lookup_cache.h"

namespace missive {
namespace {

// Beyond this many entries a map is cleared rather than grown: a bound on memory for callers that
// try many different keys.
constexpr size_t kMaxEntries = 10'000;

}  // namespace

template <typename V, typename Load>
Result<V> LookupCache::Get(Map<V>& map, const std::string& key, Load&& load) {
  Micros now = clock_.NowMicros();
  {
    std::lock_guard lock(mutex_);
    auto found = map.find(key);
    if (found != map.end() && found->second.expires > now) return found->second.value;
  }
  Result<V> loaded = load();
  if (!loaded) return loaded;
  std::lock_guard lock(mutex_);
  if (map.size() >= kMaxEntries) map.clear();
  map.insert_or_assign(key, Entry<V>{loaded.value(), now + kLifetime});
  return loaded;
}

Result<Service> LookupCache::GetService(const std::string& id) {
  return Get(services_, id, [&] { return store_.GetService(id); });
}

Result<std::vector<ApiKey>> LookupCache::Keys(const std::string& service_id) {
  return Get(keys_, service_id, [&] { return store_.GetApiKeys(service_id); });
}

Result<std::vector<ApiKey>> LookupCache::FreshKeys(const std::string& service_id) {
  {
    std::lock_guard lock(mutex_);
    keys_.erase(service_id);
  }
  return Keys(service_id);
}

Result<ApiKey> LookupCache::KeyBySecret(const std::string& secret) {
  return Get(keys_by_secret_, secret, [&] { return store_.FindApiKeyBySecret(secret); });
}

Result<Template> LookupCache::CurrentTemplate(const std::string& service_id,
                                              const std::string& id) {
  return Get(templates_, service_id + "/" + id,
             [&] { return store_.GetTemplate(service_id, id, std::nullopt); });
}

Result<Template> LookupCache::TemplateVersion(const std::string& service_id, const std::string& id,
                                              int version) {
  return Get(versions_, service_id + "/" + id + "/" + std::to_string(version),
             [&] { return store_.GetTemplate(service_id, id, version); });
}

}  // namespace missive
