#include "delivery/provider_chain.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

namespace missive {

ProviderChain::ProviderChain(std::vector<ChainedProvider> providers, ChainOptions options,
                             const Clock& clock)
    : providers_(std::move(providers)),
      options_(options),
      clock_(clock),
      health_(providers_.size()) {
  std::stable_sort(providers_.begin(), providers_.end(),
                   [](const auto& a, const auto& b) { return a.priority < b.priority; });
}

bool ProviderChain::Healthy(size_t index) const {
  std::lock_guard lock(mutex_);
  return health_.at(index).out_until == 0;
}

// In service, or out but due for its probe (which this caller then makes). With `anyway`, an out
// provider may be probed before its cool-down ends, unless a probe is already in flight.
bool ProviderChain::TakeTurn(size_t index, bool anyway) {
  std::lock_guard lock(mutex_);
  Health& health = health_[index];
  if (health.out_until == 0) return true;
  if (health.probing || (!anyway && clock_.NowMicros() < health.out_until)) return false;
  health.probing = true;
  return true;
}

void ProviderChain::GiveBackTurn(size_t index) {
  std::lock_guard lock(mutex_);
  health_[index].probing = false;
}

void ProviderChain::Record(size_t index, const OutgoingSms& sms, const SendResult& result) {
  std::string_view name = providers_[index].provider->Name();
  std::lock_guard lock(mutex_);
  Health& health = health_[index];
  bool was_out = health.out_until != 0;
  health.probing = false;
  if (result.outcome != SendOutcome::kRetry) {
    if (was_out)
      spdlog::warn("notification={} provider={} event=back-in-service", sms.notification_id, name);
    health = Health{};
    return;
  }
  ++health.retries_in_a_row;
  if (was_out || health.retries_in_a_row >= options_.failures_before_cooldown) {
    health.out_until = clock_.NowMicros() + options_.cooldown;
    spdlog::warn(
        "notification={} provider={} event=out-of-service failures_in_a_row={} cooldown_s={} "
        "last=\"{}\"",
        sms.notification_id, name, health.retries_in_a_row, options_.cooldown / kMicrosPerSecond,
        result.detail);
  }
}

SendResult ProviderChain::Send(const OutgoingSms& sms) {
  Attempt attempt = TryProviders(sms, false);
  // Every provider is out of service: rather than leave the message waiting for a cool-down, it
  // probes them (the worker's backoff spaces such attempts out).
  if (!attempt.result && !attempt.paced_out) attempt = TryProviders(sms, true);
  if (attempt.result) return *attempt.result;
  return {SendOutcome::kRetry, attempt.paced_out
                                   ? "every SMS provider is at its sending rate"
                                   : "every SMS provider is out of service after failures"};
}

ProviderChain::Attempt ProviderChain::TryProviders(const OutgoingSms& sms, bool anyway) {
  Attempt attempt;
  for (size_t i = 0; i < providers_.size(); ++i) {
    if (!TakeTurn(i, anyway)) continue;
    const ChainedProvider& entry = providers_[i];
    if (entry.pacer && !entry.pacer->Acquire(sms)) {
      GiveBackTurn(i);
      attempt.paced_out = true;
      continue;
    }
    SendResult result = entry.provider->Send(sms);
    Record(i, sms, result);
    bool done = result.outcome != SendOutcome::kRetry;
    if (!done && i + 1 < providers_.size()) {
      spdlog::debug("notification={} provider={} event=failover reason=\"{}\"", sms.notification_id,
                    entry.provider->Name(), result.detail);
    }
    attempt.result = std::move(result);
    if (done) break;
  }
  return attempt;
}

}  // namespace missive
