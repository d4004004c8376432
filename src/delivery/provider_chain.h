#pragma once
// ProviderChain: an SmsProvider made of several, tried in priority order. A message goes to the
// first healthy provider (after waiting for its pacer); when that one answers kRetry, the message
// is offered to the next. A provider that answers kRetry `failures_before_cooldown` times in a row
// is taken out for `cooldown`; after that one message probes it, and a provider that takes the
// probe is used again. When every provider is out, a message probes them at once rather than
// wait for a cool-down (with a single provider this is plain retrying). kRejected is the
// message's fault, not the provider's: it ends the attempt and counts as a sign of health.
// Thread-safe: share one chain between all worker threads.
//
//   std::vector<ChainedProvider> providers;
//   providers.push_back({.provider = twilio, .priority = 1, .pacer = pacer});
//   ProviderChain chain(std::move(providers), {}, SystemClock::Instance());
//   SendResult result = chain.Send(sms);

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "delivery/sms_pacer.h"
#include "delivery/sms_provider.h"

namespace missive {

struct ChainedProvider {
  std::shared_ptr<SmsProvider> provider;
  int priority = 1;                 // lower goes first; equal priorities keep their order
  std::shared_ptr<SmsPacer> pacer;  // null: not paced
};

struct ChainOptions {
  int failures_before_cooldown = 3;
  Micros cooldown = 30 * kMicrosPerSecond;
};

class ProviderChain final : public SmsProvider {
 public:
  ProviderChain(std::vector<ChainedProvider> providers, ChainOptions options, const Clock& clock);

  std::string_view Name() const override { return "sms-chain"; }

  // The first answer that is not kRetry; otherwise the last kRetry, or a kRetry saying that no
  // provider was available (none could take the message within its pacing wait, or every one is
  // out and already being probed by another message).
  SendResult Send(const OutgoingSms& sms) override;

  // Whether the provider at `index` (in priority order) is in service now. For tests and logs.
  bool Healthy(size_t index) const;

 private:
  struct Health {
    int retries_in_a_row = 0;
    Micros out_until = 0;  // 0: in service
    bool probing = false;  // a probe message is in flight
  };

  // What one pass over the providers came to: the last answer (none when no provider was tried),
  // and whether a provider was passed over for its sending rate.
  struct Attempt {
    std::optional<SendResult> result;
    bool paced_out = false;
  };

  Attempt TryProviders(const OutgoingSms& sms, bool anyway);
  bool TakeTurn(size_t index, bool anyway);
  void GiveBackTurn(size_t index);
  void Record(size_t index, const OutgoingSms& sms, const SendResult& result);

  std::vector<ChainedProvider> providers_;
  ChainOptions options_;
  const Clock& clock_;
  mutable std::mutex mutex_;  // guards health_
  std::vector<Health> health_;
};

}  // namespace missive
