#include "delivery/sms_providers.h"

#include <string_view>

#include "delivery/kannel_provider.h"
#include "delivery/sms_pacer.h"
#include "delivery/twilio_provider.h"

namespace missive {
namespace {

using Maker = Result<std::shared_ptr<SmsProvider>> (*)(const SmsProviderSpec&,
                                                       const SmsProviderContext&);

struct Kind {
  std::string_view name;
  Maker make;
};

Result<std::shared_ptr<SmsProvider>> MakeKannel(const SmsProviderSpec& spec,
                                                const SmsProviderContext& context) {
  auto provider = MakeKannelProviderFromSpec(spec.text, context.public_url);
  if (!provider) return provider.error();
  return std::shared_ptr<SmsProvider>(std::move(provider).value());
}

// One line per provider kind.
constexpr Kind kKinds[] = {
    {"kannel", MakeKannel},
    {"twilio", MakeTwilioProvider},
};

Result<ChainedProvider> MakeOne(const std::string& text, const SmsProvidersOptions& options,
                                const Clock& clock) {
  auto spec = ParseSmsProviderSpec(text);
  if (!spec) return spec.error();
  const Kind* kind = nullptr;
  for (const Kind& candidate : kKinds) {
    if (candidate.name == spec->kind) kind = &candidate;
  }
  if (kind == nullptr) {
    return MakeError(ErrorCode::kInvalid, "unknown SMS provider kind '" + spec->kind + "'");
  }
  auto provider = kind->make(*spec, options.context);
  if (!provider) return provider.error();
  auto pacer = std::make_shared<SmsPacer>(PacingOptions{.rate = spec->rate,
                                                        .burst = spec->burst,
                                                        .sender_rate = options.sender_rate,
                                                        .default_sender = spec->Param("from"),
                                                        .max_wait = options.max_pacing_wait},
                                          clock);
  return ChainedProvider{std::move(provider).value(), spec->priority, std::move(pacer)};
}

}  // namespace

Result<std::shared_ptr<SmsProvider>> MakeSmsProviders(const std::vector<std::string>& specs,
                                                      const SmsProvidersOptions& options,
                                                      const Clock& clock) {
  if (specs.empty()) return MakeError(ErrorCode::kInvalid, "no SMS provider given");
  std::vector<ChainedProvider> chain;
  for (size_t i = 0; i < specs.size(); ++i) {
    auto entry = MakeOne(specs[i], options, clock);
    if (!entry) {
      return MakeError(ErrorCode::kInvalid, "--sms-provider number " + std::to_string(i + 1) +
                                                ": " + entry.error().message);
    }
    chain.push_back(std::move(entry).value());
  }
  return std::shared_ptr<SmsProvider>(
      std::make_shared<ProviderChain>(std::move(chain), options.chain, clock));
}

}  // namespace missive
