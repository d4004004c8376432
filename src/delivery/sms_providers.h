#pragma once
// The SMS providers named on `missive serve --sms-provider KIND:URL` (see sms_provider_spec.h),
// made into one SmsProvider: each spec is built by the maker registered for its kind, gets its own
// pacer (its rate and burst, and the per-sender rate), and the providers are chained by priority
// with failover (provider_chain.h). A new kind is one line in the registry in sms_providers.cc.
// The result is thread-safe.
//
//   auto sms = MakeSmsProviders({"twilio:https://AC..:token@api.twilio.com?from=%2B1613..."},
//                               {.context = {.public_url = "https://notify.example.ca"}}, clock);
//   if (!sms) Fail(sms.error().message);

#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "delivery/provider_chain.h"
#include "delivery/sms_provider.h"
#include "delivery/sms_provider_spec.h"

namespace missive {

struct SmsProvidersOptions {
  SmsProviderContext context{};
  // Message parts a second from one sender number ("+" then digits), per provider; 0: not paced.
  double sender_rate = 1;
  Micros max_pacing_wait = 5 * kMicrosPerSecond;
  ChainOptions chain{};
};

// kInvalid, saying which spec is wrong, for an unparsable spec or an unknown kind; an empty list
// is kInvalid too (the caller uses the outbox then).
Result<std::shared_ptr<SmsProvider>> MakeSmsProviders(const std::vector<std::string>& specs,
                                                      const SmsProvidersOptions& options,
                                                      const Clock& clock);

}  // namespace missive
